/* ChaCha20 block back end, one block at a time (portable; used by the kernel). */
#include "crypto/chacha20_impl.h"
#include "crypto/wipe.h"

void chacha20_xor_blocks(uint8_t *out, const uint8_t *in, size_t nblocks, uint32_t s[16])
{
	uint32_t x[16];

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
