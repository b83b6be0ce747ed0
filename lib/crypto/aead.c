/* AEAD construction of RFC 8439 2.8: the Poly1305 key is the first half of
 * ChaCha20 block 0; the plaintext is encrypted from block 1; the MAC covers
 * ad | pad16 | ciphertext | pad16 | le64(ad_len) | le64(len). */
#include "crypto/aead.h"

#include <string.h>

#include "crypto/chacha20.h"
#include "crypto/ct.h"
#include "crypto/poly1305.h"
#include "crypto/wipe.h"

static const uint8_t ZEROS[16];

static void aead_tag(uint8_t tag[16], const uint8_t *ct, size_t len, const uint8_t *ad,
		     size_t ad_len, const uint8_t nonce[12], const uint8_t key[32])
{
	struct poly1305_ctx mac;
	uint8_t block[64], lens[16];

	chacha20_block(block, key, 0, nonce);
	poly1305_init(&mac, block);
	poly1305_update(&mac, ad, ad_len);
	poly1305_update(&mac, ZEROS, (16 - (ad_len & 15)) & 15);
	poly1305_update(&mac, ct, len);
	poly1305_update(&mac, ZEROS, (16 - (len & 15)) & 15);
	store64_le(lens, (uint64_t)ad_len);
	store64_le(lens + 8, (uint64_t)len);
	poly1305_update(&mac, lens, 16);
	poly1305_final(&mac, tag);
	crypto_wipe(block, sizeof(block));
}

int chacha20poly1305_encrypt(uint8_t *out, uint8_t tag[16], const uint8_t *in, size_t len,
			     const uint8_t *ad, size_t ad_len, const uint8_t nonce[12],
			     const uint8_t key[32])
{
	chacha20_xor(out, in, len, key, 1, nonce);
	aead_tag(tag, out, len, ad, ad_len, nonce, key);
	return 0;
}

int chacha20poly1305_decrypt(uint8_t *out, const uint8_t *in, size_t len, const uint8_t tag[16],
			     const uint8_t *ad, size_t ad_len, const uint8_t nonce[12],
			     const uint8_t key[32])
{
	uint8_t want[16];
	int bad;

	aead_tag(want, in, len, ad, ad_len, nonce, key);
	bad = crypto_ct_compare(want, tag, 16);
	crypto_wipe(want, sizeof(want));
	/* Whether the tag matched is public; only the comparison itself must not
	 * leak where the tags differ. */
	CRYPTO_DECLASSIFY(&bad, sizeof(bad));
	if (bad) {
		if (len > 0)
			memset(out, 0, len);
		return -1;
	}
	chacha20_xor(out, in, len, key, 1, nonce);
	return 0;
}

/* XChaCha20-Poly1305: HChaCha20 subkey from the first 16 nonce bytes, then the
 * RFC 8439 AEAD with nonce 0x00000000 | last 8 nonce bytes. */
static void xchacha_derive(uint8_t subkey[32], uint8_t n12[12], const uint8_t nonce[24],
			   const uint8_t key[32])
{
	hchacha20(subkey, key, nonce);
	memset(n12, 0, 4);
	memcpy(n12 + 4, nonce + 16, 8);
}

int xchacha20poly1305_encrypt(uint8_t *out, uint8_t tag[16], const uint8_t *in, size_t len,
			      const uint8_t *ad, size_t ad_len, const uint8_t nonce[24],
			      const uint8_t key[32])
{
	uint8_t subkey[32], n12[12];
	int r;

	xchacha_derive(subkey, n12, nonce, key);
	r = chacha20poly1305_encrypt(out, tag, in, len, ad, ad_len, n12, subkey);
	crypto_wipe(subkey, sizeof(subkey));
	return r;
}

int xchacha20poly1305_decrypt(uint8_t *out, const uint8_t *in, size_t len, const uint8_t tag[16],
			      const uint8_t *ad, size_t ad_len, const uint8_t nonce[24],
			      const uint8_t key[32])
{
	uint8_t subkey[32], n12[12];
	int r;

	xchacha_derive(subkey, n12, nonce, key);
	r = chacha20poly1305_decrypt(out, in, len, tag, ad, ad_len, n12, subkey);
	crypto_wipe(subkey, sizeof(subkey));
	return r;
}
