/* VRC abstract domain (64-bit instance): per register, a signed interval, an
 * unsigned interval and known bits (a "tnum": value v, mask m of unknown bits),
 * kept mutually reduced. The code is a width-generic template (dom_impl.h) so
 * that the tests can instantiate the very same functions at 8 bits and check
 * them exhaustively. docs/vrc.md describes the rules. */
#ifndef VRC_DOM_H
#define VRC_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Abstract operations (the arithmetic of VELA-1, width-generic; W forms work on
 * the low half of the width and sign-extend). */
enum vrc_aop {
	VRC_ADD,
	VRC_SUB,
	VRC_AND,
	VRC_OR,
	VRC_XOR,
	VRC_SLL,
	VRC_SRL,
	VRC_SRA,
	VRC_ROL,
	VRC_ROR,
	VRC_SLT,
	VRC_SLTU,
	VRC_MUL,
	VRC_MULH,
	VRC_MULHU,
	VRC_DIV,
	VRC_DIVU,
	VRC_REM,
	VRC_REMU,
	VRC_ADDW,
	VRC_SUBW,
	VRC_SLLW,
	VRC_SRLW,
	VRC_SRAW,
	VRC_MULW,
	VRC_DIVW,
	VRC_DIVUW,
	VRC_REMW,
	VRC_REMUW,
	VRC_CLZ, /* unary: the second operand is ignored */
	VRC_CTZ,
	VRC_POPCNT,
	VRC_SEXTW, /* unary: sign-extend the low half (LW, V.GET.W, addiw) */
	VRC_ZEXTW, /* unary: zero-extend the low half */
	VRC_AOP_COUNT
};

/* Comparisons that branches refine on (taken edge; the other edge uses the negation). */
enum vrc_cmp { VRC_EQ, VRC_NE, VRC_LT, VRC_GE, VRC_LTU, VRC_GEU };

struct vrc_val {
	uint64_t umin, umax;
	int64_t smin, smax;
	uint64_t kv, km; /* known bits: value kv where km is 0; km bits unknown */
};

/* Test-only mutation switch (tests/vrc): a non-zero value breaks one transfer
 * function on purpose so that the tests can show the checker or the fuzzer
 * catches it. Always 0 outside the mutation test. */
extern int vrc_mutation;

struct vrc_val vrc_top(void);
struct vrc_val vrc_const(uint64_t c);
bool vrc_is_const(const struct vrc_val *v, uint64_t *c);
bool vrc_norm(struct vrc_val *v); /* false: empty */
struct vrc_val vrc_join(const struct vrc_val *a, const struct vrc_val *b);
bool vrc_meet(struct vrc_val *a, const struct vrc_val *b); /* false: empty */
bool vrc_leq(const struct vrc_val *a, const struct vrc_val *b);
bool vrc_contains(const struct vrc_val *v, uint64_t x);
/* Widening of old by new (new already joined with old): moving bounds jump to
 * the next threshold (sorted ascending, unsigned and signed orders). */
struct vrc_val vrc_widen(const struct vrc_val *old, const struct vrc_val *nw, const uint64_t *uth,
			 size_t nu, const int64_t *sth, size_t ns);
/* r = a op b; false if no execution continues (the operation always traps). */
bool vrc_binop(enum vrc_aop op, const struct vrc_val *a, const struct vrc_val *b,
	       struct vrc_val *r);
/* Refine a and b assuming `a cmp b` holds; false if it cannot. */
bool vrc_refine(enum vrc_cmp cmp, struct vrc_val *a, struct vrc_val *b);

#endif
