/* matmul: the C twin of matmul.vs */
#include "bench_c.h"

#define N   160
#define REP 4
static int64_t A[N * N], B[N * N], C[N * N];

int main(void)
{
	bench_start();
	for (long i = 0; i < N * N; i++) {
		A[i] = (i * 7 + 3) & 255;
		B[i] = (i * 13 + 1) & 255;
	}
	uint64_t sum = 0;
	for (int r = 0; r < REP; r++) {
		for (long i = 0; i < N * N; i++)
			C[i] = 0;
		for (long i = 0; i < N; i++)
			for (long k = 0; k < N; k++) {
				int64_t a = A[i * N + k];
				for (long j = 0; j < N; j++)
					C[i * N + j] += B[k * N + j] * a;
			}
		for (long i = 0; i < N * N; i++)
			sum += (uint64_t)C[i];
	}
	return bench_finish(sum);
}
