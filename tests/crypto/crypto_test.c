/* Host unit tests for lib/crypto (cmocka, run under ASan and UBSan):
 * - the portable known-answer self-tests (the same ones the kernel runs);
 * - every Wycheproof case for Ed25519, ChaCha20-Poly1305, XChaCha20-Poly1305;
 * - random differential testing against libsodium (>= 10,000 cases);
 * - the base-point tables against multiples computed with the group law;
 * - DRBG and host randomness behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "crypto/ge25519.h" /* internal: fe, points, the generated tables */
#include "crypto/ed25519_tables.h"
#include "crypto/sc25519.h" /* internal: scalars mod L */
#include "crypto/aead.h"
#include "crypto/chacha20.h"
#include "crypto/drbg.h"
#include "crypto/ed25519.h"
#include "crypto/fnv1a.h"
#include "crypto/poly1305.h"
#include "crypto/random.h"
#include "crypto/selftest.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"

struct wy_eddsa {
	int id;
	const char *pk, *msg, *sig;
	int valid;
};

struct wy_aead {
	int id;
	const char *key, *iv, *aad, *msg, *ct, *tag;
	int valid;
};

#include "wycheproof_vectors.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex) / 2;
	assert_true(n <= cap);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* ---------------------------------------------------------------- self-tests */

static void test_selftests(void **state)
{
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < crypto_selftest_count; i++) {
		const char *r = crypto_selftests[i].run();
		printf("# %s: %s\n", crypto_selftests[i].name, r ? r : "ok");
		failed += r != NULL;
	}
	assert_true(crypto_selftest_count >= 19);
	assert_int_equal(failed, 0);
}

/* ---------------------------------------------------------------- Wycheproof */

static void test_wycheproof_ed25519(void **state)
{
	static uint8_t msg[4096], sig[256], pk[32];
	size_t bad = 0;
	(void)state;

	assert_int_equal(ARRAY_LEN(WY_ED25519), WY_ED25519_DECLARED);
	assert_int_equal(ARRAY_LEN(WY_ED25519), 151);
	for (size_t i = 0; i < ARRAY_LEN(WY_ED25519); i++) {
		const struct wy_eddsa *t = &WY_ED25519[i];
		size_t mlen = unhex(msg, sizeof(msg), t->msg);
		size_t slen = unhex(sig, sizeof(sig), t->sig);
		unhex(pk, sizeof(pk), t->pk);
		/* A signature of the wrong length cannot be passed to the API at all:
		 * that is the rejection. */
		int ok = slen == 64 && ed25519_verify(sig, msg, mlen, pk);
		if (ok != t->valid) {
			printf("# ed25519 tcId %d: expected %s\n", t->id,
			       t->valid ? "valid" : "invalid");
			bad++;
		}
	}
	printf("# ed25519: %zu Wycheproof cases\n", ARRAY_LEN(WY_ED25519));
	assert_int_equal(bad, 0);
}

static void check_aead_cases(const struct wy_aead *cases, size_t n, int x)
{
	static uint8_t key[32], iv[64], aad[4096], msg[4096], ct[4096], tag[64], out[4096],
	    got_tag[16];
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		const struct wy_aead *t = &cases[i];
		size_t klen = unhex(key, sizeof(key), t->key);
		size_t ivlen = unhex(iv, sizeof(iv), t->iv);
		size_t alen = unhex(aad, sizeof(aad), t->aad);
		size_t mlen = unhex(msg, sizeof(msg), t->msg);
		size_t clen = unhex(ct, sizeof(ct), t->ct);
		size_t tlen = unhex(tag, sizeof(tag), t->tag);
		size_t want_iv = x ? 24 : 12;
		int ok;

		if (klen != 32 || ivlen != want_iv || tlen != 16 || clen != mlen) {
			ok = 0; /* not representable in the API: rejected */
		} else {
			/* Decryption must accept exactly the valid cases... */
			int r =
			    x ? xchacha20poly1305_decrypt(out, ct, clen, tag, aad, alen, iv, key)
			      : chacha20poly1305_decrypt(out, ct, clen, tag, aad, alen, iv, key);
			ok = r == 0 && memcmp(out, msg, mlen) == 0;
			if (r != 0) {
				for (size_t j = 0; j < clen; j++)
					if (out[j] != 0)
						ok = -1; /* plaintext leaked on failure */
			}
			/* ...and encryption must reproduce the valid ones. */
			if (t->valid) {
				if (x)
					xchacha20poly1305_encrypt(out, got_tag, msg, mlen, aad,
								  alen, iv, key);
				else
					chacha20poly1305_encrypt(out, got_tag, msg, mlen, aad, alen,
								 iv, key);
				if (memcmp(out, ct, clen) != 0 || memcmp(got_tag, tag, 16) != 0)
					ok = -1;
			}
		}
		if (ok != t->valid) {
			printf("# %s tcId %d: expected %s\n", x ? "xchacha" : "chacha", t->id,
			       t->valid ? "valid" : "invalid");
			bad++;
		}
	}
	printf("# %s: %zu Wycheproof cases\n", x ? "xchacha20_poly1305" : "chacha20_poly1305", n);
	assert_int_equal(bad, 0);
}

