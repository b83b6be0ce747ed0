/* Arithmetic in GF(2^255 - 19), internal to the Ed25519 code.
 *
 * An element is five unsigned 64-bit limbs of 51 bits, value
 * v[0] + v[1] 2^51 + v[2] 2^102 + v[3] 2^153 + v[4] 2^204, not necessarily
 * reduced. Bounds: fe_mul/fe_sq/fe_sub/fe_carry return limbs below 2^52;
 * fe_add returns the limb sums (below 2^53 for such inputs). fe_mul and fe_sq
 * accept limbs up to 2^54, fe_sub a subtrahend below 2^53 - 76.
 * Reduction uses 2^255 = 19 (mod p). Every function runs in time independent
 * of the values, except the ones named _vartime. */
#ifndef CRYPTO_FE25519_H
#define CRYPTO_FE25519_H

#include <stdint.h>
#include <string.h>

typedef uint64_t fe[5];
typedef unsigned __int128 fe_u128;

#define FE_MASK51 0x7ffffffffffffULL

static inline void fe_0(fe h)
{
	h[0] = h[1] = h[2] = h[3] = h[4] = 0;
}

static inline void fe_1(fe h)
{
	h[0] = 1;
	h[1] = h[2] = h[3] = h[4] = 0;
}

static inline void fe_copy(fe h, const fe f)
{
	for (int i = 0; i < 5; i++)
		h[i] = f[i];
}

static inline void fe_add(fe h, const fe f, const fe g)
{
	for (int i = 0; i < 5; i++)
		h[i] = f[i] + g[i];
}

/* One carry pass: limbs below 2^51 except limb 0, which may exceed it by 19*2^13. */
static inline void fe_carry(fe h)
{
	uint64_t c;

	c = h[0] >> 51;
	h[0] &= FE_MASK51;
	h[1] += c;
	c = h[1] >> 51;
	h[1] &= FE_MASK51;
	h[2] += c;
	c = h[2] >> 51;
	h[2] &= FE_MASK51;
	h[3] += c;
	c = h[3] >> 51;
	h[3] &= FE_MASK51;
	h[4] += c;
	c = h[4] >> 51;
	h[4] &= FE_MASK51;
	h[0] += c * 19;
}

/* h = f - g, computed as f + 4p - g so that no limb goes negative. */
static inline void fe_sub(fe h, const fe f, const fe g)
{
	h[0] = f[0] + 0x1fffffffffffb4ULL - g[0];
	h[1] = f[1] + 0x1ffffffffffffcULL - g[1];
	h[2] = f[2] + 0x1ffffffffffffcULL - g[2];
	h[3] = f[3] + 0x1ffffffffffffcULL - g[3];
	h[4] = f[4] + 0x1ffffffffffffcULL - g[4];
	fe_carry(h);
}

static inline void fe_neg(fe h, const fe f)
{
	fe z;

	fe_0(z);
	fe_sub(h, z, f);
}

/* Reduce the five 128-bit column sums of a product into h. */
static inline void fe_reduce128(fe h, fe_u128 r0, fe_u128 r1, fe_u128 r2, fe_u128 r3, fe_u128 r4)
{
	uint64_t c;

	c = (uint64_t)(r0 >> 51);
	r1 += c;
	c = (uint64_t)(r1 >> 51);
	r2 += c;
	c = (uint64_t)(r2 >> 51);
	r3 += c;
	c = (uint64_t)(r3 >> 51);
	r4 += c;
	c = (uint64_t)(r4 >> 51);
	h[0] = ((uint64_t)r0 & FE_MASK51) + c * 19;
	h[1] = (uint64_t)r1 & FE_MASK51;
	h[2] = (uint64_t)r2 & FE_MASK51;
	h[3] = (uint64_t)r3 & FE_MASK51;
	h[4] = (uint64_t)r4 & FE_MASK51;
	c = h[0] >> 51;
	h[0] &= FE_MASK51;
	h[1] += c;
}

