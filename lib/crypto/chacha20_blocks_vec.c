/* ChaCha20 block back end for the host: several blocks at a time in vectors
 * (GCC vector extensions), one vector lane per block: eight blocks in 256-bit
 * vectors when the CPU has AVX2, four in 128-bit vectors (SSE2, always present
 * on x86-64) otherwise, and the rest one block at a time. Not in the kernel,
 * which never touches vector registers. Branch-free on the key like the scalar
 * version; the only branch is on the CPU's features. */
#include "crypto/chacha20_impl.h"
#include "crypto/wipe.h"

typedef uint32_t v4u __attribute__((vector_size(16)));
typedef uint32_t v8u __attribute__((vector_size(32)));

#define VROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

#define VQR(a, b, c, d)                                                                            \
	do {                                                                                       \
		a += b;                                                                            \
		d ^= a;                                                                            \
		d = VROTL(d, 16);                                                                  \
		c += d;                                                                            \
		b ^= c;                                                                            \
		b = VROTL(b, 12);                                                                  \
		a += b;                                                                            \
		d ^= a;                                                                            \
		d = VROTL(d, 8);                                                                   \
		c += d;                                                                            \
		b ^= c;                                                                            \
		b = VROTL(b, 7);                                                                   \
	} while (0)

/* Four consecutive blocks: counters s[12] .. s[12] + 3. */
static void chacha20_xor_4blocks(uint8_t *out, const uint8_t *in, const uint32_t s[16])
{
	v4u x[16], orig[16];
	uint32_t ks[16][4];

	for (int i = 0; i < 16; i++)
		orig[i] = (v4u){s[i], s[i], s[i], s[i]};
	orig[12] += (v4u){0, 1, 2, 3};
	for (int i = 0; i < 16; i++)
		x[i] = orig[i];
	for (int r = 0; r < 10; r++) {
		VQR(x[0], x[4], x[8], x[12]);
		VQR(x[1], x[5], x[9], x[13]);
		VQR(x[2], x[6], x[10], x[14]);
		VQR(x[3], x[7], x[11], x[15]);
		VQR(x[0], x[5], x[10], x[15]);
		VQR(x[1], x[6], x[11], x[12]);
		VQR(x[2], x[7], x[8], x[13]);
		VQR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		x[i] += orig[i];
	/* Lane j of word i belongs to block j. */
	memcpy(ks, x, sizeof(ks));
	for (int j = 0; j < 4; j++)
		for (int i = 0; i < 16; i++)
			store32_le(out + 64 * j + 4 * i, load32_le(in + 64 * j + 4 * i) ^ ks[i][j]);
	crypto_wipe(ks, sizeof(ks));
	crypto_wipe(x, sizeof(x));
	crypto_wipe(orig, sizeof(orig));
}

/* Eight consecutive blocks: counters s[12] .. s[12] + 7. */
__attribute__((target("avx2"))) static void chacha20_xor_8blocks(uint8_t *out, const uint8_t *in,
								 const uint32_t s[16])
{
	v8u x[16], orig[16];
	uint32_t ks[16][8];

	for (int i = 0; i < 16; i++)
		orig[i] = (v8u){s[i], s[i], s[i], s[i], s[i], s[i], s[i], s[i]};
	orig[12] += (v8u){0, 1, 2, 3, 4, 5, 6, 7};
	for (int i = 0; i < 16; i++)
		x[i] = orig[i];
	for (int r = 0; r < 10; r++) {
		VQR(x[0], x[4], x[8], x[12]);
		VQR(x[1], x[5], x[9], x[13]);
		VQR(x[2], x[6], x[10], x[14]);
		VQR(x[3], x[7], x[11], x[15]);
		VQR(x[0], x[5], x[10], x[15]);
		VQR(x[1], x[6], x[11], x[12]);
		VQR(x[2], x[7], x[8], x[13]);
		VQR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		x[i] += orig[i];
	memcpy(ks, x, sizeof(ks));
	for (int j = 0; j < 8; j++)
		for (int i = 0; i < 16; i++)
			store32_le(out + 64 * j + 4 * i, load32_le(in + 64 * j + 4 * i) ^ ks[i][j]);
	crypto_wipe(ks, sizeof(ks));
	crypto_wipe(x, sizeof(x));
	crypto_wipe(orig, sizeof(orig));
}

void chacha20_xor_blocks(uint8_t *out, const uint8_t *in, size_t nblocks, uint32_t s[16])
{
	uint32_t x[16];

	if (nblocks >= 8 && __builtin_cpu_supports("avx2")) {
		for (; nblocks >= 8; nblocks -= 8) {
			chacha20_xor_8blocks(out, in, s);
			s[12] += 8;
			in += 512;
			out += 512;
		}
	}
	for (; nblocks >= 4; nblocks -= 4) {
		chacha20_xor_4blocks(out, in, s);
		s[12] += 4;
		in += 256;
		out += 256;
	}
	for (; nblocks > 0; nblocks--) {
		chacha20_core(x, s);
		for (int i = 0; i < 16; i++)
			store32_le(out + 4 * i, load32_le(in + 4 * i) ^ x[i]);
		s[12]++;
		in += 64;
		out += 64;
	}
	crypto_wipe(x, sizeof(x));
}
