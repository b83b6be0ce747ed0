/* Point arithmetic for Ed25519. See ge25519.h for the coordinate systems. */
#include "crypto/ge25519.h"

#include <stddef.h>

#include "crypto/wipe.h"

#include "crypto/ed25519_tables.h"

static void ge_p2_0(struct ge_p2 *h)
{
	fe_0(h->X);
	fe_1(h->Y);
	fe_1(h->Z);
}

static void ge_p3_0(struct ge_p3 *h)
{
	fe_0(h->X);
	fe_1(h->Y);
	fe_1(h->Z);
	fe_0(h->T);
}

static void ge_p1p1_to_p2(struct ge_p2 *r, const struct ge_p1p1 *p)
{
	fe_mul(r->X, p->X, p->T);
	fe_mul(r->Y, p->Y, p->Z);
	fe_mul(r->Z, p->Z, p->T);
}

static void ge_p1p1_to_p3(struct ge_p3 *r, const struct ge_p1p1 *p)
{
	fe_mul(r->X, p->X, p->T);
	fe_mul(r->Y, p->Y, p->Z);
	fe_mul(r->Z, p->Z, p->T);
	fe_mul(r->T, p->X, p->Y);
}

static void ge_p3_to_p2(struct ge_p2 *r, const struct ge_p3 *p)
{
	fe_copy(r->X, p->X);
	fe_copy(r->Y, p->Y);
	fe_copy(r->Z, p->Z);
}

static void ge_p3_to_cached(struct ge_cached *r, const struct ge_p3 *p)
{
	fe_add(r->YplusX, p->Y, p->X);
	fe_sub(r->YminusX, p->Y, p->X);
	fe_copy(r->Z, p->Z);
	fe_mul(r->T2d, p->T, FE_D2);
}

/* Doubling (RFC 8032 5.1.4): A = X^2, B = Y^2, C = 2Z^2, H = A + B,
 * E = H - (X + Y)^2, G = A - B, F = C + G, and X3 = EF, Y3 = GH, Z3 = FG,
 * T3 = EH; in completed form that is x = E/G, y = H/F. */
static void ge_p2_dbl(struct ge_p1p1 *r, const struct ge_p2 *p)
{
	fe a, b, c, h, e, g, f, t;

	fe_sq(a, p->X);
	fe_sq(b, p->Y);
	fe_sq(c, p->Z);
	fe_add(c, c, c);
	fe_add(h, a, b);
	fe_add(t, p->X, p->Y);
	fe_sq(t, t);
	fe_sub(e, h, t);
	fe_sub(g, a, b);
	fe_add(f, c, g);
	/* Completed coordinates: X3/Z3 = E/G, Y3/Z3 = H/F. */
	fe_copy(r->X, e);
	fe_copy(r->Z, g);
	fe_copy(r->Y, h);
	fe_copy(r->T, f);
}

static void ge_p3_dbl(struct ge_p1p1 *r, const struct ge_p3 *p)
{
	struct ge_p2 q;

	ge_p3_to_p2(&q, p);
	ge_p2_dbl(r, &q);
}

/* Addition (RFC 8032 5.1.4): A = (Y1 - X1)(Y2 - X2), B = (Y1 + X1)(Y2 + X2),
 * C = 2d T1 T2, D = 2 Z1 Z2, E = B - A, F = D - C, G = D + C, H = B + A, and
 * X3 = EF, Y3 = GH, Z3 = FG, T3 = EH; in completed form (X:Z) = (E:G) and
 * (Y:T) = (H:F). Subtraction uses -Q = (-X, Y, Z, -T), which
 * swaps Y+X with Y-X and negates 2dT. */
static void ge_add_cached(struct ge_p1p1 *r, const struct ge_p3 *p, const struct ge_cached *q,
			  int negate)
{
	fe a, b, c, d, t;

	fe_add(t, p->Y, p->X);
	fe_mul(b, t, negate ? q->YminusX : q->YplusX);
	fe_sub(t, p->Y, p->X);
	fe_mul(a, t, negate ? q->YplusX : q->YminusX);
	fe_mul(c, p->T, q->T2d);
	fe_mul(d, p->Z, q->Z);
	fe_add(d, d, d);
	fe_sub(r->X, b, a); /* E */
	fe_add(r->Y, b, a); /* H */
	if (negate) {
		fe_sub(r->Z, d, c); /* G = D + (-C) */
		fe_add(r->T, d, c); /* F = D - (-C) */
	} else {
		fe_add(r->Z, d, c); /* G */
		fe_sub(r->T, d, c); /* F */
	}
}

