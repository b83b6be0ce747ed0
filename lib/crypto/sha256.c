/* SHA-256 as specified in FIPS 180-4: functions in 4.1.2, constants in 4.2.2,
 * padding in 5.1.1, initial value in 5.3.3, computation in 6.2.2. */
#include "crypto/sha256.h"

#include <string.h>

#include "crypto/ct.h"
#include "crypto/wipe.h"

/* First 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98U, 0x71374491U, 0xb5c0fbcfU, 0xe9b5dba5U, 0x3956c25bU, 0x59f111f1U, 0x923f82a4U,
    0xab1c5ed5U, 0xd807aa98U, 0x12835b01U, 0x243185beU, 0x550c7dc3U, 0x72be5d74U, 0x80deb1feU,
    0x9bdc06a7U, 0xc19bf174U, 0xe49b69c1U, 0xefbe4786U, 0x0fc19dc6U, 0x240ca1ccU, 0x2de92c6fU,
    0x4a7484aaU, 0x5cb0a9dcU, 0x76f988daU, 0x983e5152U, 0xa831c66dU, 0xb00327c8U, 0xbf597fc7U,
    0xc6e00bf3U, 0xd5a79147U, 0x06ca6351U, 0x14292967U, 0x27b70a85U, 0x2e1b2138U, 0x4d2c6dfcU,
    0x53380d13U, 0x650a7354U, 0x766a0abbU, 0x81c2c92eU, 0x92722c85U, 0xa2bfe8a1U, 0xa81a664bU,
    0xc24b8b70U, 0xc76c51a3U, 0xd192e819U, 0xd6990624U, 0xf40e3585U, 0x106aa070U, 0x19a4c116U,
    0x1e376c08U, 0x2748774cU, 0x34b0bcb5U, 0x391c0cb3U, 0x4ed8aa4aU, 0x5b9cca4fU, 0x682e6ff3U,
    0x748f82eeU, 0x78a5636fU, 0x84c87814U, 0x8cc70208U, 0x90befffaU, 0xa4506cebU, 0xbef9a3f7U,
    0xc67178f2U,
};

/* First 32 bits of the fractional parts of the square roots of the first 8 primes. */
static const uint32_t H0[8] = {
    0x6a09e667U, 0xbb67ae85U, 0x3c6ef372U, 0xa54ff53aU,
    0x510e527fU, 0x9b05688cU, 0x1f83d9abU, 0x5be0cd19U,
};

#define CH(x, y, z)  ((z) ^ ((x) & ((y) ^ (z))))	 /* = (x AND y) XOR (NOT x AND z) */
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y)))) /* = majority of the bits */
#define BSIG0(x)     (rotr32((x), 2) ^ rotr32((x), 13) ^ rotr32((x), 22))
#define BSIG1(x)     (rotr32((x), 6) ^ rotr32((x), 11) ^ rotr32((x), 25))
#define SSIG0(x)     (rotr32((x), 7) ^ rotr32((x), 18) ^ ((x) >> 3))
#define SSIG1(x)     (rotr32((x), 17) ^ rotr32((x), 19) ^ ((x) >> 10))

/* One round (6.2.2 step 3) with the working variables renamed instead of
 * moved; round t + j uses schedule word W[t + j], kept at w[j]. */
#define ROUND(a, b, c, d, e, f, g, h, t, j)                                                        \
	do {                                                                                       \
		uint32_t t1 = (h) + BSIG1(e) + CH((e), (f), (g)) + K[(t) + (j)] + w[j];            \
		(d) += t1;                                                                         \
		(h) = t1 + BSIG0(a) + MAJ((a), (b), (c));                                          \
	} while (0)

/* W[t] = SSIG1(W[t-2]) + W[t-7] + SSIG0(W[t-15]) + W[t-16], in place in the ring. */
#define SCHED(j) (w[j] += SSIG1(w[((j) + 14) & 15]) + w[((j) + 9) & 15] + SSIG0(w[((j) + 1) & 15]))

