/* AetherBridge: whole-program translation of VELA code into guarded x86-64.
 *
 * Portable (kernel and host): no allocation, no mmap. The caller supplies the
 * output code buffer and a work arena, and afterwards places the code where it will
 * run, fills a context block (struct bridge_ctx + its tail) with
 * bridge_ctx_link(), makes the code read+execute (W^X), and enters it through the
 * trampoline at offset BRIDGE_ENTER_OFF:
 *
 *   uint32_t enter(struct bridge_ctx *ctx, uint64_t host_target);
 *
 * which returns an exit reason (BRIDGE_EXIT_*) once the program halts, traps,
 * asks for a system service the strategy cannot serve inline, or executes CHAOS.
 * The layout of everything is described in docs/bridge.md.
 */
#ifndef BRIDGE_BRIDGE_H
#define BRIDGE_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vela/trap.h"
#include "vela/vela.h"

/* Guard kinds, for statistics and --dump-x86. */
enum bridge_guard {
	BRIDGE_G_LOAD,	 /* bounds guard before a load */
	BRIDGE_G_STORE,	 /* bounds guard before a store */
	BRIDGE_G_CFI,	 /* valid-target check of JR/CALLR */
	BRIDGE_G_SHADOW, /* SHADOW.CHK of RET */
	BRIDGE_G_DEPTH,	 /* shadow-stack capacity at CALL/CALLR */
	BRIDGE_G_DIV,	 /* divide by zero / overflow */
	BRIDGE_G_TIME,	 /* TIME.BIND budget point */
	BRIDGE_G_PROOF,	 /* PROOF.PATH check */
	BRIDGE_G_COUNT
};

enum bridge_mode {
	BRIDGE_MODE_ALL_GUARDS, /* every guard, elision hook ignored (VRC off) */
	BRIDGE_MODE_NORMAL,	/* guards unless the elision hook proved them redundant */
#if defined(BRIDGE_ALLOW_UNSAFE) && !defined(AETHER_KERNEL)
	BRIDGE_MODE_UNSAFE, /* benchmark builds only: no memory/CFI/shadow guards */
#endif
};

enum bridge_syscall {
	BRIDGE_SYS_SHIM,   /* call ctx->syscall_fn(ctx) (host runner) */
	BRIDGE_SYS_NATIVE, /* `syscall` instruction (kernel) */
};

/* Exit reasons returned by the entry trampoline (low byte), with the trap kind
 * (enum vela_trap_kind) in bits 15:8 for BRIDGE_EXIT_TRAP. */
enum bridge_exit {
	BRIDGE_EXIT_HALT = 1,	 /* HALT: exit status in regs[3] */
	BRIDGE_EXIT_SERVICE = 2, /* the syscall strategy asked to stop (exit or trap) */
	BRIDGE_EXIT_TRAP = 3,	 /* trap_pc, trap_addr set */
	BRIDGE_EXIT_CHAOS = 4,	 /* CHAOS at trap_pc; resume at trap_pc + 4 */
};

/* Per-process context block. It lives OUTSIDE the sandbox; translated code reaches
 * it through a reserved host register. Field offsets are ABI between the
 * translator and its runner (kernel or vela-run). */
struct bridge_ctx {
	uint64_t regs[VELA_NREGS];	/* VELA registers while outside translated code */
	uint64_t vregs[VELA_NVREGS][2]; /* VR0-VR7 */
	uint64_t mem_base;		/* host address of sandbox byte 0 */
	uint64_t mem_size;		/* power of two */
	uint64_t shadow_sp;		/* host address of the next free shadow slot */
	uint64_t shadow_base;		/* first slot */
	uint64_t shadow_end;		/* one past the last slot */
	uint64_t time_budget;		/* TIME.BIND points left, UINT64_MAX = unbound */
	uint64_t syscall_fn;		/* BRIDGE_SYS_SHIM: uint32_t (*)(struct bridge_ctx *) */
	uint64_t host_rsp;		/* host stack at entry, restored at exit */
	uint64_t resume;		/* scratch for the entry trampoline */
	uint64_t trap_addr;		/* kind-specific address of the last trap */
	uint32_t trap_pc;		/* VELA pc of the trap / exit / service call */
	uint32_t exit_reason;		/* BRIDGE_EXIT_* | kind << 8 */
	uint64_t sys_nr;		/* service number of the pending call */
	uint64_t guard_exec[BRIDGE_G_COUNT]; /* dynamic guard executions (if counted) */
	uint64_t user;			     /* free for the runner */
	/* tail, at offsets given by bridge_ctx_layout(): the valid-target bitmap
	 * (bit pc/4, LSB first) and the pc -> host address table (n + 1 entries) */
};

/* Why a guard was elided: supplied with the elision flags by an analysis pass
 * (VRC, or bridge_elide_local) and reproduced in --dump-x86 and statistics. */