static inline void fe_mul(fe h, const fe f, const fe g)
{
	const uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
	const uint64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
	const uint64_t g1_19 = g1 * 19, g2_19 = g2 * 19, g3_19 = g3 * 19, g4_19 = g4 * 19;
	fe_u128 r0, r1, r2, r3, r4;

	/* Column k collects f_i g_j with i + j = k; terms with i + j >= 5 wrap to
	 * column i + j - 5 multiplied by 19. */
	r0 = (fe_u128)f0 * g0 + (fe_u128)f1 * g4_19 + (fe_u128)f2 * g3_19 + (fe_u128)f3 * g2_19 +
	     (fe_u128)f4 * g1_19;
	r1 = (fe_u128)f0 * g1 + (fe_u128)f1 * g0 + (fe_u128)f2 * g4_19 + (fe_u128)f3 * g3_19 +
	     (fe_u128)f4 * g2_19;
	r2 = (fe_u128)f0 * g2 + (fe_u128)f1 * g1 + (fe_u128)f2 * g0 + (fe_u128)f3 * g4_19 +
	     (fe_u128)f4 * g3_19;
	r3 = (fe_u128)f0 * g3 + (fe_u128)f1 * g2 + (fe_u128)f2 * g1 + (fe_u128)f3 * g0 +
	     (fe_u128)f4 * g4_19;
	r4 = (fe_u128)f0 * g4 + (fe_u128)f1 * g3 + (fe_u128)f2 * g2 + (fe_u128)f3 * g1 +
	     (fe_u128)f4 * g0;
	fe_reduce128(h, r0, r1, r2, r3, r4);
}

static inline void fe_sq(fe h, const fe f)
{
	const uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
	const uint64_t f0_2 = f0 * 2, f1_2 = f1 * 2;
	const uint64_t f3_19 = f3 * 19, f4_19 = f4 * 19;
	fe_u128 r0, r1, r2, r3, r4;

	r0 = (fe_u128)f0 * f0 + (fe_u128)f1_2 * f4_19 + (fe_u128)(f2 * 2) * f3_19;
	r1 = (fe_u128)f0_2 * f1 + (fe_u128)(f2 * 2) * f4_19 + (fe_u128)f3 * f3_19;
	r2 = (fe_u128)f0_2 * f2 + (fe_u128)f1 * f1 + (fe_u128)(f3 * 2) * f4_19;
	r3 = (fe_u128)f0_2 * f3 + (fe_u128)f1_2 * f2 + (fe_u128)f4 * f4_19;
	r4 = (fe_u128)f0_2 * f4 + (fe_u128)f1_2 * f3 + (fe_u128)f2 * f2;
	fe_reduce128(h, r0, r1, r2, r3, r4);
}

/* h = f^(2^n) */
static inline void fe_sqn(fe h, const fe f, int n)
{
	fe_sq(h, f);
	for (int i = 1; i < n; i++)
		fe_sq(h, h);
}

/* Sets t = z^(2^250 - 1) and z11 = z^11, the common part of the two chains below. */
static inline void fe_pow_2_250_1(fe t, fe z11, const fe z)
{
	fe z2, z9, a, b, c;

	fe_sq(z2, z);	     /* 2 */
	fe_sqn(a, z2, 2);    /* 8 */
	fe_mul(z9, a, z);    /* 9 */
	fe_mul(z11, z9, z2); /* 11 */
	fe_sq(a, z11);	     /* 22 */
	fe_mul(a, a, z9);    /* 31 = 2^5 - 1 */
	fe_sqn(b, a, 5);
	fe_mul(a, b, a); /* 2^10 - 1 */
	fe_sqn(b, a, 10);
	fe_mul(b, b, a); /* 2^20 - 1 */
	fe_sqn(c, b, 20);
	fe_mul(b, c, b); /* 2^40 - 1 */
	fe_sqn(b, b, 10);
	fe_mul(a, b, a); /* 2^50 - 1 */
	fe_sqn(b, a, 50);
	fe_mul(b, b, a); /* 2^100 - 1 */
	fe_sqn(c, b, 100);
	fe_mul(b, c, b); /* 2^200 - 1 */
	fe_sqn(b, b, 50);
	fe_mul(t, b, a); /* 2^250 - 1 */
}

