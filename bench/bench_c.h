/* Timing and output for the C twins of the VELA benchmark kernels: each prints the
 * same checksum line as its VELA version and its compute time on stderr. */
#ifndef BENCH_C_H
#define BENCH_C_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static struct timespec bench_t0;

static inline void bench_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &bench_t0);
}

static inline int bench_finish(uint64_t v)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - bench_t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - bench_t0.tv_nsec) / 1e6;
	printf("%llu\n", (unsigned long long)v);
	fprintf(stderr, "bench: run %.3f ms\n", ms);
	return 0;
}

#endif
