/* Poly1305 (RFC 8439 2.5): h = (h + block) * r mod p, p = 2^130 - 5, for each
 * 16-byte block with a 2^128 bit added (for the final partial block, a 1 byte
 * right after the data instead); tag = (h + s) mod 2^128.
 *
 * h is kept in radix 2^64 as h0 + h1 2^64 + h2 2^128 with h2 small, r as
 * r0 + r1 2^64. Clamping makes r0, r1 < 2^60 and r1 a multiple of 4, so with
 * s1 = r1 + r1/4 = 5 r1 / 4 the product folds as
 *     h1 r1 2^128 = h1 (r1/4) 2^130 = h1 s1       (mod p)
 *     h2 r1 2^192 = h2 (r1/4) 2^130 2^64 = h2 s1 2^64
 * giving d0 = h0 r0 + h1 s1, d1 = h0 r1 + h1 r0 + h2 s1, d2 = h2 r0, each
 * well inside 128 bits. The part of h at or above 2^130 is folded back as
 * 5 times itself. No branch or index depends on the key or the message. */
#include "crypto/poly1305.h"

#include <string.h>

#include "crypto/ct.h"
#include "crypto/wipe.h"

typedef unsigned __int128 u128;

void poly1305_init(struct poly1305_ctx *ctx, const uint8_t key[32])
{
	/* Clamping (2.5): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff. */
	ctx->r[0] = load64_le(key) & 0x0ffffffc0fffffffULL;
	ctx->r[1] = load64_le(key + 8) & 0x0ffffffc0ffffffcULL;
	ctx->r[2] = ctx->r[1] + (ctx->r[1] >> 2);
	ctx->h[0] = ctx->h[1] = ctx->h[2] = 0;
	ctx->pad[0] = load64_le(key + 16);
	ctx->pad[1] = load64_le(key + 24);
	ctx->buf_len = 0;
}

/* Absorb n full 16-byte blocks; hibit is 1 for normal blocks (the 2^128 bit)
 * and 0 for the padded final block. */
static void poly1305_blocks(struct poly1305_ctx *ctx, const uint8_t *p, size_t n, uint64_t hibit)
{
	const uint64_t r0 = ctx->r[0], r1 = ctx->r[1], s1 = ctx->r[2];
	uint64_t h0 = ctx->h[0], h1 = ctx->h[1], h2 = ctx->h[2];

	while (n-- > 0) {
		u128 d0, d1;
		uint64_t d2, c;

		/* h += block */
		d0 = (u128)h0 + load64_le(p);
		h0 = (uint64_t)d0;
		d1 = (u128)h1 + load64_le(p + 8) + (uint64_t)(d0 >> 64);
		h1 = (uint64_t)d1;
		h2 += (uint64_t)(d1 >> 64) + hibit;

		/* h *= r */
		d0 = (u128)h0 * r0 + (u128)h1 * s1;
		d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)(h2 * s1);
		d2 = h2 * r0;

		d1 += (uint64_t)(d0 >> 64);
		h0 = (uint64_t)d0;
		h1 = (uint64_t)d1;
		h2 = d2 + (uint64_t)(d1 >> 64);

		/* fold bits 130 and up: c 2^130 = 5c */
		c = (h2 >> 2) * 5;
		h2 &= 3;
		d0 = (u128)h0 + c;
		h0 = (uint64_t)d0;
		d1 = (u128)h1 + (uint64_t)(d0 >> 64);
		h1 = (uint64_t)d1;
		h2 += (uint64_t)(d1 >> 64);
		p += 16;
	}
	ctx->h[0] = h0;
	ctx->h[1] = h1;
	ctx->h[2] = h2;
}

void poly1305_update(struct poly1305_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len == 0)
		return;
	if (ctx->buf_len > 0) {
		size_t n = 16 - ctx->buf_len;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buf_len, p, n);
		ctx->buf_len += n;
		p += n;
		len -= n;
		if (ctx->buf_len < 16)
			return;
		poly1305_blocks(ctx, ctx->buf, 1, 1);
		ctx->buf_len = 0;
	}
	if (len >= 16) {
		poly1305_blocks(ctx, p, len / 16, 1);
		p += len & ~(size_t)15;
		len &= 15;
	}
	if (len > 0) {
		memcpy(ctx->buf, p, len);
		ctx->buf_len = len;
	}
}

void poly1305_final(struct poly1305_ctx *ctx, uint8_t tag[16])
{
	uint64_t h0, h1, h2, g0, g1, g2, mask;
	u128 t;

	if (ctx->buf_len > 0) {
		/* The final partial block gets its 1 byte right after the data. */
		ctx->buf[ctx->buf_len] = 1;
		memset(ctx->buf + ctx->buf_len + 1, 0, 16 - ctx->buf_len - 1);
		poly1305_blocks(ctx, ctx->buf, 1, 0);
	}
	h0 = ctx->h[0];
	h1 = ctx->h[1];
	h2 = ctx->h[2];

	/* h < 2^131 here, so h < 2p; g = h + 5 - 2^130 is h - p. Take g unless
	 * it went negative (h < p). */
	t = (u128)h0 + 5;
	g0 = (uint64_t)t;
	t = (u128)h1 + (uint64_t)(t >> 64);
	g1 = (uint64_t)t;
	g2 = h2 + (uint64_t)(t >> 64) - 4;
	mask = (g2 >> 63) - 1; /* all ones when g >= 0 */
	h0 = (h0 & ~mask) | (g0 & mask);
	h1 = (h1 & ~mask) | (g1 & mask);

	/* (h + s) mod 2^128 */
	t = (u128)h0 + ctx->pad[0];
	store64_le(tag, (uint64_t)t);
	t = (u128)h1 + ctx->pad[1] + (uint64_t)(t >> 64);
	store64_le(tag + 8, (uint64_t)t);
	crypto_wipe(ctx, sizeof(*ctx));
}

void poly1305(uint8_t tag[16], const void *data, size_t len, const uint8_t key[32])
{
	struct poly1305_ctx ctx;

	poly1305_init(&ctx, key);
	poly1305_update(&ctx, data, len);
	poly1305_final(&ctx, tag);
}
