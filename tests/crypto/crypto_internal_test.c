/* Internals of the Ed25519 code: the generated constants and tables, the
 * constant-time fixed-base multiplication, and scalar arithmetic mod L. */
#include <string.h>

#include <sodium.h>

#include "crypto/ge25519.h" /* internal: fe, points */
#include "crypto/ed25519_tables.h"
#include "crypto/sc25519.h" /* internal: scalars mod L */
#include "crypto_test.h"

/* ---------------------------------------------------------------- tables */

static void fe_bytes(uint8_t out[32], const fe f)
{
	fe_tobytes(out, f);
}

/* The affine point (x, y) prepared as the table stores it. */
static void expect_precomp(const struct ge_precomp *t, const fe x, const fe y)
{
	fe a, b, c;
	uint8_t want[32], got[32];

	fe_add(a, y, x);
	fe_sub(b, y, x);
	fe_mul(c, x, y);
	fe_mul(c, c, FE_D2);
	fe_bytes(want, a), fe_bytes(got, t->yplusx);
	assert_memory_equal(want, got, 32);
	fe_bytes(want, b), fe_bytes(got, t->yminusx);
	assert_memory_equal(want, got, 32);
	fe_bytes(want, c), fe_bytes(got, t->xy2d);
	assert_memory_equal(want, got, 32);
}

/* n B computed with the group law alone: the variable-base half of the
 * double-scalar multiplication (b = 0 never touches the tables). */
static void mul_base_by_law(fe x, fe y, const struct ge_p3 *B, const uint8_t n[32])
{
	static const uint8_t zero[32];
	struct ge_p2 r;
	fe zi;

	ge_double_scalarmult_vartime(&r, n, B, zero);
	fe_invert(zi, r.Z);
	fe_mul(x, r.X, zi);
	fe_mul(y, r.Y, zi);
}

/* The generated constants and tables (gen_ed25519_tables.py) against the
 * curve definition: B from its RFC 8032 encoding, d from d * 121666 = -121665,
 * sqrt(-1)^2 = -1, every table entry from scalar multiples by the group law. */
void test_base_tables(void **state)
{
	uint8_t enc[32], want[32], got[32], n[32];
	struct ge_p3 B;
	fe t, u, x, y;
	(void)state;

	/* B encodes as y = 4/5: 0x58 followed by 31 bytes 0x66 (RFC 8032 5.1). */
	memset(enc, 0x66, 32);
	enc[0] = 0x58;
	assert_int_equal(ge_frombytes_vartime(&B, enc), 0);
	fe_bytes(want, B.X), fe_bytes(got, FE_BASE_X);
	assert_memory_equal(want, got, 32);
	fe_bytes(want, B.Y), fe_bytes(got, FE_BASE_Y);
	assert_memory_equal(want, got, 32);

	fe_0(t);
	t[0] = 121666;
	fe_mul(u, FE_D, t);
	fe_add(u, u, (fe){121665, 0, 0, 0, 0});
	fe_bytes(got, u);
	memset(want, 0, 32);
	assert_memory_equal(want, got, 32); /* d * 121666 + 121665 = 0 */
	fe_add(t, FE_D, FE_D);
	fe_bytes(want, t), fe_bytes(got, FE_D2);
	assert_memory_equal(want, got, 32);
	fe_sq(t, FE_SQRTM1);
	fe_add(t, t, (fe){1, 0, 0, 0, 0});
	fe_bytes(got, t);
	memset(want, 0, 32);
	assert_memory_equal(want, got, 32); /* sqrt(-1)^2 + 1 = 0 */

	/* BASE_TABLE[i][j] = (j + 1) 256^i B */
	for (int i = 0; i < 32; i++) {
		for (int j = 0; j < 8; j++) {
			memset(n, 0, 32);
			n[i] = (uint8_t)(j + 1);
			mul_base_by_law(x, y, &B, n);
			expect_precomp(&BASE_TABLE[i][j], x, y);
		}
	}
	/* The constant-time fixed-base multiplication agrees with the group law on
	 * its whole input range (a[31] <= 127), edge scalars included. */
	for (int k = 0; k < 300; k++) {
		struct ge_p3 P;
		uint8_t enc_ct[32], enc_law[32];
		fe zi;

		if (k < 4) {
			memset(n, k == 0 ? 0x00 : 0xff, 32);
			if (k == 2)
				memset(n, 0x88, 32); /* every digit 8 before recentring */
			if (k == 3)
				unhex(n, 32,
				      "ecd3f55c1a631258d69cf7a2def9de140000000000000000000000000000"
				      "0010");
		} else {
			rnd_bytes(n, 32);
		}
		n[31] &= 0x7f;
		ge_scalarmult_base(&P, n);
		ge_p3_tobytes(enc_ct, &P);
		mul_base_by_law(x, y, &B, n);
		fe_1(zi);
		{
			struct ge_p2 q;
			fe_copy(q.X, x);
			fe_copy(q.Y, y);
			fe_copy(q.Z, zi);
			ge_p2_tobytes(enc_law, &q);
		}
		assert_memory_equal(enc_ct, enc_law, 32);
	}

	/* BASE_ODD[j] = (2j + 1) B */
	for (int j = 0; j < 64; j++) {
		memset(n, 0, 32);
		n[0] = (uint8_t)(2 * j + 1);
		mul_base_by_law(x, y, &B, n);
		expect_precomp(&BASE_ODD[j], x, y);
	}
}

