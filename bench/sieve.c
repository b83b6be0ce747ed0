/* sieve: the C twin of sieve.vs */
#include "bench_c.h"

#define N   2000000
#define REP 6
static unsigned char flags[N];

int main(void)
{
	bench_start();
	uint64_t total = 0;
	for (int r = 0; r < REP; r++) {
		for (long i = 0; i < N; i++)
			flags[i] = 1;
		flags[0] = flags[1] = 0;
		for (long p = 2; p * p < N; p++)
			if (flags[p])
				for (long q = p * p; q < N; q += p)
					flags[q] = 0;
		for (long i = 0; i < N; i++)
			total += flags[i];
	}
	return bench_finish(total);
}