static void test_wycheproof_chacha20_poly1305(void **state)
{
	(void)state;
	assert_int_equal(ARRAY_LEN(WY_CHACHA), WY_CHACHA_DECLARED);
	assert_int_equal(ARRAY_LEN(WY_CHACHA), 325);
	check_aead_cases(WY_CHACHA, ARRAY_LEN(WY_CHACHA), 0);
}

static void test_wycheproof_xchacha20_poly1305(void **state)
{
	(void)state;
	assert_int_equal(ARRAY_LEN(WY_XCHACHA), WY_XCHACHA_DECLARED);
	assert_int_equal(ARRAY_LEN(WY_XCHACHA), 315);
	check_aead_cases(WY_XCHACHA, ARRAY_LEN(WY_XCHACHA), 1);
}

/* ---------------------------------------------------------------- libsodium */

/* A small deterministic generator so that failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd64();
}

#define ED_CASES   10000
#define AEAD_CASES 10000

static void test_differential_ed25519(void **state)
{
	static uint8_t msg[300];
	size_t mismatches = 0, mutations = 0, accepted_mutations = 0;
	(void)state;

	for (int i = 0; i < ED_CASES; i++) {
		uint8_t seed[32], pk[32], pk_s[32], sk_s[64], sig[64], sig_s[64];
		size_t len = rnd64() % sizeof(msg);
		int ours, theirs;

		rnd_bytes(seed, 32);
		rnd_bytes(msg, len);
		ed25519_public_key(pk, seed);
		crypto_sign_seed_keypair(pk_s, sk_s, seed);
		if (memcmp(pk, pk_s, 32) != 0) {
			mismatches++;
			continue;
		}
		ed25519_sign(sig, msg, len, seed, pk);
		crypto_sign_detached(sig_s, NULL, msg, len, sk_s);
		if (memcmp(sig, sig_s, 64) != 0)
			mismatches++;
		if (!ed25519_verify(sig, msg, len, pk) ||
		    crypto_sign_verify_detached(sig, msg, len, pk) != 0)
			mismatches++;

		/* One mutation per case: the signature, the message or the key. */
		switch (i % 4) {
		case 0:
			sig[rnd64() % 64] ^= (uint8_t)(1u << (rnd64() % 8));
			break;
		case 1:
			if (len == 0)
				msg[len++] = 0;
			else
				msg[rnd64() % len] ^= (uint8_t)(1u << (rnd64() % 8));
			break;
		case 2:
			pk[rnd64() % 32] ^= (uint8_t)(1u << (rnd64() % 8));
			break;
		case 3:
			/* S replaced by random bytes, often >= L */
			rnd_bytes(sig + 32, 32);
			break;
		}
		mutations++;
		ours = ed25519_verify(sig, msg, len, pk);
		theirs = crypto_sign_verify_detached(sig, msg, len, pk) == 0;
		if (ours != theirs) {
			printf("# case %d: mutation verify ours=%d libsodium=%d\n", i, ours,
			       theirs);
			mismatches++;
		}
		accepted_mutations += ours;
	}
	printf("# ed25519: %d random cases, %zu mutations (%zu accepted by both), %zu mismatches\n",
	       ED_CASES, mutations, accepted_mutations, mismatches);
	assert_int_equal(mismatches, 0);
}

