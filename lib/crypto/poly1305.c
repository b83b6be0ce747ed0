/* Poly1305 (RFC 8439 2.5): h = (h + block) * r mod 2^130 - 5 for each 16-byte
 * block with a 2^128 (or, for the final partial block, 2^(8*len)) bit added;
 * tag = (h + s) mod 2^128. Limbs are 44/44/42 bits so that each product fits in
 * 128 bits; 2^130 = 5 (mod p), hence 2^132 = 20. No branch or index depends on
 * the key or the message. */
#include "crypto/poly1305.h"

#include <string.h>

#include "crypto/ct.h"
#include "crypto/wipe.h"

#define M44 0xfffffffffffULL
#define M42 0x3ffffffffffULL

typedef unsigned __int128 u128;

void poly1305_init(struct poly1305_ctx *ctx, const uint8_t key[32])
{
	/* Clamping (2.5): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff. */
	uint64_t t0 = load64_le(key) & 0x0ffffffc0fffffffULL;
	uint64_t t1 = load64_le(key + 8) & 0x0ffffffc0ffffffcULL;

	ctx->r[0] = t0 & M44;
	ctx->r[1] = ((t0 >> 44) | (t1 << 20)) & M44;
	ctx->r[2] = (t1 >> 24) & M42;
	ctx->h[0] = ctx->h[1] = ctx->h[2] = 0;
	ctx->pad[0] = load64_le(key + 16);
	ctx->pad[1] = load64_le(key + 24);
	ctx->buf_len = 0;
}

/* Absorb n full 16-byte blocks; hibit is 1 << 40 for normal blocks (the 2^128
 * bit in the top limb) and 0 for the padded final block. */
static void poly1305_blocks(struct poly1305_ctx *ctx, const uint8_t *p, size_t n, uint64_t hibit)
{
	const uint64_t r0 = ctx->r[0], r1 = ctx->r[1], r2 = ctx->r[2];
	const uint64_t s1 = r1 * 20, s2 = r2 * 20;
	uint64_t h0 = ctx->h[0], h1 = ctx->h[1], h2 = ctx->h[2];

	while (n-- > 0) {
		uint64_t t0 = load64_le(p), t1 = load64_le(p + 8);
		u128 d0, d1, d2;
		uint64_t c;

		h0 += t0 & M44;
		h1 += ((t0 >> 44) | (t1 << 20)) & M44;
		h2 += ((t1 >> 24) & M42) | hibit;

		d0 = (u128)h0 * r0 + (u128)h1 * s2 + (u128)h2 * s1;
		d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)h2 * s2;
		d2 = (u128)h0 * r2 + (u128)h1 * r1 + (u128)h2 * r0;

		c = (uint64_t)(d0 >> 44);
		h0 = (uint64_t)d0 & M44;
		d1 += c;
		c = (uint64_t)(d1 >> 44);
		h1 = (uint64_t)d1 & M44;
		d2 += c;
		c = (uint64_t)(d2 >> 42);
		h2 = (uint64_t)d2 & M42;
		h0 += c * 5;
		c = h0 >> 44;
		h0 &= M44;
		h1 += c;
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
		poly1305_blocks(ctx, ctx->buf, 1, 1ULL << 40);
		ctx->buf_len = 0;
	}
	if (len >= 16) {
		poly1305_blocks(ctx, p, len / 16, 1ULL << 40);
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
	uint64_t h0, h1, h2, g0, g1, g2, c, mask, t0, t1;
	u128 f;

	if (ctx->buf_len > 0) {
		/* The final partial block gets its 1 byte right after the data. */
		ctx->buf[ctx->buf_len] = 1;
		memset(ctx->buf + ctx->buf_len + 1, 0, 16 - ctx->buf_len - 1);
		poly1305_blocks(ctx, ctx->buf, 1, 0);
	}

	/* Carry fully. */
	h0 = ctx->h[0];
	h1 = ctx->h[1];
	h2 = ctx->h[2];
	c = h1 >> 44;
	h1 &= M44;
	h2 += c;
	c = h2 >> 42;
	h2 &= M42;
	h0 += c * 5;
	c = h0 >> 44;
	h0 &= M44;
	h1 += c;
	c = h1 >> 44;
	h1 &= M44;
	h2 += c;
	c = h2 >> 42;
	h2 &= M42;
	h0 += c * 5;
	c = h0 >> 44;
	h0 &= M44;
	h1 += c;

	/* g = h + 5 - 2^130; use g when it does not go negative, i.e. h >= p. */
	g0 = h0 + 5;
	c = g0 >> 44;
	g0 &= M44;
	g1 = h1 + c;
	c = g1 >> 44;
	g1 &= M44;
	g2 = h2 + c - (1ULL << 42);
	mask = (g2 >> 63) - 1; /* all ones when g2 did not borrow */
	h0 = (h0 & ~mask) | (g0 & mask);
	h1 = (h1 & ~mask) | (g1 & mask);
	h2 = (h2 & ~mask) | (g2 & mask);

	/* h mod 2^128, plus s. */
	t0 = h0 | (h1 << 44);
	t1 = (h1 >> 20) | (h2 << 24);
	f = (u128)t0 + ctx->pad[0];
	store64_le(tag, (uint64_t)f);
	f = (u128)t1 + ctx->pad[1] + (uint64_t)(f >> 64);
	store64_le(tag + 8, (uint64_t)f);
	crypto_wipe(ctx, sizeof(*ctx));
}

void poly1305(uint8_t tag[16], const void *data, size_t len, const uint8_t key[32])
{
	struct poly1305_ctx ctx;

	poly1305_init(&ctx, key);
	poly1305_update(&ctx, data, len);
	poly1305_final(&ctx, tag);
}
