/* ChaCha20 (RFC 8439, section 2.3/2.4) and HChaCha20/XChaCha20
 * (draft-irtf-cfrg-xchacha, section 2.2/2.3). */
#ifndef CRYPTO_CHACHA20_H
#define CRYPTO_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_SIZE    32
#define CHACHA20_NONCE_SIZE  12
#define XCHACHA20_NONCE_SIZE 24
#define CHACHA20_BLOCK_SIZE  64

/* The 64-byte block for (key, counter, nonce): RFC 8439 2.3. */
void chacha20_block(uint8_t out[64], const uint8_t key[32], uint32_t counter,
		    const uint8_t nonce[12]);

/* out = in XOR keystream starting at block `counter` (RFC 8439 2.4). in and out
 * may be the same buffer. The 32-bit block counter wraps after 256 GiB: callers
 * must not encrypt that much under one nonce. */
void chacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
		  uint32_t counter, const uint8_t nonce[12]);

/* HChaCha20: derives a 32-byte subkey from a key and a 16-byte nonce. */
void hchacha20(uint8_t out[32], const uint8_t key[32], const uint8_t nonce[16]);

/* XChaCha20 with a 24-byte nonce (random nonces are safe). */
void xchacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
		   uint32_t counter, const uint8_t nonce[24]);

#endif
