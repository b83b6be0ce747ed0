/* Internal to the ChaCha20 code: the round function, shared by the block
 * back ends (chacha20_blocks.c, portable; chacha20_blocks_vec.c, host only). */
#ifndef CRYPTO_CHACHA20_IMPL_H
#define CRYPTO_CHACHA20_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crypto/ct.h"

#define QR(a, b, c, d)                                                                             \
	do {                                                                                       \
		a += b;                                                                            \
		d = rotl32(d ^ a, 16);                                                             \
		c += d;                                                                            \
		b = rotl32(b ^ c, 12);                                                             \
		a += b;                                                                            \
		d = rotl32(d ^ a, 8);                                                              \
		c += d;                                                                            \
		b = rotl32(b ^ c, 7);                                                              \
	} while (0)

static inline void chacha20_rounds(uint32_t x[16])
{
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
}

/* Keystream words for the state s: rounds, then add the input state. */
static inline void chacha20_core(uint32_t out[16], const uint32_t s[16])
{
	memcpy(out, s, 64);
	chacha20_rounds(out);
	for (int i = 0; i < 16; i++)
		out[i] += s[i];
}

/* out = in XOR the keystream of nblocks full 64-byte blocks starting at state
 * s; advances the block counter s[12] by nblocks. */
void chacha20_xor_blocks(uint8_t *out, const uint8_t *in, size_t nblocks, uint32_t s[16]);

#endif
