/* nbody: the C twin of nbody.vs */
#include "bench_c.h"

#define NB    8
#define STEPS 30000
static int64_t px[NB], py[NB], vx[NB], vy[NB];

int main(void)
{
	bench_start();
	for (int i = 0; i < NB; i++) {
		px[i] = (int64_t)((i * 37) % 17) << 16;
		py[i] = (int64_t)((i * 11) % 13) << 16;
	}
	for (int s = 0; s < STEPS; s++) {
		for (int i = 0; i < NB; i++) {
			int64_t ax = 0, ay = 0;
			for (int j = 0; j < NB; j++) {
				if (i == j)
					continue;
				int64_t dx = px[j] - px[i], dy = py[j] - py[i];
				int64_t r2 = (int64_t)((uint64_t)dx * (uint64_t)dx +
						       (uint64_t)dy * (uint64_t)dy) >>
					     16;
				r2 += 0x4000;
				ax += (int64_t)((uint64_t)dx << 8) / r2;
				ay += (int64_t)((uint64_t)dy << 8) / r2;
			}
			vx[i] += ax;
			vy[i] += ay;
		}
		for (int i = 0; i < NB; i++) {
			px[i] += vx[i] >> 4;
			py[i] += vy[i] >> 4;
		}
	}
	uint64_t sum = 0;
	for (int i = 0; i < NB; i++)
		sum += (uint64_t)px[i] + (uint64_t)py[i] + (uint64_t)vx[i] + (uint64_t)vy[i];
	return bench_finish(sum);
}
