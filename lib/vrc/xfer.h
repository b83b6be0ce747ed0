/* VRC transfer of one VELA instruction over a register state (xfer.c). */
#ifndef VRC_XFER_H
#define VRC_XFER_H

#include "vela/vela.h"
#include "vrc/dom.h"

struct vrc_state {
	struct vrc_val r[VELA_NREGS]; /* r[0] is always the constant 0 */
	uint8_t live;		      /* 0: bottom (no execution gets here) */
};

void vrc_state_top(struct vrc_state *s);
void vrc_state_join(struct vrc_state *into, const struct vrc_state *s);
bool vrc_state_leq(const struct vrc_state *a, const struct vrc_state *b);

/* Effect of a non-branching instruction (or the register effect of CALL/CALLR:
 * the link register) on s; s->live becomes 0 if it always traps. */
void vrc_xfer(const struct vela_insn *in, uint32_t pc, struct vrc_state *s);
/* Refine s on one edge of the conditional branch `in`. */
void vrc_xfer_branch(const struct vela_insn *in, bool taken, struct vrc_state *s);
/* The effective address range of the access `in` makes in state s. */
struct vrc_val vrc_xfer_addr(const struct vela_insn *in, const struct vrc_state *s);

#endif