/* Mixed addition with an affine precomputed point (Z2 = 1, so D = 2 Z1). */
static void ge_madd(struct ge_p1p1 *r, const struct ge_p3 *p, const struct ge_precomp *q,
		    int negate)
{
	fe a, b, c, d, t;

	fe_add(t, p->Y, p->X);
	fe_mul(b, t, negate ? q->yminusx : q->yplusx);
	fe_sub(t, p->Y, p->X);
	fe_mul(a, t, negate ? q->yplusx : q->yminusx);
	fe_mul(c, p->T, q->xy2d);
	fe_add(d, p->Z, p->Z);
	fe_sub(r->X, b, a);
	fe_add(r->Y, b, a);
	if (negate) {
		fe_sub(r->Z, d, c);
		fe_add(r->T, d, c);
	} else {
		fe_add(r->Z, d, c);
		fe_sub(r->T, d, c);
	}
}

void ge_p3_neg(struct ge_p3 *h, const struct ge_p3 *p)
{
	fe_neg(h->X, p->X);
	fe_copy(h->Y, p->Y);
	fe_copy(h->Z, p->Z);
	fe_neg(h->T, p->T);
}

int ge_frombytes_vartime(struct ge_p3 *h, const uint8_t s[32])
{
	static const uint8_t p_bytes[32] = {
	    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	};
	fe u, v, v3, vxx, check, one;
	int sign = s[31] >> 7;
	int i;

	/* y must be canonical: compare y = s mod 2^255 with p from the top byte. */
	for (i = 31; i >= 0; i--) {
		uint8_t b = (uint8_t)(i == 31 ? s[i] & 0x7f : s[i]);
		if (b != p_bytes[i]) {
			if (b > p_bytes[i])
				return -1;
			break;
		}
	}
	if (i < 0)
		return -1; /* y == p */

	fe_frombytes(h->Y, s);
	fe_1(h->Z);
	fe_1(one);
	/* x^2 = u / v with u = y^2 - 1, v = d y^2 + 1 (5.1.3 step 2). */
	fe_sq(u, h->Y);
	fe_mul(v, u, FE_D);
	fe_sub(u, u, one);
	fe_add(v, v, one);
	/* x = u v^3 (u v^7)^((p - 5) / 8) */
	fe_sq(v3, v);
	fe_mul(v3, v3, v);
	fe_sq(h->X, v3);
	fe_mul(h->X, h->X, v);
	fe_mul(h->X, h->X, u);
	fe_pow22523(h->X, h->X);
	fe_mul(h->X, h->X, v3);
	fe_mul(h->X, h->X, u);
	/* Step 3: v x^2 = u, or = -u (then x *= sqrt(-1)), or no square root. */
	fe_sq(vxx, h->X);
	fe_mul(vxx, vxx, v);
	fe_sub(check, vxx, u);
	if (!fe_iszero(check)) {
		fe_add(check, vxx, u);
		if (!fe_iszero(check))
			return -1;
		fe_mul(h->X, h->X, FE_SQRTM1);
	}
	/* Step 4: x = 0 with the sign bit set is invalid; pick the sign. */
	if (fe_iszero(h->X) && sign)
		return -1;
	if (fe_isnegative(h->X) != sign)
		fe_neg(h->X, h->X);
	fe_mul(h->T, h->X, h->Y);
	return 0;
}

static void ge_encode(uint8_t s[32], const fe X, const fe Y, const fe Z)
{
	fe zi, x, y;

	fe_invert(zi, Z);
	fe_mul(x, X, zi);
	fe_mul(y, Y, zi);
	fe_tobytes(s, y);
	s[31] ^= (uint8_t)(fe_isnegative(x) << 7);
}

void ge_p3_tobytes(uint8_t s[32], const struct ge_p3 *h)
{
	ge_encode(s, h->X, h->Y, h->Z);
}

/* Encode with a known 1/Z. */
static void ge_encode_zi(uint8_t s[32], const fe X, const fe Y, const fe zi)
{
	fe x, y;

	fe_mul(x, X, zi);
	fe_mul(y, Y, zi);
	fe_tobytes(s, y);
	s[31] ^= (uint8_t)(fe_isnegative(x) << 7);
}

