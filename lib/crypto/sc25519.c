/* Reduction modulo L by Barrett's method (Menezes, van Oorschot, Vanstone:
 * Handbook of Applied Cryptography, algorithm 14.42) with base b = 2^64 and
 * k = 4 limbs: for x < b^8, q = floor(floor(x / b^3) mu / b^5) with
 * mu = floor(b^8 / L) underestimates floor(x / L) by at most 2, so
 * x - q L < 3L and two conditional subtractions finish the job. Every loop has a
 * fixed trip count and the subtractions select with masks. */
#include "crypto/sc25519.h"

#include "crypto/ct.h"
#include "crypto/wipe.h"

typedef unsigned __int128 u128;

static const uint64_t L_LIMBS[4] = {
    0x5812631a5cf5d3edULL,
    0x14def9dea2f79cd6ULL,
    0x0000000000000000ULL,
    0x1000000000000000ULL,
};

/* floor(2^512 / L) */
static const uint64_t MU[5] = {
    0xed9ce5a30a2c131bULL, 0x2106215d086329a7ULL, 0xffffffffffffffebULL,
    0xffffffffffffffffULL, 0x000000000000000fULL,
};

/* out[0..na+nb) = a * b */
static void mp_mul(uint64_t *out, const uint64_t *a, int na, const uint64_t *b, int nb)
{
	for (int i = 0; i < na + nb; i++)
		out[i] = 0;
	for (int i = 0; i < na; i++) {
		uint64_t carry = 0;
		for (int j = 0; j < nb; j++) {
			u128 t = (u128)a[i] * b[j] + out[i + j] + carry;
			out[i + j] = (uint64_t)t;
			carry = (uint64_t)(t >> 64);
		}
		out[i + nb] = carry;
	}
}

/* r = r - L when r >= L, for r of 5 limbs; constant time. */
static void sub_l_if_ge(uint64_t r[5])
{
	uint64_t t[5], borrow = 0;

	for (int i = 0; i < 5; i++) {
		uint64_t li = i < 4 ? L_LIMBS[i] : 0;
		u128 d = (u128)r[i] - li - borrow;
		t[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	/* borrow == 0 means r >= L: take t. */
	uint64_t mask = borrow - 1;
	for (int i = 0; i < 5; i++)
		r[i] = (r[i] & ~mask) | (t[i] & mask);
}

/* out = x mod L for x of 8 limbs. */
static void barrett(uint8_t out[32], const uint64_t x[8])
{
	uint64_t q2[10], ql[9], r[5];
	uint64_t borrow = 0;

	mp_mul(q2, x + 3, 5, MU, 5);
	/* q3 = q2[5..9]; r2 = q3 L mod b^5 */
	mp_mul(ql, q2 + 5, 5, L_LIMBS, 4);
	for (int i = 0; i < 5; i++) {
		u128 d = (u128)x[i] - ql[i] - borrow;
		r[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	sub_l_if_ge(r);
	sub_l_if_ge(r);
	for (int i = 0; i < 4; i++)
		store64_le(out + 8 * i, r[i]);
	crypto_wipe(q2, sizeof(q2));
	crypto_wipe(ql, sizeof(ql));
	crypto_wipe(r, sizeof(r));
}

void sc_reduce512(uint8_t out[32], const uint8_t in[64])
{
	uint64_t x[8];

	for (int i = 0; i < 8; i++)
		x[i] = load64_le(in + 8 * i);
	barrett(out, x);
	crypto_wipe(x, sizeof(x));
}

void sc_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32])
{
	uint64_t al[4], bl[4], x[8], carry = 0;

	for (int i = 0; i < 4; i++) {
		al[i] = load64_le(a + 8 * i);
		bl[i] = load64_le(b + 8 * i);
	}
	mp_mul(x, al, 4, bl, 4);
	for (int i = 0; i < 8; i++) {
		u128 t = (u128)x[i] + (i < 4 ? load64_le(c + 8 * i) : 0) + carry;
		x[i] = (uint64_t)t;
		carry = (uint64_t)(t >> 64);
	}
	barrett(s, x);
	crypto_wipe(al, sizeof(al));
	crypto_wipe(bl, sizeof(bl));
	crypto_wipe(x, sizeof(x));
}

bool sc_is_canonical(const uint8_t s[32])
{
	for (int i = 3; i >= 0; i--) {
		uint64_t v = load64_le(s + 8 * i);
		if (v != L_LIMBS[i])
			return v < L_LIMBS[i];
	}
	return false; /* s == L */
}