/* Process n consecutive 64-byte blocks. */
static void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	uint32_t w[16];

	for (; n > 0; n--, p += SHA256_BLOCK_SIZE) {
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
		uint32_t e = h[4], f = h[5], g = h[6], k = h[7];

		for (int t = 0; t < 16; t++)
			w[t] = load32_be(p + 4 * t);
		for (int t = 0; t < 64; t += 16) {
			if (t >= 16) {
				SCHED(0), SCHED(1), SCHED(2), SCHED(3);
				SCHED(4), SCHED(5), SCHED(6), SCHED(7);
				SCHED(8), SCHED(9), SCHED(10), SCHED(11);
				SCHED(12), SCHED(13), SCHED(14), SCHED(15);
			}
			ROUND(a, b, c, d, e, f, g, k, t, 0);
			ROUND(k, a, b, c, d, e, f, g, t, 1);
			ROUND(g, k, a, b, c, d, e, f, t, 2);
			ROUND(f, g, k, a, b, c, d, e, t, 3);
			ROUND(e, f, g, k, a, b, c, d, t, 4);
			ROUND(d, e, f, g, k, a, b, c, t, 5);
			ROUND(c, d, e, f, g, k, a, b, t, 6);
			ROUND(b, c, d, e, f, g, k, a, t, 7);
			ROUND(a, b, c, d, e, f, g, k, t, 8);
			ROUND(k, a, b, c, d, e, f, g, t, 9);
			ROUND(g, k, a, b, c, d, e, f, t, 10);
			ROUND(f, g, k, a, b, c, d, e, t, 11);
			ROUND(e, f, g, k, a, b, c, d, t, 12);
			ROUND(d, e, f, g, k, a, b, c, t, 13);
			ROUND(c, d, e, f, g, k, a, b, t, 14);
			ROUND(b, c, d, e, f, g, k, a, t, 15);
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += k;
	}
	crypto_wipe(w, sizeof(w));
}

void sha256_init(struct sha256_ctx *ctx)
{
	memcpy(ctx->h, H0, sizeof(H0));
	ctx->total = 0;
	ctx->buf_len = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len == 0)
		return;
	ctx->total += len;
	if (ctx->buf_len > 0) {
		size_t n = SHA256_BLOCK_SIZE - ctx->buf_len;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buf_len, p, n);
		ctx->buf_len += n;
		p += n;
		len -= n;
		if (ctx->buf_len < SHA256_BLOCK_SIZE)
			return;
		sha256_blocks(ctx->h, ctx->buf, 1);
		ctx->buf_len = 0;
	}
	if (len >= SHA256_BLOCK_SIZE) {
		size_t n = len / SHA256_BLOCK_SIZE;
		sha256_blocks(ctx->h, p, n);
		p += n * SHA256_BLOCK_SIZE;
		len -= n * SHA256_BLOCK_SIZE;
	}
	if (len > 0) {
		memcpy(ctx->buf, p, len);
		ctx->buf_len = len;
	}
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[32])
{
	uint64_t bits = ctx->total << 3;
	size_t n = ctx->buf_len;

	/* Padding (5.1.1): a 1 bit, zeros, then the 64-bit big-endian bit length. */
	ctx->buf[n++] = 0x80;
	if (n > SHA256_BLOCK_SIZE - 8) {
		memset(ctx->buf + n, 0, SHA256_BLOCK_SIZE - n);
		sha256_blocks(ctx->h, ctx->buf, 1);
		n = 0;
	}
	memset(ctx->buf + n, 0, SHA256_BLOCK_SIZE - 8 - n);
	store64_be(ctx->buf + SHA256_BLOCK_SIZE - 8, bits);
	sha256_blocks(ctx->h, ctx->buf, 1);
	for (int i = 0; i < 8; i++)
		store32_be(out + 4 * i, ctx->h[i]);
	crypto_wipe(ctx, sizeof(*ctx));
}

void sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}
