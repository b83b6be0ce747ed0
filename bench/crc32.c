/* crc32: the C twin of crc32.vs */
#include "bench_c.h"

#define LEN 1048576
#define REP 6
static uint32_t table[256];
static uint8_t buf[LEN];

int main(void)
{
	bench_start();
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
		table[i] = c;
	}
	uint64_t s = 99;
	for (long i = 0; i < LEN; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (uint8_t)(s >> 56);
	}
	uint64_t sum = 0;
	for (int r = 0; r < REP; r++) {
		uint32_t crc = 0xffffffffu;
		for (long i = 0; i < LEN; i++)
			crc = (crc >> 8) ^ table[(crc ^ buf[i]) & 255];
		sum += crc ^ 0xffffffffu;
	}
	return bench_finish(sum);
}
