/* Poly1305 one-time authenticator (RFC 8439, section 2.5). */
#ifndef CRYPTO_POLY1305_H
#define CRYPTO_POLY1305_H

#include <stddef.h>
#include <stdint.h>

#define POLY1305_KEY_SIZE 32
#define POLY1305_TAG_SIZE 16

struct poly1305_ctx {
	uint64_t r[3];	 /* clamped r in radix 2^44 (44, 44, 42 bits) */
	uint64_t h[3];	 /* accumulator, same radix, partially reduced */
	uint64_t pad[2]; /* s, the second key half */
	uint8_t buf[16]; /* partial block */
	size_t buf_len;
};

/* A key must never authenticate two different messages. */
void poly1305_init(struct poly1305_ctx *ctx, const uint8_t key[32]);
void poly1305_update(struct poly1305_ctx *ctx, const void *data, size_t len);
/* Writes the tag and wipes the context. */
void poly1305_final(struct poly1305_ctx *ctx, uint8_t tag[16]);
void poly1305(uint8_t tag[16], const void *data, size_t len, const uint8_t key[32]);

#endif
