/* The VRC domain instantiated at 8 bits (the very code of lib/vrc/dom_impl.h)
 * and a concrete 8-bit model of the operations, for exhaustive checking. */
#ifndef TESTS_VRC_DOM8_H
#define TESTS_VRC_DOM8_H

#include <stdbool.h>
#include <stdint.h>

#include "vrc/dom.h"

struct v8 {
	uint8_t umin, umax;
	int8_t smin, smax;
	uint8_t kv, km;
};

struct v8 v8_top(void);
struct v8 v8_const(uint8_t c);
bool v8_norm(struct v8 *v);
bool v8_contains(const struct v8 *v, uint8_t x);
struct v8 v8_join(const struct v8 *a, const struct v8 *b);
bool v8_binop(enum vrc_aop op, const struct v8 *a, const struct v8 *b, struct v8 *r);
bool v8_refine(enum vrc_cmp cmp, struct v8 *a, struct v8 *b);
struct v8 v8_widen(const struct v8 *old, const struct v8 *nw, const uint8_t *uth, size_t nu,
		   const int8_t *sth, size_t ns);

/* the concrete operation at 8 bits (W forms on the low 4 bits); false if it traps */
bool c8_op(enum vrc_aop op, uint8_t a, uint8_t b, uint8_t *r);
bool c8_cmp(enum vrc_cmp c, uint8_t a, uint8_t b);

#endif
