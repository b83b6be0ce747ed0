/* primes: sieve of Eratosthenes, 64-bit arithmetic, a switch (br_table). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	enum { N = 2000000 };
	unsigned char *comp = calloc(N + 1, 1);
	int count = 0;
	uint64_t sum = 0, classes[6] = {0};
	for (int i = 2; i <= N; i++) {
		if (comp[i])
			continue;
		count++;
		sum += (uint64_t)i * (uint64_t)i;
		switch (i % 6) {
		case 1:
			classes[1]++;
			break;
		case 5:
			classes[5]++;
			break;
		case 2:
		case 3:
			classes[i % 6]++;
			break;
		default:
			classes[0]++;
		}
		for (long long j = (long long)i * i; j <= N; j += i)
			comp[j] = 1;
	}
	printf("primes below %d: %d, sum of squares %llu\n", N, count, (unsigned long long)sum);
	printf("mod 6: 1:%llu 5:%llu 2:%llu 3:%llu other:%llu\n", (unsigned long long)classes[1],
	       (unsigned long long)classes[5], (unsigned long long)classes[2],
	       (unsigned long long)classes[3], (unsigned long long)classes[0]);
	return 0;
}
