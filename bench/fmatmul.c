/* fmatmul: C = A * B on 160 x 160 doubles, four times, for the wasm
 * benchmark's float rows (bench/wasm/run.sh); no VELA twin. The checksum sums
 * the bit patterns of C, so every variant must round exactly alike (plain
 * multiply and add: no FMA contraction on x86-64 -O2). */
#include "bench_c.h"

#include <string.h>

#define N   160
#define REP 4
static double A[N * N], B[N * N], C[N * N];

int main(void)
{
	bench_start();
	for (int i = 0; i < N * N; i++) {
		A[i] = (double)((i * 7 + 3) % 251) / 17.0 - 7.0;
		B[i] = (double)((i * 13 + 1) % 241) * 0.01;
	}
	uint64_t sum = 0;
	for (int r = 0; r < REP; r++) {
		for (int i = 0; i < N * N; i++)
			C[i] = r * 0.5;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < N; k++) {
				double a = A[i * N + k];
				for (int j = 0; j < N; j++)
					C[i * N + j] += a * B[k * N + j];
			}
		for (int i = 0; i < N * N; i++) {
			uint64_t b;
			memcpy(&b, &C[i], sizeof b);
			sum += b;
		}
	}
	return bench_finish(sum);
}
