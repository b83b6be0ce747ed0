/* Constant-time check under valgrind memcheck. Secrets (the Ed25519 seed, the
 * AEAD, ChaCha20 and Poly1305 keys, the DRBG seed, hashed secret data) are
 * marked undefined; memcheck then reports every conditional branch and every
 * memory address that depends on them. Each operation is checked on its own
 * with VALGRIND_COUNT_ERRORS. A deliberately leaky function proves that the
 * harness detects a secret-dependent branch and a secret-dependent index. */
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "crypto/aead.h"
#include "crypto/chacha20.h"
#include "crypto/drbg.h"
#include "crypto/ed25519.h"
#include "crypto/poly1305.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static int failures;

static void check(const char *name, unsigned before)
{
	unsigned after = VALGRIND_COUNT_ERRORS;
	if (after != before) {
		printf("[FAIL] ct:%s: memcheck reported %u secret-dependent branch(es) or "
		       "index(es); see the log\n",
		       name, after - before);
		failures++;
	} else {
		printf("[OK] ct:%s\n", name);
	}
	fflush(stdout);
}

static volatile int sink;
int ct_leak_table[256]; /* not const: the index must stay a real load */

__attribute__((noinline)) static void leaky_branch(const unsigned char *secret)
{
	if (secret[0] & 1)
		sink++;
}

__attribute__((noinline)) static void leaky_index(const unsigned char *secret)
{
	sink += ct_leak_table[secret[1]];
}

int main(void)
{
	unsigned char seed[32], pk[32], sig[64], msg[700], key[32], nonce[24], ad[20];
	unsigned char ct[700], out[700], tag[16], digest[64];
	unsigned before;

	if (!RUNNING_ON_VALGRIND) {
		printf("[FAIL] ct:valgrind: this check must run under valgrind memcheck\n");
		return 1;
	}
	for (int i = 0; i < 32; i++)
		seed[i] = key[i] = (unsigned char)(7 * i + 1);
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)i;
	memset(nonce, 0x24, sizeof(nonce));
	memset(ad, 0x11, sizeof(ad));

	/* The harness must see deliberate leaks. */
	before = VALGRIND_COUNT_ERRORS;
	SECRET(seed, 32);
	leaky_branch(seed);
	leaky_index(seed);
	if (VALGRIND_COUNT_ERRORS - before >= 2) {
		printf("[OK] ct:harness_detects_leaks\n");
	} else {
		printf("[FAIL] ct:harness_detects_leaks: memcheck did not flag a planted leak\n");
		failures++;
	}

	before = VALGRIND_COUNT_ERRORS;
	SECRET(seed, 32);
	ed25519_public_key(pk, seed);
	check("ed25519_public_key", before);
	PUBLIC(pk, 32);

	for (int round = 0; round < 3; round++) {
		before = VALGRIND_COUNT_ERRORS;
		SECRET(seed, 32);
		ed25519_sign(sig, msg, 50 * (size_t)round, seed, pk);
		check(round == 0   ? "ed25519_sign_empty"
		      : round == 1 ? "ed25519_sign_50"
				   : "ed25519_sign_100",
		      before);
		seed[0] ^= 0x55; /* a different secret each round */
	}

	before = VALGRIND_COUNT_ERRORS;
	SECRET(msg, 128);
	sha512(msg, 128, digest);
	sha256(msg, 128, digest);
	check("sha2_secret_data", before);
	PUBLIC(msg, sizeof(msg));

	before = VALGRIND_COUNT_ERRORS;
	SECRET(key, 32);
	chacha20_xor(ct, msg, 650, key, 1, nonce);
	check("chacha20", before);

	before = VALGRIND_COUNT_ERRORS;
	SECRET(key, 32);
	poly1305(tag, msg, 650, key);
	check("poly1305", before);

	before = VALGRIND_COUNT_ERRORS;
	SECRET(key, 32);
	chacha20poly1305_encrypt(ct, tag, msg, 650, ad, sizeof(ad), nonce, key);
	check("chacha20poly1305_encrypt", before);

	/* Decryption: the tag comparison runs on secret data; only its final
	 * verdict (a public fact) is declassified inside the library. */
	before = VALGRIND_COUNT_ERRORS;
	PUBLIC(ct, sizeof(ct));
	PUBLIC(tag, sizeof(tag));
	SECRET(key, 32);
	int r = chacha20poly1305_decrypt(out, ct, 650, tag, ad, sizeof(ad), nonce, key);
	check("chacha20poly1305_decrypt_valid", before);
	PUBLIC(&r, sizeof(r));
	if (r != 0) {
		printf("[FAIL] ct:aead_roundtrip: valid ciphertext rejected\n");
		failures++;
	}

	before = VALGRIND_COUNT_ERRORS;
	tag[3] ^= 1;
	SECRET(key, 32);
	r = chacha20poly1305_decrypt(out, ct, 650, tag, ad, sizeof(ad), nonce, key);
	check("chacha20poly1305_decrypt_forged", before);

	before = VALGRIND_COUNT_ERRORS;
	SECRET(key, 32);
	xchacha20poly1305_encrypt(ct, tag, msg, 650, ad, sizeof(ad), nonce, key);
	PUBLIC(ct, sizeof(ct));
	PUBLIC(tag, sizeof(tag));
	SECRET(key, 32);
	r = xchacha20poly1305_decrypt(out, ct, 650, tag, ad, sizeof(ad), nonce, key);
	check("xchacha20poly1305", before);

	before = VALGRIND_COUNT_ERRORS;
	{
		struct drbg d;
		unsigned char entropy[48];
		memset(entropy, 0x5a, sizeof(entropy));
		SECRET(entropy, sizeof(entropy));
		drbg_seed(&d, entropy, sizeof(entropy));
		drbg_generate(&d, out, sizeof(out));
		drbg_reseed(&d, entropy, 8);
		drbg_generate(&d, out, 33);
		drbg_wipe(&d);
	}
	check("drbg", before);

	printf("# %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
