/* sort: qsort with comparison callbacks (indirect calls), binary search,
 * string sorting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_desc(const void *a, const void *b)
{
	return cmp_int(b, a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	enum { N = 50000 };
	int *v = malloc(N * sizeof *v);
	unsigned s = 1;
	for (int i = 0; i < N; i++) {
		s ^= s << 13;
		s ^= s >> 17;
		s ^= s << 5;
		v[i] = (int)(s % 1000000) - 500000;
	}
	int (*cmps[2])(const void *, const void *) = {cmp_int, cmp_desc};
	for (int k = 0; k < 2; k++) {
		qsort(v, N, sizeof *v, cmps[k]);
		long long check = 0;
		for (int i = 0; i < N; i += 997)
			check = check * 7 + v[i];
		printf("order %d: first %d last %d check %lld\n", k, v[0], v[N - 1], check);
	}
	qsort(v, N, sizeof *v, cmp_int);
	int key = v[12345];
	int *hit = bsearch(&key, v, N, sizeof *v, cmp_int);
	printf("bsearch %d found %d\n", key, hit ? *hit : -1);
	char *words[] = {"vela", "bridge", "wasm", "kernel", "aether", "ironvfs", "chaos", "proof"};
	qsort(words, 8, sizeof words[0], cmp_str);
	for (int i = 0; i < 8; i++)
		printf("%s%c", words[i], i == 7 ? '\n' : ' ');
	free(v);
	return 0;
}
