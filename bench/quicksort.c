/* quicksort: the C twin of quicksort.vs */
#include "bench_c.h"

#define N   200000
#define REP 3
static int64_t arr[N];

static void qsort_(int64_t *base, long lo, long hi)
{
	while (lo < hi) {
		int64_t pivot = base[hi];
		long i = lo - 1;
		for (long j = lo; j < hi; j++) {
			if (!(base[j] > pivot)) {
				i++;
				int64_t t = base[i];
				base[i] = base[j];
				base[j] = t;
			}
		}
		i++;
		int64_t t = base[i];
		base[i] = base[hi];
		base[hi] = t;
		qsort_(base, lo, i - 1);
		lo = i + 1;
	}
}

int main(void)
{
	bench_start();
	uint64_t sum = 0, s = 12345;
	for (int r = 0; r < REP; r++) {
		for (long i = 0; i < N; i++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			arr[i] = (int64_t)s >> 20;
		}
		qsort_(arr, 0, N - 1);
		for (long i = 0; i < N; i++)
			sum += (uint64_t)arr[i] * (uint64_t)(i + 1);
	}
	return bench_finish(sum);
}
