/* The Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) (RFC 8032,
 * section 5.1), internal to the Ed25519 code. Formulas are those of RFC 8032
 * 5.1.4 (from Hisil, Wong, Carter, Dawson: "Twisted Edwards Curves Revisited"),
 * split so that a doubling followed by a doubling skips the T coordinate. */
#ifndef CRYPTO_GE25519_H
#define CRYPTO_GE25519_H

#include <stdint.h>

#include "crypto/fe25519.h"

/* Projective: x = X/Z, y = Y/Z. */
struct ge_p2 {
	fe X, Y, Z;
};

/* Extended: as projective, plus T = XY/Z. */
struct ge_p3 {
	fe X, Y, Z, T;
};

/* Completed: x = X/Z, y = Y/T; the output of an addition or doubling. */
struct ge_p1p1 {
	fe X, Y, Z, T;
};

/* A point prepared as the second operand of an addition. */
struct ge_cached {
	fe YplusX, YminusX, Z, T2d;
};

/* An affine point (Z = 1) prepared for mixed addition. */
struct ge_precomp {
	fe yplusx, yminusx, xy2d;
};

/* Decode a point (RFC 8032 5.1.3). Returns 0, or -1 when the encoding is not
 * canonical (y >= p), has no x, or has x = 0 with the sign bit set. */
int ge_frombytes_vartime(struct ge_p3 *h, const uint8_t s[32]);
void ge_p3_tobytes(uint8_t s[32], const struct ge_p3 *h);
void ge_p2_tobytes(uint8_t s[32], const struct ge_p2 *h);
/* Encode two points with a single field inversion. */
void ge_p3_tobytes_pair(uint8_t s1[32], const struct ge_p3 *p1, uint8_t s2[32],
			const struct ge_p3 *p2);

/* h = a B for the base point B and a 256-bit little-endian a with a[31] <= 127.
 * Constant time in a. */
void ge_scalarmult_base(struct ge_p3 *h, const uint8_t a[32]);

/* r = a A + b B, variable time (public inputs only); a, b < 2^253. */
void ge_double_scalarmult_vartime(struct ge_p2 *r, const uint8_t a[32], const struct ge_p3 *A,
				  const uint8_t b[32]);

/* 1 when 8 P is the identity (P in the small subgroup), else 0. */
int ge_has_small_order(const struct ge_p3 *p);
int ge_p2_has_small_order(const struct ge_p2 *p);

void ge_p3_neg(struct ge_p3 *h, const struct ge_p3 *p);

#endif
