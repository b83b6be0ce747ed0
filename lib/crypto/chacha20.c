/* ChaCha20 from RFC 8439: state layout in 2.3 (constants, key, counter, nonce),
 * quarter round in 2.1, 20 rounds as 10 column+diagonal double rounds. */
#include "crypto/chacha20.h"

#include <string.h>

#include "crypto/chacha20_impl.h"
#include "crypto/ct.h"
#include "crypto/wipe.h"

/* "expand 32-byte k" as four little-endian words. */
static const uint32_t SIGMA[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};

static void chacha20_init_state(uint32_t s[16], const uint8_t key[32], uint32_t counter,
				const uint8_t nonce[12])
{
	s[0] = SIGMA[0];
	s[1] = SIGMA[1];
	s[2] = SIGMA[2];
	s[3] = SIGMA[3];
	for (int i = 0; i < 8; i++)
		s[4 + i] = load32_le(key + 4 * i);
	s[12] = counter;
	s[13] = load32_le(nonce);
	s[14] = load32_le(nonce + 4);
	s[15] = load32_le(nonce + 8);
}

void chacha20_block(uint8_t out[64], const uint8_t key[32], uint32_t counter,
		    const uint8_t nonce[12])
{
	uint32_t s[16], x[16];

	chacha20_init_state(s, key, counter, nonce);
	chacha20_core(x, s);
	for (int i = 0; i < 16; i++)
		store32_le(out + 4 * i, x[i]);
	crypto_wipe(s, sizeof(s));
	crypto_wipe(x, sizeof(x));
}

static void chacha20_xor_state(uint8_t *out, const uint8_t *in, size_t len, uint32_t s[16])
{
	size_t nblocks = len / CHACHA20_BLOCK_SIZE;

	if (nblocks > 0) {
		chacha20_xor_blocks(out, in, nblocks, s);
		in += nblocks * CHACHA20_BLOCK_SIZE;
		out += nblocks * CHACHA20_BLOCK_SIZE;
		len -= nblocks * CHACHA20_BLOCK_SIZE;
	}
	if (len > 0) {
		uint32_t x[16];
		uint8_t ks[64];
		chacha20_core(x, s);
		for (int i = 0; i < 16; i++)
			store32_le(ks + 4 * i, x[i]);
		for (size_t i = 0; i < len; i++)
			out[i] = in[i] ^ ks[i];
		crypto_wipe(ks, sizeof(ks));
		crypto_wipe(x, sizeof(x));
	}
}

void chacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
		  uint32_t counter, const uint8_t nonce[12])
{
	uint32_t s[16];

	chacha20_init_state(s, key, counter, nonce);
	chacha20_xor_state(out, in, len, s);
	crypto_wipe(s, sizeof(s));
}

void hchacha20(uint8_t out[32], const uint8_t key[32], const uint8_t nonce[16])
{
	uint32_t x[16];

	/* Same state as ChaCha20 with the 16 nonce bytes in words 12..15; the
	 * output is words 0..3 and 12..15 after the rounds, without the final
	 * addition. */
	chacha20_init_state(x, key, load32_le(nonce), nonce + 4);
	chacha20_rounds(x);
	for (int i = 0; i < 4; i++) {
		store32_le(out + 4 * i, x[i]);
		store32_le(out + 16 + 4 * i, x[12 + i]);
	}
	crypto_wipe(x, sizeof(x));
}

void xchacha20_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
		   uint32_t counter, const uint8_t nonce[24])
{
	uint8_t subkey[32], n12[12];

	hchacha20(subkey, key, nonce);
	memset(n12, 0, 4);
	memcpy(n12 + 4, nonce + 16, 8);
	chacha20_xor(out, in, len, subkey, counter, n12);
	crypto_wipe(subkey, sizeof(subkey));
}
