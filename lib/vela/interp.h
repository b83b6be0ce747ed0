/*
 * The VELA reference interpreter: the oracle the translator is tested
 * against. It follows docs/vela-isa.md literally, one instruction at a time;
 * simple and obviously right rather than fast. No allocation: the caller
 * provides the sandbox, the shadow stack and the valid-target bitmap.
 */
#ifndef VELA_INTERP_H
#define VELA_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vela/trap.h"
#include "vela/vela.h"

struct vela_machine;

/* Return values of a syscall handler (anything > 0 is a trap kind). */
#define VELA_SYS_CONTINUE 0
#define VELA_SYS_EXIT	  (-1) /* stop; m->exit_status holds the status */

/* Service opcodes reach the handler with nr = VELA_SVC_NR(opcode). */
#define VELA_SVC_BASE	0x10000u
#define VELA_SVC_NR(op) (VELA_SVC_BASE + (op))

/* Called for SYSCALL (nr = R15) and for service opcodes. Arguments are in
 * m->r[3..8]; the handler writes the result to m->r[3]. A trap it returns
 * gets addr = nr. */
typedef int (*vela_syscall_fn)(void *ctx, struct vela_machine *m, uint64_t nr);

struct vela_machine {
	/* Program and environment: set by the caller (vela_machine_init) */
	const uint8_t *code;
	uint32_t code_len;
	uint8_t *mem;		/* the sandbox */
	uint64_t mem_size;	/* power of two */
	const uint8_t *targets; /* valid indirect targets: bit (pc/4), LSB first; NULL = none */
	uint64_t *shadow;	/* shadow stack storage (outside the sandbox) */
	uint32_t shadow_cap;
	uint32_t caps; /* capability mask, 1 << enum vela_cap */
	vela_syscall_fn syscall;
	void *syscall_ctx;

	/* Architectural state */
	uint64_t r[VELA_NREGS];
	uint64_t v[VELA_NVREGS][2]; /* [0] = bits 63:0, [1] = bits 127:64 */
	uint32_t pc;
	uint32_t shadow_top;  /* number of entries on the shadow stack */
	uint64_t time_budget; /* TIME.BIND budget points left; UINT64_MAX = unbound */

	/* Results and statistics */
	int64_t exit_status;
	uint64_t steps;		 /* instructions retired */
	uint64_t chaos_requests; /* CHAOS instructions executed */
};

enum vela_stop {
	VELA_STOP_EXIT,	  /* HALT or an exit syscall; status set */
	VELA_STOP_TRAP,	  /* trap set */
	VELA_STOP_BUDGET, /* the instruction budget ran out (not a VELA trap) */
};

struct vela_result {
	enum vela_stop stop;
	int64_t status;
	struct vela_trap trap;
};

/* Zero the state, set pc = entry, SP (R2) = mem_size, unbound time budget,
 * all capabilities, no syscall handler, no indirect targets. */
void vela_machine_init(struct vela_machine *m, const uint8_t *code, uint32_t code_len, uint8_t *mem,
		       uint64_t mem_size, uint64_t *shadow, uint32_t shadow_cap, uint32_t entry);

/* Run until exit, trap, or max_steps more instructions (0 = no limit).
 * Can be called again after VELA_STOP_BUDGET to continue. */
struct vela_result vela_interp_run(struct vela_machine *m, uint64_t max_steps);

/* Execute exactly one instruction (max_steps = 1). */
struct vela_result vela_interp_step(struct vela_machine *m);

/* True if [addr, addr+len) lies inside the sandbox. */
static inline bool vela_mem_ok(const struct vela_machine *m, uint64_t addr, uint64_t len)
{
	return addr <= m->mem_size && len <= m->mem_size - addr;
}

/* Is pc a valid indirect target (in the code, aligned, marked in the bitmap)? */
bool vela_is_target(const struct vela_machine *m, uint64_t pc);

#endif