/* Special public keys and signatures the random cases never hit. */
static void test_differential_ed25519_edge_keys(void **state)
{
	static const char *keys[] = {
	    /* small-order points and non-canonical encodings */
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    "0100000000000000000000000000000000000000000000000000000000000000",
	    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
	    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
	    "0100000000000000000000000000000000000000000000000000000000000080",
	    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	};
	uint8_t pk[32], sig[64], msg[8] = "message";
	size_t mismatches = 0;
	(void)state;

	for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
		unhex(pk, 32, keys[k]);
		for (int i = 0; i < 200; i++) {
			rnd_bytes(sig, 64);
			sig[63] &= 0x0f; /* S < 2^252 < L */
			if (i % 2 == 0)
				memcpy(sig, pk, 32); /* R = A */
			int ours = ed25519_verify(sig, msg, sizeof(msg), pk);
			int theirs = crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) == 0;
			mismatches += ours != theirs;
		}
	}
	assert_int_equal(mismatches, 0);
}

/* The verification rules of docs/crypto.md that Wycheproof does not pin down. */
static void test_verify_rules(void **state)
{
	uint8_t pk[32], sig[64], seed[32] = {9}, good_pk[32], good_sig[64];
	const uint8_t msg[3] = "abc";
	(void)state;

	/* A = identity, R = identity, S = 0: [0]B == R + [k]A holds, yet the key
	 * has small order, so the signature is rejected. */
	memset(pk, 0, 32);
	pk[0] = 1;
	memset(sig, 0, 64);
	sig[0] = 1;
	assert_false(ed25519_verify(sig, msg, sizeof(msg), pk));
	assert_int_not_equal(crypto_sign_verify_detached(sig, msg, sizeof(msg), pk), 0);

	/* A non-canonical encoding of a key (y + p for small y) is rejected. */
	unhex(pk, 32, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	assert_false(ed25519_verify(sig, msg, sizeof(msg), pk));

	/* S = L - 1 is in range; S = L and S = L + 1 are not (and are never
	 * reduced): a valid signature with L added to S is rejected. */
	ed25519_public_key(good_pk, seed);
	ed25519_sign(good_sig, msg, sizeof(msg), seed, good_pk);
	assert_true(ed25519_verify(good_sig, msg, sizeof(msg), good_pk));
	{
		static const uint8_t L[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
					      0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
					      0,    0,	  0,	0,    0,    0,	  0,	0,
					      0,    0,	  0,	0,    0,    0,	  0,	0x10};
		unsigned carry = 0;
		memcpy(sig, good_sig, 64);
		for (int i = 0; i < 32; i++) {
			unsigned v = sig[32 + i] + L[i] + carry;
			sig[32 + i] = (uint8_t)v;
			carry = v >> 8;
		}
		assert_false(ed25519_verify(sig, msg, sizeof(msg), good_pk));
	}

	/* R with its sign bit flipped (the negated point) is rejected. */
	memcpy(sig, good_sig, 64);
	sig[31] ^= 0x80;
	assert_false(ed25519_verify(sig, msg, sizeof(msg), good_pk));

	/* A wrong pk passed to sign cannot change the signature: the key is
	 * always derived from the seed. */
	memset(pk, 0x42, 32);
	ed25519_sign(sig, msg, sizeof(msg), seed, pk);
	assert_memory_equal(sig, good_sig, 64);
}

static void test_differential_aead(void **state)
{
	static uint8_t pt[600], ct[600], ct_s[600 + 16], out[600], ad[64];
	size_t mismatches = 0;
	(void)state;

	for (int i = 0; i < AEAD_CASES; i++) {
		uint8_t key[32], nonce[24], tag[16];
		size_t len = rnd64() % sizeof(pt), adlen = rnd64() % sizeof(ad);
		unsigned long long clen;
		int x = i & 1, ours, theirs;

		rnd_bytes(key, 32);
		rnd_bytes(nonce, 24);
		rnd_bytes(pt, len);
		rnd_bytes(ad, adlen);
		if (x) {
			xchacha20poly1305_encrypt(ct, tag, pt, len, ad, adlen, nonce, key);
			crypto_aead_xchacha20poly1305_ietf_encrypt(ct_s, &clen, pt, len, ad, adlen,
								   NULL, nonce, key);
		} else {
			chacha20poly1305_encrypt(ct, tag, pt, len, ad, adlen, nonce, key);
			crypto_aead_chacha20poly1305_ietf_encrypt(ct_s, &clen, pt, len, ad, adlen,
								  NULL, nonce, key);
		}
		if (clen != len + 16 || memcmp(ct, ct_s, len) != 0 || memcmp(tag, ct_s + len, 16))
			mismatches++;

		/* Tamper with the ciphertext, the tag, the AD or nothing; both sides
		 * must agree on acceptance. */
		switch (i % 4) {
		case 0:
			if (len > 0) {
				size_t j = rnd64() % len;
				ct[j] ^= 1;
				ct_s[j] ^= 1;
			}
			break;
		case 1:
			tag[rnd64() % 16] ^= 0x40;
			memcpy(ct_s + len, tag, 16);
			break;
		case 2:
			if (adlen > 0)
				ad[rnd64() % adlen] ^= 0x80;
			break;
		default:
			break;
		}
		if (x) {
			ours = xchacha20poly1305_decrypt(out, ct, len, tag, ad, adlen, nonce, key);
			theirs = crypto_aead_xchacha20poly1305_ietf_decrypt(
			    pt, NULL, NULL, ct_s, len + 16, ad, adlen, nonce, key);
		} else {
			ours = chacha20poly1305_decrypt(out, ct, len, tag, ad, adlen, nonce, key);
			theirs = crypto_aead_chacha20poly1305_ietf_decrypt(
			    pt, NULL, NULL, ct_s, len + 16, ad, adlen, nonce, key);
		}
		if (ours != theirs || (ours == 0 && memcmp(out, pt, len) != 0))
			mismatches++;
	}
	printf("# aead: %d random cases, %zu mismatches\n", AEAD_CASES, mismatches);
	assert_int_equal(mismatches, 0);
}

static void test_differential_hashes(void **state)
{
	static uint8_t data[2000];
	size_t mismatches = 0;
	(void)state;

	for (int i = 0; i < 2000; i++) {
		size_t len = rnd64() % sizeof(data), cut = len ? rnd64() % len : 0;
		uint8_t a[64], b[64], key[32];
		struct sha512_ctx c512;
		struct sha256_ctx c256;
		struct poly1305_ctx p;

		rnd_bytes(data, len);
		sha512_init(&c512);
		sha512_update(&c512, data, cut);
		sha512_update(&c512, data + cut, len - cut);
		sha512_final(&c512, a);
		crypto_hash_sha512(b, data, len);
		mismatches += memcmp(a, b, 64) != 0;

		sha256_init(&c256);
		sha256_update(&c256, data, cut);
		sha256_update(&c256, data + cut, len - cut);
		sha256_final(&c256, a);
		crypto_hash_sha256(b, data, len);
		mismatches += memcmp(a, b, 32) != 0;

		rnd_bytes(key, 32);
		poly1305_init(&p, key);
		poly1305_update(&p, data, cut);
		poly1305_update(&p, data + cut, len - cut);
		poly1305_final(&p, a);
		crypto_onetimeauth_poly1305(b, data, len, key);
		mismatches += memcmp(a, b, 16) != 0;

		if (len >= 24) {
			/* XChaCha20 and HChaCha20 (libsodium's XChaCha20 has a 64-bit
			 * counter whose high word is the IETF nonce's zero prefix). */
			uint8_t x1[64], x2[64];
			size_t n = len < 64 ? len : 64;
			xchacha20_xor(x1, data, n, key, (uint32_t)i, data);
			crypto_stream_xchacha20_xor_ic(x2, data, n, data, (uint64_t)i, key);
			mismatches += memcmp(x1, x2, n) != 0;
			hchacha20(x1, key, data);
			crypto_core_hchacha20(x2, data, key, NULL);
			mismatches += memcmp(x1, x2, 32) != 0;
		}
		chacha20_xor(a, data, len < 64 ? len : 64, key, (uint32_t)i, data);
		if (len >= 12) {
			uint8_t c[64];
			crypto_stream_chacha20_ietf_xor_ic(c, data, len < 64 ? len : 64, data,
							   (uint32_t)i, key);
			mismatches += memcmp(a, c, len < 64 ? len : 64) != 0;
		}
	}
	assert_int_equal(mismatches, 0);
}

/* ChaCha20 over every length up to 40 blocks (the 8-, 4- and 1-block paths and
 * the partial tail) and arbitrary counters, against libsodium. */
static void test_differential_chacha20_lengths(void **state)
{
	static uint8_t in[2600], a[2600], b[2600];
	uint8_t key[32], nonce[12];
	(void)state;

	rnd_bytes(in, sizeof(in));
	for (size_t len = 0; len <= sizeof(in); len += 1 + len / 16) {
		uint32_t ctr = (uint32_t)rnd64() & 0x7fffffff;
		rnd_bytes(key, 32);
		rnd_bytes(nonce, 12);
		chacha20_xor(a, in, len, key, ctr, nonce);
		crypto_stream_chacha20_ietf_xor_ic(b, in, len, nonce, ctr, key);
		assert_memory_equal(a, b, len);
		chacha20_xor(a, a, len, key, ctr, nonce); /* in place, and back */
		assert_memory_equal(a, in, len);
	}
}

/* Poly1305 with h and r near their limits: all-0xff messages and keys. */
static void test_poly1305_extremes(void **state)
{
	uint8_t key[32], data[256], a[16], b[16];
	(void)state;

	memset(data, 0xff, sizeof(data));
	for (int k = 0; k < 4; k++) {
		memset(key, k & 1 ? 0xff : 0x00, 16);
		memset(key + 16, k & 2 ? 0xff : 0x00, 16);
		for (size_t len = 0; len <= sizeof(data); len += 17) {
			poly1305(a, data, len, key);
			crypto_onetimeauth_poly1305(b, data, len, key);
			assert_memory_equal(a, b, 16);
		}
	}
}

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
static void test_base_tables(void **state)
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
static void test_scalar_edges(void **state)
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

/* ---------------------------------------------------------------- misc */

static void test_fnv1a_incremental(void **state)
{
	uint8_t data[100];
	(void)state;
	rnd_bytes(data, sizeof(data));
	for (size_t cut = 0; cut <= sizeof(data); cut++) {
		uint64_t h = fnv1a64_update(FNV1A64_OFFSET_BASIS, data, cut);
		h = fnv1a64_update(h, data + cut, sizeof(data) - cut);
		assert_true(h == fnv1a64(data, sizeof(data)));
	}
}

static void test_drbg(void **state)
{
	struct drbg a, b;
	uint8_t seed[32] = {1, 2, 3}, x[100], y[100], z[100];
	(void)state;

	memset(&a, 0, sizeof(a));
	assert_int_equal(drbg_generate(&a, x, sizeof(x)), -1);
	assert_int_equal(drbg_seed(&a, seed, 16), -1);
	assert_int_equal(drbg_seed(&a, seed, 32), 0);
	assert_int_equal(drbg_seed(&b, seed, 32), 0);
	assert_int_equal(drbg_generate(&a, x, sizeof(x)), 0);
	assert_int_equal(drbg_generate(&b, y, sizeof(y)), 0);
	assert_memory_equal(x, y, sizeof(x)); /* deterministic */
	assert_int_equal(drbg_generate(&a, z, sizeof(z)), 0);
	assert_memory_not_equal(x, z, sizeof(x)); /* key moved on */
	drbg_reseed(&b, "jitter", 6);
	assert_int_equal(drbg_generate(&b, y, sizeof(y)), 0);
	assert_memory_not_equal(y, z, sizeof(y)); /* reseed changed the stream */
	assert_false(drbg_needs_reseed(&a));
	static uint8_t big[(1 << 20) + 5];
	assert_int_equal(drbg_generate(&a, big, sizeof(big)), 0);
	assert_true(drbg_needs_reseed(&a));
	drbg_wipe(&a);
	assert_int_equal(drbg_generate(&a, x, sizeof(x)), -1);
}

static void test_random_host(void **state)
{
	uint8_t a[1000], b[1000];
	(void)state;
	assert_int_equal(crypto_random_bytes(a, sizeof(a)), 0);
	assert_int_equal(crypto_random_bytes(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(crypto_random_bytes(a, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_selftests),
	    cmocka_unit_test(test_wycheproof_ed25519),
	    cmocka_unit_test(test_wycheproof_chacha20_poly1305),
	    cmocka_unit_test(test_wycheproof_xchacha20_poly1305),
	    cmocka_unit_test(test_differential_ed25519),
	    cmocka_unit_test(test_differential_ed25519_edge_keys),
	    cmocka_unit_test(test_verify_rules),
	    cmocka_unit_test(test_base_tables),
	    cmocka_unit_test(test_scalar_edges),
	    cmocka_unit_test(test_differential_aead),
	    cmocka_unit_test(test_differential_hashes),
	    cmocka_unit_test(test_differential_chacha20_lengths),
	    cmocka_unit_test(test_poly1305_extremes),
	    cmocka_unit_test(test_fnv1a_incremental),
	    cmocka_unit_test(test_drbg),
	    cmocka_unit_test(test_random_host),
	};
	if (sodium_init() < 0)
		return 2;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
