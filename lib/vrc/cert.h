/* The VRC certificate: what the analysis claims and the facts it rests on, in a
 * form the checker (check.c) verifies without any of the analysis code.
 *
 *   - for every basic-block leader (in the checker's own definition: entry,
 *     direct and indirect targets, return sites, the instruction after any
 *     control transfer): whether it is reachable and, per register, an unsigned
 *     and a signed interval and an alignment (a number of low zero bits) that
 *     hold whenever execution reaches it;
 *     Also up to VRC_NREL induction relations x == c + k * y per leader;
 *   - per instruction: the claims (elided bounds guard, elided CFI check, proven
 *     syscall number).
 * The checker accepts iff the leader facts are inductive (every edge out of every
 * reachable block, computed by the checker's transfer rules, lands inside the
 * facts of its target; the entry state is inside the entry's facts) and every
 * claim follows from the facts that hold at its instruction. */
#ifndef VRC_CERT_H
#define VRC_CERT_H

#include <stdint.h>

struct vrc_range {
	uint64_t umin, umax;
	int64_t smin, smax;
	uint64_t align; /* the value is a multiple of 2^align (0..64; 64: it is 0) */
};

/* An induction relation between two registers of a counted loop: for some c in
 * [clo, chi] (no wrap), x == c + k * y (mod 2^64). */
struct vrc_rel {
	uint8_t x, y;
	int64_t k;
	uint64_t clo, chi;
};
#define VRC_NREL 4 /* relations per leader */

enum vrc_claim {
	VRC_CLAIM_MEM = 1, /* the bounds guard of this load/store is redundant */
	VRC_CLAIM_CFI = 2, /* the target of this JR/CALLR is a constant valid target */
	VRC_CLAIM_SYS = 4, /* R15 holds sys_nr[i] at this SYSCALL */
};

struct vrc_cert {
	uint32_t ninsns;
	uint32_t nleaders;
	uint32_t *leader_pc;		  /* [nleaders], ascending */
	uint8_t *live;			  /* [nleaders] 0: unreachable */
	struct vrc_range (*regs)[16];	  /* [nleaders][R0..R15] */
	struct vrc_rel (*rels)[VRC_NREL]; /* [nleaders] induction relations */
	uint8_t *nrels;			  /* [nleaders] how many */
	uint8_t *claims;		  /* [ninsns] enum vrc_claim bits */
	uint64_t *sys_nr;		  /* [ninsns] */
};

#endif
