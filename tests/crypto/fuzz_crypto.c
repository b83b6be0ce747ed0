/* libFuzzer differential target: lib/crypto against libsodium on arbitrary
 * input. The first byte picks the mode:
 *   0  ed25519_verify on a raw (pk, sig, msg)
 *   1  sign with a seed from the input, compare key and signature, then verify
 *      after an input-chosen bit flip in the signature, key or message
 *   2  ChaCha20-Poly1305 decryption of a raw (key, nonce, tag, ad, ct)
 *   3  XChaCha20-Poly1305 encryption, then decryption after an input-chosen flip
 * Any disagreement aborts (a crash, which libFuzzer reports with the input). */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/ed25519.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static uint8_t out[1 << 16], out2[(1 << 16) + 16];

static void fuzz_verify(const uint8_t *d, size_t n)
{
	if (n < 96)
		return;
	int ours = ed25519_verify(d + 32, d + 96, n - 96, d);
	int theirs = crypto_sign_verify_detached(d + 32, d + 96, n - 96, d) == 0;
	CHECK(ours == theirs);
}

static void fuzz_sign(const uint8_t *d, size_t n)
{
	uint8_t pk[32], pk2[32], sk[64], sig[64], sig2[64], msg[4096];
	size_t len;

	if (n < 35)
		return;
	len = n - 35 > sizeof(msg) ? sizeof(msg) : n - 35;
	memcpy(msg, d + 35, len);
	ed25519_public_key(pk, d);
	crypto_sign_seed_keypair(pk2, sk, d);
	CHECK(memcmp(pk, pk2, 32) == 0);
	ed25519_sign(sig, msg, len, d, pk);
	crypto_sign_detached(sig2, NULL, msg, len, sk);
	CHECK(memcmp(sig, sig2, 64) == 0);
	CHECK(ed25519_verify(sig, msg, len, pk));

	/* d[32..34]: what to flip */
	unsigned where = d[32] % 3, pos = d[33], bit = d[34] & 7;
	if (where == 0)
		sig[pos % 64] ^= (uint8_t)(1u << bit);
	else if (where == 1)
		pk[pos % 32] ^= (uint8_t)(1u << bit);
	else if (len > 0)
		msg[pos % len] ^= (uint8_t)(1u << bit);
	CHECK(ed25519_verify(sig, msg, len, pk) ==
	      (crypto_sign_verify_detached(sig, msg, len, pk) == 0));
}

static void fuzz_decrypt(const uint8_t *d, size_t n)
{
	if (n < 61)
		return;
	const uint8_t *key = d, *nonce = d + 32, *tag = d + 44;
	size_t ad_len = d[60], rest = n - 61;
	if (ad_len > rest)
		ad_len = rest;
	const uint8_t *ad = d + 61, *ct = ad + ad_len;
	size_t len = rest - ad_len;
	if (len > sizeof(out))
		return;
	memcpy(out2, ct, len);
	memcpy(out2 + len, tag, 16);
	int ours = chacha20poly1305_decrypt(out, ct, len, tag, ad, ad_len, nonce, key);
	int theirs = crypto_aead_chacha20poly1305_ietf_decrypt(out2, NULL, NULL, out2, len + 16, ad,
							       ad_len, nonce, key);
	CHECK(ours == theirs);
	CHECK(ours != 0 || memcmp(out, out2, len) == 0);
}

static void fuzz_xchacha(const uint8_t *d, size_t n)
{
	uint8_t tag[16];
	unsigned long long clen;

	if (n < 59)
		return;
	const uint8_t *key = d, *nonce = d + 32;
	size_t ad_len = d[56] % 64, len = n - 59;
	const uint8_t *pt = d + 59;
	if (len > sizeof(out))
		return;
	if (ad_len > len)
		ad_len = len;
	xchacha20poly1305_encrypt(out, tag, pt, len, pt, ad_len, nonce, key);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out2, &clen, pt, len, pt, ad_len, NULL, nonce,
						   key);
	CHECK(clen == len + 16 && memcmp(out, out2, len) == 0 && memcmp(tag, out2 + len, 16) == 0);
	/* flip one bit of the ciphertext or tag (d[57], d[58]) in both */
	size_t pos = ((size_t)d[57] << 8 | d[58]) % (len + 16);
	out2[pos] ^= 1;
	if (pos < len)
		out[pos] ^= 1;
	else
		tag[pos - len] ^= 1;
	int ours = xchacha20poly1305_decrypt(out, out, len, tag, pt, ad_len, nonce, key);
	int theirs = crypto_aead_xchacha20poly1305_ietf_decrypt(out2, NULL, NULL, out2, len + 16,
								pt, ad_len, nonce, key);
	CHECK(ours == -1 && theirs == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		CHECK(sodium_init() >= 0);
		ready = 1;
	}
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		fuzz_verify(data + 1, size - 1);
		break;
	case 1:
		fuzz_sign(data + 1, size - 1);
		break;
	case 2:
		fuzz_decrypt(data + 1, size - 1);
		break;
	default:
		fuzz_xchacha(data + 1, size - 1);
		break;
	}
	return 0;
}
