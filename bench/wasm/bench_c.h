/* Twin of bench/bench_c.h for the wasm benchmarks, without floating point in
 * the harness itself: the same checksum line on stdout, the compute time in
 * microseconds on stderr, measured inside the program so that process
 * start-up (node, translation) is not counted. */
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
	int64_t us = ((int64_t)t1.tv_sec - (int64_t)bench_t0.tv_sec) * 1000000 +
		     ((int64_t)t1.tv_nsec - (int64_t)bench_t0.tv_nsec) / 1000;
	printf("%llu\n", (unsigned long long)v);
	fprintf(stderr, "bench-us %lld\n", (long long)us);
	return 0;
}

#endif
