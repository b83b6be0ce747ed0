/* SHA-512 (FIPS 180-4, section 6.4). */
#ifndef CRYPTO_SHA512_H
#define CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE  128

struct sha512_ctx {
	uint64_t h[8];	  /* intermediate hash value H(i) */
	uint64_t total;	  /* message bytes processed so far (< 2^64 bytes supported) */
	uint8_t buf[128]; /* partial block */
	size_t buf_len;	  /* bytes used in buf, < 128 */
};

void sha512_init(struct sha512_ctx *ctx);
void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context. */
void sha512_final(struct sha512_ctx *ctx, uint8_t out[64]);
void sha512(const void *data, size_t len, uint8_t out[64]);

#endif
