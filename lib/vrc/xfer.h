/* VRC transfer of one VELA instruction over a register state (xfer.c). */
#ifndef VRC_XFER_H
#define VRC_XFER_H

#include "vela/vela.h"
#include "vrc/cert.h"
#include "vrc/dom.h"

struct vrc_state {
	struct vrc_val r[VELA_NREGS]; /* r[0] is always the constant 0 */
	uint8_t live;		      /* 0: bottom (no execution gets here) */
	uint8_t nrel;		      /* induction relations that hold here */
	struct vrc_rel rel[VRC_NREL];
};

/* Narrow each related x to c + k * y; false if that leaves nothing. */
bool vrc_state_apply_rels(struct vrc_state *s);
/* Does x == c + k * y hold in s (tracked, or both constant and equal)? */
bool vrc_rel_holds(const struct vrc_state *s, const struct vrc_rel *r);

void vrc_state_top(struct vrc_state *s);
void vrc_state_join(struct vrc_state *into, const struct vrc_state *s);
bool vrc_state_leq(const struct vrc_state *a, const struct vrc_state *b);

/* Effect of a non-branching instruction (or the register effect of CALL/CALLR:
 * the link register) on s; s->live becomes 0 if it always traps. */
void vrc_xfer(const struct vela_insn *in, uint32_t pc, struct vrc_state *s);
/* Registers the instruction may write (bit r). */
unsigned vrc_writes(const struct vela_insn *in);
/* Start tracking x == c + k * y with the offsets s allows; false if it cannot. */
bool vrc_rel_seed(struct vrc_state *s, unsigned x, unsigned y, int64_t k);
/* Refine s on one edge of the conditional branch `in`. */
void vrc_xfer_branch(const struct vela_insn *in, bool taken, struct vrc_state *s);
/* The effective address range of the access `in` makes in state s. */
struct vrc_val vrc_xfer_addr(const struct vela_insn *in, const struct vrc_state *s);

#endif