/* h = 1/z = z^(p - 2) = z^(2^255 - 21); 0 maps to 0. */
static inline void fe_invert(fe h, const fe z)
{
	fe t, z11;

	fe_pow_2_250_1(t, z11, z);
	fe_sqn(t, t, 5);   /* 2^255 - 32 */
	fe_mul(h, t, z11); /* 2^255 - 21 */
}

/* h = z^((p - 5) / 8) = z^(2^252 - 3), for square roots. */
static inline void fe_pow22523(fe h, const fe z)
{
	fe t, z11;

	fe_pow_2_250_1(t, z11, z);
	fe_sqn(t, t, 2); /* 2^252 - 4 */
	fe_mul(h, t, z); /* 2^252 - 3 */
}

/* Canonical little-endian encoding of f (fully reduced below p). */
static inline void fe_tobytes(uint8_t s[32], const fe f)
{
	fe h;
	uint64_t q;

	fe_copy(h, f);
	fe_carry(h);
	fe_carry(h);
	/* Now h < 2^255 + small. h >= p exactly when h + 19 >= 2^255: find that
	 * carry q, then h + 19q - q 2^255 is the reduced value. */
	q = (h[0] + 19) >> 51;
	q = (h[1] + q) >> 51;
	q = (h[2] + q) >> 51;
	q = (h[3] + q) >> 51;
	q = (h[4] + q) >> 51;
	h[0] += 19 * q;
	h[1] += h[0] >> 51;
	h[0] &= FE_MASK51;
	h[2] += h[1] >> 51;
	h[1] &= FE_MASK51;
	h[3] += h[2] >> 51;
	h[2] &= FE_MASK51;
	h[4] += h[3] >> 51;
	h[3] &= FE_MASK51;
	h[4] &= FE_MASK51;

	uint64_t w0 = h[0] | h[1] << 51;
	uint64_t w1 = h[1] >> 13 | h[2] << 38;
	uint64_t w2 = h[2] >> 26 | h[3] << 25;
	uint64_t w3 = h[3] >> 39 | h[4] << 12;
	for (int i = 0; i < 8; i++) {
		s[i] = (uint8_t)(w0 >> (8 * i));
		s[8 + i] = (uint8_t)(w1 >> (8 * i));
		s[16 + i] = (uint8_t)(w2 >> (8 * i));
		s[24 + i] = (uint8_t)(w3 >> (8 * i));
	}
}

static inline uint64_t fe_load64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Decode 32 bytes, ignoring the top bit (bit 255). Accepts values up to 2^255 - 1. */
static inline void fe_frombytes(fe h, const uint8_t s[32])
{
	uint64_t w0 = fe_load64(s), w1 = fe_load64(s + 8);
	uint64_t w2 = fe_load64(s + 16), w3 = fe_load64(s + 24);

	h[0] = w0 & FE_MASK51;
	h[1] = (w0 >> 51 | w1 << 13) & FE_MASK51;
	h[2] = (w1 >> 38 | w2 << 26) & FE_MASK51;
	h[3] = (w2 >> 25 | w3 << 39) & FE_MASK51;
	h[4] = (w3 >> 12) & FE_MASK51;
}

/* f = g when b == 1, unchanged when b == 0. */
static inline void fe_cmov(fe f, const fe g, uint64_t b)
{
	uint64_t mask = 0 - b;
	for (int i = 0; i < 5; i++)
		f[i] ^= (f[i] ^ g[i]) & mask;
}

/* 1 when f is odd ("negative" in RFC 8032 terms), from the canonical encoding. */
static inline int fe_isnegative(const fe f)
{
	uint8_t s[32];
	fe_tobytes(s, f);
	return s[0] & 1;
}

static inline int fe_iszero(const fe f)
{
	uint8_t s[32];
	uint8_t d = 0;
	fe_tobytes(s, f);
	for (int i = 0; i < 32; i++)
		d |= s[i];
	return (int)(((uint32_t)d - 1) >> 31);
}

#endif
