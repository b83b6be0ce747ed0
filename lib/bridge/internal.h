/* AetherBridge internals shared by the translator's source files. */
#ifndef BRIDGE_INTERNAL_H
#define BRIDGE_INTERNAL_H

#include "bridge/bridge.h"
#include "bridge/x86/x86enc.h"

#define NOREG X86_NOREG

/* Where a trap stub finds the trap address. */
enum stub_addr {
	ADDR_NONE,
	ADDR_IMM,    /* an immediate */
	ADDR_HREG,   /* a host register at the jump */
	ADDR_VREG,   /* a VELA register (mapped or in the context block) */
	ADDR_VREG32, /* its low 32 bits, zero-extended (VELA-F .s operands) */
	ADDR_KINDS
};

/* An out-of-line trap stub, emitted after the code; `field` is the rel32 of the
 * jump that leads to it. */
struct stub {
	uint32_t field;
	uint32_t pc;
	uint8_t kind; /* enum vela_trap_kind */
	uint8_t addr; /* enum stub_addr */
	uint8_t reg;
	uint8_t pad;
	int64_t imm;
};

/* A direct branch waiting for its target's host offset. */
struct fixup {
	uint32_t field;
	uint32_t target; /* instruction index */
};

#define STUBS_PER_INSN 6
/* shared stub tails, one per (trap kind, enum stub_addr, host or VELA register) */
#define SHARED_TAILS (VELA_TRAP_COUNT * ADDR_KINDS * 16)

struct tr {
	struct x86_buf b;
	const uint8_t *code;
	uint32_t n;
	const struct bridge_options *opt;
	struct bridge_map m;
	uint32_t *host_off;
	uint8_t *gstate;
	uint8_t *bitmap;
	struct fixup *fix;
	uint32_t nfix;
	struct stub *stub;
	uint32_t nstub, stub_cap;
	struct bridge_stats st;
	uint32_t nguards; /* guards emitted so far (all kinds) */
	bool unsafe, time;
	bool vec; /* the program uses VELA-2: VR0-7 are saved and restored with the rest */
	uint32_t bm_off, tab_off;
	size_t exit_save, exit_nosave;
	uint32_t *shared; /* [SHARED_TAILS] offsets of shared stub tails, 0 = none */
};

/* ISA-ASLR: draw the register map for a seed, preferring to keep the most used
 * VELA registers in host registers. */
void bridge_draw_map(struct bridge_map *m, uint64_t seed, const uint32_t use[VELA_NREGS]);

/* VELA-F (float.c): one VELA-F instruction at pc. */
void emit_float(struct tr *t, uint32_t pc, const struct vela_insn *in);

#endif
