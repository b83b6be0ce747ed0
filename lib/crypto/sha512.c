/* SHA-512 as specified in FIPS 180-4: functions in 4.1.3, constants in 4.2.3,
 * padding in 5.1.2, initial value in 5.3.5, computation in 6.4.2. */
#include "crypto/sha512.h"

#include <string.h>

#include "crypto/ct.h"
#include "crypto/wipe.h"

/* First 64 bits of the fractional parts of the cube roots of the first 80 primes. */
static const uint64_t K[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

/* First 64 bits of the fractional parts of the square roots of the first 8 primes. */
static const uint64_t H0[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

#define CH(x, y, z)  ((z) ^ ((x) & ((y) ^ (z))))	 /* = (x AND y) XOR (NOT x AND z) */
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y)))) /* = majority of the bits */
#define BSIG0(x)     (rotr64((x), 28) ^ rotr64((x), 34) ^ rotr64((x), 39))
#define BSIG1(x)     (rotr64((x), 14) ^ rotr64((x), 18) ^ rotr64((x), 41))
#define SSIG0(x)     (rotr64((x), 1) ^ rotr64((x), 8) ^ ((x) >> 7))
#define SSIG1(x)     (rotr64((x), 19) ^ rotr64((x), 61) ^ ((x) >> 6))

/* One round (6.4.2 step 3) with the working variables renamed instead of
 * moved; round t + j uses schedule word W[t + j], kept at w[j]. */
#define ROUND(a, b, c, d, e, f, g, h, t, j)                                                        \
	do {                                                                                       \
		uint64_t t1 = (h) + BSIG1(e) + CH((e), (f), (g)) + K[(t) + (j)] + w[j];            \
		(d) += t1;                                                                         \
		(h) = t1 + BSIG0(a) + MAJ((a), (b), (c));                                          \
	} while (0)

/* W[t] = SSIG1(W[t-2]) + W[t-7] + SSIG0(W[t-15]) + W[t-16], in place in the ring. */
#define SCHED(j) (w[j] += SSIG1(w[((j) + 14) & 15]) + w[((j) + 9) & 15] + SSIG0(w[((j) + 1) & 15]))

/* Process n consecutive 128-byte blocks. */
static void sha512_blocks(uint64_t h[8], const uint8_t *p, size_t n)
{
	uint64_t w[16];

	for (; n > 0; n--, p += SHA512_BLOCK_SIZE) {
		uint64_t a = h[0], b = h[1], c = h[2], d = h[3];
		uint64_t e = h[4], f = h[5], g = h[6], k = h[7];

		for (int t = 0; t < 16; t++)
			w[t] = load64_be(p + 8 * t);
		for (int t = 0; t < 80; t += 16) {
			if (t >= 16) {
				/* Message schedule kept in a 16-word ring, written out
				 * so that every index is a constant. */
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

void sha512_init(struct sha512_ctx *ctx)
{
	memcpy(ctx->h, H0, sizeof(H0));
	ctx->total = 0;
	ctx->buf_len = 0;
}

void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (len == 0)
		return;
	ctx->total += len;
	if (ctx->buf_len > 0) {
		size_t n = SHA512_BLOCK_SIZE - ctx->buf_len;
		if (n > len)
			n = len;
		memcpy(ctx->buf + ctx->buf_len, p, n);
		ctx->buf_len += n;
		p += n;
		len -= n;
		if (ctx->buf_len < SHA512_BLOCK_SIZE)
			return;
		sha512_blocks(ctx->h, ctx->buf, 1);
		ctx->buf_len = 0;
	}
	if (len >= SHA512_BLOCK_SIZE) {
		size_t n = len / SHA512_BLOCK_SIZE;
		sha512_blocks(ctx->h, p, n);
		p += n * SHA512_BLOCK_SIZE;
		len -= n * SHA512_BLOCK_SIZE;
	}
	if (len > 0) {
		memcpy(ctx->buf, p, len);
		ctx->buf_len = len;
	}
}

void sha512_final(struct sha512_ctx *ctx, uint8_t out[64])
{
	size_t n = ctx->buf_len;

	/* Padding (5.1.2): a 1 bit, zeros, then the 128-bit big-endian bit length. */
	ctx->buf[n++] = 0x80;
	if (n > SHA512_BLOCK_SIZE - 16) {
		memset(ctx->buf + n, 0, SHA512_BLOCK_SIZE - n);
		sha512_blocks(ctx->h, ctx->buf, 1);
		n = 0;
	}
	memset(ctx->buf + n, 0, SHA512_BLOCK_SIZE - 16 - n);
	store64_be(ctx->buf + SHA512_BLOCK_SIZE - 16, ctx->total >> 61);
	store64_be(ctx->buf + SHA512_BLOCK_SIZE - 8, ctx->total << 3);
	sha512_blocks(ctx->h, ctx->buf, 1);
	for (int i = 0; i < 8; i++)
		store64_be(out + 8 * i, ctx->h[i]);
	crypto_wipe(ctx, sizeof(*ctx));
}

void sha512(const void *data, size_t len, uint8_t out[64])
{
	struct sha512_ctx ctx;

	sha512_init(&ctx);
	sha512_update(&ctx, data, len);
	sha512_final(&ctx, out);
}
