/* Host unit tests for lib/crypto (one cmocka binary, run under ASan and UBSan):
 * - here: the portable known-answer self-tests (the same ones the kernel runs),
 *   every Wycheproof case for Ed25519, ChaCha20-Poly1305 and
 *   XChaCha20-Poly1305, FNV-1a, DRBG and host randomness behaviour;
 * - crypto_diff_test.c: random differential testing against libsodium
 *   (10,000 Ed25519 and 10,000 AEAD cases, plus hashes, Poly1305, ChaCha20);
 * - crypto_internal_test.c: the base-point tables and the fixed-base
 *   multiplication against the group law, scalar arithmetic at its edges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/aead.h"
#include "crypto/drbg.h"
#include "crypto/ed25519.h"
#include "crypto/fnv1a.h"
#include "crypto/random.h"
#include "crypto/selftest.h"
#include "crypto_test.h"

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

/* ---------------------------------------------------------------- helpers */

size_t unhex(uint8_t *out, size_t cap, const char *hex)
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

/* A small deterministic generator so that failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rnd_bytes(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd64();
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
	assert_int_equal(drbg_generate(&a, NULL, 0), 0);
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