void ge_p3_tobytes_pair(uint8_t s1[32], const struct ge_p3 *p1, uint8_t s2[32],
			const struct ge_p3 *p2)
{
	fe z12, inv, zi;

	/* One inversion for both: 1/Z1 = Z2 / (Z1 Z2), 1/Z2 = Z1 / (Z1 Z2). */
	fe_mul(z12, p1->Z, p2->Z);
	fe_invert(inv, z12);
	fe_mul(zi, inv, p2->Z);
	ge_encode_zi(s1, p1->X, p1->Y, zi);
	fe_mul(zi, inv, p1->Z);
	ge_encode_zi(s2, p2->X, p2->Y, zi);
}

void ge_p2_tobytes(uint8_t s[32], const struct ge_p2 *h)
{
	ge_encode(s, h->X, h->Y, h->Z);
}

int ge_p2_has_small_order(const struct ge_p2 *p)
{
	struct ge_p1p1 t;
	struct ge_p2 q;
	fe d;

	ge_p2_dbl(&t, p);
	ge_p1p1_to_p2(&q, &t);
	ge_p2_dbl(&t, &q);
	ge_p1p1_to_p2(&q, &t);
	ge_p2_dbl(&t, &q);
	ge_p1p1_to_p2(&q, &t);
	/* The identity is (0 : Z : Z). */
	fe_sub(d, q.Y, q.Z);
	return fe_iszero(q.X) & fe_iszero(d);
}

int ge_has_small_order(const struct ge_p3 *p)
{
	struct ge_p2 q;

	ge_p3_to_p2(&q, p);
	return ge_p2_has_small_order(&q);
}

/* ---------------------------------------------------------------- fixed base */

/* 1 when a == b, for small non-negative values; no branch. */
static uint64_t ct_eq(uint32_t a, uint32_t b)
{
	return ((uint64_t)(a ^ b) - 1) >> 63;
}

/* out = the field element at byte offset `member` of the row entry whose mask
 * is all ones (masks are all ones for at most one entry), ORed onto init. */
static void select_fe(fe out, const struct ge_precomp row[8], size_t member, const uint64_t m[8],
		      uint64_t init0)
{
	uint64_t a0 = init0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;

	for (int j = 0; j < 8; j++) {
		const uint64_t *e = (const uint64_t *)((const char *)&row[j] + member);
		a0 |= e[0] & m[j];
		a1 |= e[1] & m[j];
		a2 |= e[2] & m[j];
		a3 |= e[3] & m[j];
		a4 |= e[4] & m[j];
	}
	out[0] = a0;
	out[1] = a1;
	out[2] = a2;
	out[3] = a3;
	out[4] = a4;
}

/* t = d * BASE_TABLE[pos][|d| - 1] (identity for d = 0), d in [-8, 8]. Every
 * entry of the row is read and combined under a mask, so neither the branches
 * nor the memory access pattern depend on d. */
static void select_base(struct ge_precomp *t, int pos, int8_t d)
{
	uint64_t neg = (uint64_t)(uint8_t)d >> 7;
	uint32_t abs = (uint32_t)(d - (int8_t)((-(int8_t)neg & d) * 2));
	uint64_t m[8], is_zero = ct_eq(abs, 0);
	fe yplusx, yminusx, mx;

	for (uint32_t j = 0; j < 8; j++)
		m[j] = 0 - ct_eq(abs, j + 1);
	/* The identity (y + x, y - x, 2dxy) = (1, 1, 0) when d = 0. */
	select_fe(yplusx, BASE_TABLE[pos], offsetof(struct ge_precomp, yplusx), m, is_zero);
	select_fe(yminusx, BASE_TABLE[pos], offsetof(struct ge_precomp, yminusx), m, is_zero);
	select_fe(t->xy2d, BASE_TABLE[pos], offsetof(struct ge_precomp, xy2d), m, 0);
	/* Negation swaps y + x with y - x and negates 2dxy. */
	fe_copy(t->yplusx, yplusx);
	fe_copy(t->yminusx, yminusx);
	fe_cmov(t->yplusx, yminusx, neg);
	fe_cmov(t->yminusx, yplusx, neg);
	fe_neg(mx, t->xy2d);
	fe_cmov(t->xy2d, mx, neg);
}

