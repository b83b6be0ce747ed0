/* SHA-256 (FIPS 180-4, section 6.2). */
#ifndef CRYPTO_SHA256_H
#define CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64

struct sha256_ctx {
	uint32_t h[8];	 /* intermediate hash value H(i) */
	uint64_t total;	 /* message bytes processed so far */
	uint8_t buf[64]; /* partial block */
	size_t buf_len;	 /* bytes used in buf, < 64 */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context. */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[32]);
void sha256(const void *data, size_t len, uint8_t out[32]);

#endif
