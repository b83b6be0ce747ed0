/* strsearch: the C twin of strsearch.vs */
#include "bench_c.h"

#define LEN 1048576
#define REP 8
static unsigned char text[LEN];
static const char pat[8] = {'a', 'b', 'c', 'a', 'a', 'b', 'd', 'c'};

int main(void)
{
	bench_start();
	uint64_t s = 4242;
	for (long i = 0; i < LEN; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		text[i] = (unsigned char)('a' + (s >> 62));
	}
	uint64_t count = 0;
	for (int r = 0; r < REP; r++)
		for (long i = 0; i <= LEN - 8; i++) {
			if (text[i] != (unsigned char)pat[0])
				continue;
			int k = 1;
			while (k < 8 && text[i + k] == (unsigned char)pat[k])
				k++;
			if (k == 8)
				count++;
		}
	return bench_finish(count);
}
