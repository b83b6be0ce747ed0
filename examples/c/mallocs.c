/* mallocs: many allocations of varied sizes, a hash table of strings,
 * reallocation and frees; prints checksums. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	struct node *next;
	unsigned key;
	char *text;
};

static unsigned rng = 12345;
static unsigned next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

int main(void)
{
	enum { BUCKETS = 1024, N = 20000 };
	struct node **table = calloc(BUCKETS, sizeof *table);
	unsigned long long sum = 0;
	for (int i = 0; i < N; i++) {
		struct node *n = malloc(sizeof *n);
		n->key = next_rand();
		size_t len = 1 + n->key % 61;
		n->text = malloc(len + 1);
		for (size_t k = 0; k < len; k++)
			n->text[k] = (char)('a' + (n->key + k) % 26);
		n->text[len] = 0;
		n->next = table[n->key % BUCKETS];
		table[n->key % BUCKETS] = n;
	}
	/* free every other chain, grow an array with realloc */
	int *arr = NULL;
	size_t cnt = 0;
	for (int b = 0; b < BUCKETS; b++) {
		for (struct node *n = table[b], *nx; n; n = nx) {
			nx = n->next;
			sum += strlen(n->text) * (n->key & 7);
			if (b & 1) {
				free(n->text);
				free(n);
			} else {
				arr = realloc(arr, (cnt + 1) * sizeof *arr);
				arr[cnt++] = (int)(n->key & 0xffff);
			}
		}
	}
	unsigned long long asum = 0;
	for (size_t i = 0; i < cnt; i++)
		asum = asum * 31 + (unsigned long long)arr[i];
	free(arr);
	printf("nodes %d kept %u sum %llu arr %llu\n", N, (unsigned)cnt, sum, asum % 1000000007ull);
	return 0;
}