/* ---------------------------------------------------------------- scalars */

/* x = m L + c for a small multiple m and a small signed offset c, as 64 bytes. */
static void multiple_of_l(uint8_t x[64], unsigned m, int c)
{
	static const uint8_t L[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
				      0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
				      0,    0,	  0,	0,    0,    0,	  0,	0,
				      0,    0,	  0,	0,    0,    0,	  0,	0x10};
	unsigned carry = 0;
	int64_t borrow = c;

	for (int i = 0; i < 64; i++) {
		unsigned v = (i < 32 ? L[i] * m : 0) + carry;
		x[i] = (uint8_t)v;
		carry = v >> 8;
	}
	for (int i = 0; i < 64 && borrow != 0; i++) {
		int64_t v = (int64_t)x[i] + borrow;
		x[i] = (uint8_t)v;
		borrow = v >> 8; /* arithmetic: -1 on underflow, +1 on overflow */
	}
}

/* Barrett reduction and multiply-add at the edges of their ranges, against
 * libsodium's scalar arithmetic. */
void test_scalar_edges(void **state)
{
	uint8_t x[64], ours[32], theirs[32], a[32], b[32], c[32], t[32];
	(void)state;

	for (int k = 0; k < 200; k++) {
		if (k < 64) {
			multiple_of_l(x, (unsigned)(k / 8), (k % 8) - 4);
		} else if (k < 72) {
			memset(x, k & 1 ? 0xff : 0x00, 64);
			x[k % 64] ^= 0x80;
		} else {
			rnd_bytes(x, 64);
			if (k % 3 == 0)
				memset(x + 32, 0xff, 32);
		}
		if (k < 8 && (k % 8) - 4 < 0)
			continue; /* 0 * L - c is negative */
		sc_reduce512(ours, x);
		crypto_core_ed25519_scalar_reduce(theirs, x);
		assert_memory_equal(ours, theirs, 32);
	}
	for (int k = 0; k < 2000; k++) {
		/* a, b < 2^256 as the signer uses them; c < L */
		rnd_bytes(a, 32);
		rnd_bytes(b, 32);
		rnd_bytes(x, 64);
		sc_reduce512(c, x);
		if (k % 4 == 0)
			memset(a, 0xff, 32);
		if (k % 8 == 1)
			memset(b, 0xff, 31), b[31] = 0x7f;
		sc_muladd(ours, a, b, c);
		/* libsodium: reduce a and b first, then (a b) + c mod L */
		memset(x, 0, 64);
		memcpy(x, a, 32);
		crypto_core_ed25519_scalar_reduce(a, x);
		memcpy(x, b, 32);
		crypto_core_ed25519_scalar_reduce(b, x);
		crypto_core_ed25519_scalar_mul(t, a, b);
		crypto_core_ed25519_scalar_add(theirs, t, c);
		assert_memory_equal(ours, theirs, 32);
	}
}
