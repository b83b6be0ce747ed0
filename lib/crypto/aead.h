/* ChaCha20-Poly1305 AEAD (RFC 8439, section 2.8) and XChaCha20-Poly1305
 * (draft-irtf-cfrg-xchacha, section 2.4: 24-byte nonces, safe to draw at
 * random). The tag is detached: ciphertext has the plaintext's length. */
#ifndef CRYPTO_AEAD_H
#define CRYPTO_AEAD_H

#include <stddef.h>
#include <stdint.h>

#define AEAD_KEY_SIZE		     32
#define AEAD_TAG_SIZE		     16
#define CHACHA20POLY1305_NONCE_SIZE  12
#define XCHACHA20POLY1305_NONCE_SIZE 24

/* Encrypts len bytes of in into out (out == in allowed) and writes the tag.
 * Returns 0. A (key, nonce) pair must never be used twice. */
int chacha20poly1305_encrypt(uint8_t *out, uint8_t tag[16], const uint8_t *in, size_t len,
			     const uint8_t *ad, size_t ad_len, const uint8_t nonce[12],
			     const uint8_t key[32]);

/* Checks the tag, in constant time, then decrypts into out (out == in allowed).
 * Returns 0, or -1 when the tag is wrong, in which case out is zeroed and no
 * plaintext is released. */
int chacha20poly1305_decrypt(uint8_t *out, const uint8_t *in, size_t len, const uint8_t tag[16],
			     const uint8_t *ad, size_t ad_len, const uint8_t nonce[12],
			     const uint8_t key[32]);

int xchacha20poly1305_encrypt(uint8_t *out, uint8_t tag[16], const uint8_t *in, size_t len,
			      const uint8_t *ad, size_t ad_len, const uint8_t nonce[24],
			      const uint8_t key[32]);
int xchacha20poly1305_decrypt(uint8_t *out, const uint8_t *in, size_t len, const uint8_t tag[16],
			      const uint8_t *ad, size_t ad_len, const uint8_t nonce[24],
			      const uint8_t key[32]);

#endif