struct bridge_fact {
	uint8_t kind;	  /* BRIDGE_FACT_* */
	uint8_t reg;	  /* VELA base register the fact is about */
	uint32_t from_pc; /* the guard or definition it relies on */
	int64_t lo, hi;	  /* proven range of the offsets [lo, hi) relative to reg, or addr */
};

enum bridge_fact_kind {
	BRIDGE_FACT_NONE,
	BRIDGE_FACT_CONST, /* constant in-bounds address (base R0) */
	BRIDGE_FACT_COVER, /* same base, unchanged, earlier guards cover [lo, hi) */
	BRIDGE_FACT_VRC,   /* value-range analysis (external) */
};

struct bridge_options {
	uint64_t seed; /* ISA-ASLR draw */
	enum bridge_mode mode;
	enum bridge_syscall syscall;
	uint64_t mem_size;	 /* power of two, >= 16 */
	uint32_t caps;		 /* capability mask; service opcodes outside it are rejected */
	uint32_t entry;		 /* entry pc (validated) */
	const uint32_t *targets; /* valid indirect targets: function entries, address-taken */
	size_t ntargets;	 /* labels (each validated: inside the code, aligned) */
	/* Elision hook (BRIDGE_MODE_NORMAL): elide[i] != 0 drops the memory guard of
	 * instruction i; facts[i] (optional) says why. NULL: no elision. */
	const uint8_t *elide;
	const struct bridge_fact *facts;
	bool count_guards; /* emit dynamic guard counters into ctx->guard_exec */
	bool time_checks;  /* force budget points even without TIME.BIND */
};

/* Guard state of one instruction, in bridge_out.gstate. */
enum bridge_gstate {
	BRIDGE_GS_NONE,
	BRIDGE_GS_KEPT,
	BRIDGE_GS_ELIDED,
};

struct bridge_stats {
	uint32_t emitted[BRIDGE_G_COUNT];
	uint32_t elided[BRIDGE_G_COUNT];
	uint32_t insns;
	uint32_t spilled; /* VELA registers living in the context block */
};

/* Where things are in the host register file for this draw. */
struct bridge_map {
	uint8_t host[VELA_NREGS]; /* VELA register -> host register, 0xff = in ctx */
	uint8_t xmm[VELA_NVREGS];
	uint8_t membase, ctx, s1, s2;
	uint8_t xs, xt;	  /* scratch xmm registers (xt: VELA-F only) */
	uint8_t saved[6]; /* push order of the callee-saved registers at entry */
	int32_t bias;	  /* the ctx register holds ctx + bias */
};

struct bridge_out {
	size_t code_len;	      /* bytes of host code */
	uint32_t ninsns;	      /* VELA instructions */
	uint32_t *host_off;	      /* [ninsns + 1] host offset of each instruction (in work) */
	uint8_t *gstate;	      /* [ninsns] enum bridge_gstate (in work) */
	uint8_t *targets;	      /* valid-target bitmap (in work), (ninsns + 7) / 8 bytes */
	size_t ctx_size;	      /* bytes to allocate for the context block incl. its tail */
	size_t bitmap_off, table_off; /* tail offsets inside the context block */
	struct bridge_map map;
	struct bridge_stats stats;
};

struct bridge_error {
	uint32_t pc;
	char msg[128]; /* "pc=0x... : reason" */
};

#define BRIDGE_ENTER_OFF 0

/* Sizes the caller must provide for a code section of code_len bytes. */
size_t bridge_code_bound(size_t code_len);
size_t bridge_work_size(size_t code_len);

/* Translate. Returns true on success; false with err filled for an invalid
 * program (validator reason, bad entry or target, missing capability, bad option)
 * or an undersized buffer. Never crashes on any input. */
bool bridge_translate(const uint8_t *code, size_t code_len, const struct bridge_options *opt,
		      uint8_t *out_code, size_t out_cap, void *work, size_t work_size,
		      struct bridge_out *out, struct bridge_error *err);

/* Fill the context tail (bitmap, pc -> host table) once the code sits at code_addr.
 * ctx must be out->ctx_size bytes; the rest of the fields are the runner's. */
void bridge_ctx_link(struct bridge_ctx *ctx, const struct bridge_out *out, uint64_t code_addr);

/* Host address at which to (re)enter translated code at VELA pc. */
static inline uint64_t bridge_host_addr(const struct bridge_out *out, uint64_t code_addr,
					uint32_t pc)
{
	return code_addr + out->host_off[pc / 4];
}

/* The built-in local analysis: marks memory guards provably redundant inside a
 * basic block (constant in-bounds addresses; accesses covered by earlier guards on
 * the same unchanged base register). elide[n], facts[n] are filled. The program
 * must already be valid. */
void bridge_elide_local(const uint8_t *code, size_t code_len, uint64_t mem_size,
			const uint32_t *targets, size_t ntargets, uint8_t *elide,
			struct bridge_fact *facts);

const char *bridge_guard_name(enum bridge_guard g);
/* Describe a fact: "covered by guard at pc=0x10 on r4 [0,16)". */
void bridge_fact_str(const struct bridge_fact *f, char *buf, size_t cap);

#endif
