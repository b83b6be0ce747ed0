/* lib/crypto against libsodium: random differential cases and special inputs. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/aead.h"
#include "crypto/chacha20.h"
#include "crypto/ed25519.h"
#include "crypto/poly1305.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "crypto_test.h"

#define ED_CASES   10000
#define AEAD_CASES 10000

void test_differential_ed25519(void **state)
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
void test_differential_ed25519_edge_keys(void **state)
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
void test_verify_rules(void **state)
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

void test_differential_aead(void **state)
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

void test_differential_hashes(void **state)
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
void test_differential_chacha20_lengths(void **state)
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
void test_poly1305_extremes(void **state)
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