void ge_scalarmult_base(struct ge_p3 *h, const uint8_t a[32])
{
	int8_t e[64];
	int8_t carry = 0;
	struct ge_precomp t;
	struct ge_p1p1 r;
	struct ge_p2 s;

	/* Radix 16, then recentre every digit into [-8, 8): a = sum e[i] 16^i. */
	for (int i = 0; i < 32; i++) {
		e[2 * i] = (int8_t)(a[i] & 15);
		e[2 * i + 1] = (int8_t)(a[i] >> 4);
	}
	for (int i = 0; i < 63; i++) {
		e[i] = (int8_t)(e[i] + carry);
		carry = (int8_t)((e[i] + 8) >> 4);
		e[i] = (int8_t)(e[i] - carry * 16);
	}
	e[63] = (int8_t)(e[63] + carry);

	/* a B = 16 * sum_{i odd} e[i] 256^((i-1)/2) B + sum_{i even} e[i] 256^(i/2) B */
	ge_p3_0(h);
	for (int i = 1; i < 64; i += 2) {
		select_base(&t, i / 2, e[i]);
		ge_madd(&r, h, &t, 0);
		ge_p1p1_to_p3(h, &r);
	}
	ge_p3_dbl(&r, h);
	ge_p1p1_to_p2(&s, &r);
	ge_p2_dbl(&r, &s);
	ge_p1p1_to_p2(&s, &r);
	ge_p2_dbl(&r, &s);
	ge_p1p1_to_p2(&s, &r);
	ge_p2_dbl(&r, &s);
	ge_p1p1_to_p3(h, &r);
	for (int i = 0; i < 64; i += 2) {
		select_base(&t, i / 2, e[i]);
		ge_madd(&r, h, &t, 0);
		ge_p1p1_to_p3(h, &r);
	}
	crypto_wipe(e, sizeof(e));
	crypto_wipe(&t, sizeof(t));
	crypto_wipe(&r, sizeof(r));
	crypto_wipe(&s, sizeof(s));
}

/* ---------------------------------------------------------------- verification */

/* Width-w non-adjacent form of a 253-bit scalar: digits r[0..255], each zero or
 * odd with |r[i]| < 2^(w-1), sum r[i] 2^i = a. Variable time. */
static void wnaf(int8_t r[256], const uint8_t a[32], int w)
{
	uint64_t k[5] = {0};
	const uint64_t full = 1ULL << w, half = 1ULL << (w - 1);

	for (int i = 0; i < 32; i++)
		k[i / 8] |= (uint64_t)a[i] << (8 * (i % 8));
	for (int i = 0; i < 256; i++) {
		int64_t d = 0;
		if (k[0] & 1) {
			uint64_t low = k[0] & (full - 1);
			d = low >= half ? (int64_t)low - (int64_t)full : (int64_t)low;
			if (d > 0) {
				k[0] -= (uint64_t)d; /* low bits of k[0] are >= d: no borrow */
			} else {
				/* k += -d, propagating the carry */
				uint64_t add = (uint64_t)(-d);
				for (int j = 0; j < 5 && add; j++) {
					k[j] += add;
					add = k[j] < add;
				}
			}
		}
		r[i] = (int8_t)d;
		for (int j = 0; j < 4; j++)
			k[j] = k[j] >> 1 | k[j + 1] << 63;
		k[4] >>= 1;
	}
}

void ge_double_scalarmult_vartime(struct ge_p2 *r, const uint8_t a[32], const struct ge_p3 *A,
				  const uint8_t b[32])
{
	int8_t an[256], bn[256];
	struct ge_cached Ai[8]; /* A, 3A, 5A, ..., 15A */
	struct ge_p1p1 t;
	struct ge_p3 u, A2;
	int i;

	wnaf(an, a, 5);
	wnaf(bn, b, 8);

	ge_p3_to_cached(&Ai[0], A);
	ge_p3_dbl(&t, A);
	ge_p1p1_to_p3(&A2, &t);
	for (i = 1; i < 8; i++) {
		ge_add_cached(&t, &A2, &Ai[i - 1], 0);
		ge_p1p1_to_p3(&u, &t);
		ge_p3_to_cached(&Ai[i], &u);
	}

	ge_p2_0(r);
	for (i = 255; i >= 0 && an[i] == 0 && bn[i] == 0; i--)
		;
	for (; i >= 0; i--) {
		ge_p2_dbl(&t, r);
		if (an[i] != 0) {
			ge_p1p1_to_p3(&u, &t);
			ge_add_cached(&t, &u, &Ai[(an[i] < 0 ? -an[i] : an[i]) / 2], an[i] < 0);
		}
		if (bn[i] != 0) {
			ge_p1p1_to_p3(&u, &t);
			ge_madd(&t, &u, &BASE_ODD[(bn[i] < 0 ? -bn[i] : bn[i]) / 2], bn[i] < 0);
		}
		ge_p1p1_to_p2(r, &t);
	}
}
