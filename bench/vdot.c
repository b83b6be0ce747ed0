/* vdot: the C twin of vdot.vs (32-bit lanes, wrapping lane sums) */
#include "bench_c.h"

#define N   65536
#define REP 400
static uint32_t va[N], vm[N];

int main(void)
{
	bench_start();
	uint64_t s = 31337;
	for (long i = 0; i < N; i++) {
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		va[i] = (uint32_t)(s >> 40);
		vm[i] = (uint32_t)0 - (uint32_t)((s >> 13) & 1);
	}
	uint64_t sum = 0;
	for (int r = 0; r < REP; r++) {
		uint32_t lane[4] = {0, 0, 0, 0};
		for (long i = 0; i < N; i += 4)
			for (int k = 0; k < 4; k++)
				lane[k] += va[i + k] & vm[i + k];
		sum += (uint64_t)lane[0] + lane[1] + lane[2] + lane[3];
	}
	return bench_finish(sum);
}
