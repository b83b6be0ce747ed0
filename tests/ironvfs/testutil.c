/* Shared helpers for the IronVFS host tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/ed25519.h"
#include "crypto/fnv1a.h"
#include "ironvfs/testutil.h"

static uint8_t build_seed[32], device_seed[32];

void tu_keys(struct ivfs_keys *k, uint8_t sign_key_id)
{
	memset(build_seed, 0x11, 32);
	memset(device_seed, 0x22, 32);
	memset(k, 0, sizeof(*k));
	ed25519_public_key(k->pk[IVFS_KEY_BUILD], build_seed);
	ed25519_public_key(k->pk[IVFS_KEY_DEVICE], device_seed);
	k->sign_key_id = sign_key_id;
	k->sign_seed = sign_key_id == IVFS_KEY_BUILD ? build_seed : device_seed;
}

uint64_t tu_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

struct lines {
	char **v;
	size_t n, cap;
};

static void push(struct lines *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = realloc(l->v, l->cap * sizeof(char *));
	}
	l->v[l->n++] = strdup(s);
}

static int walk(struct ivfs *fs, uint32_t dir, const char *prefix, struct lines *l, int depth)
{
	struct ivfs_dirent e;
	for (uint32_t i = 0;; i++) {
		int r = ivfs_readdir(fs, dir, i, &e);
		if (r < 0)
			return r;
		if (r == 0)
			return 0;
		char path[1024], line[1200];
		snprintf(path, sizeof(path), "%s/%s", prefix, e.name);
		struct ivfs_stat st;
		if ((r = ivfs_stat(fs, e.ino, &st)) < 0)
			return r;
		if (st.damage)
			return st.damage;
		uint64_t h = 0;
		if (e.type == IVFS_T_FILE) {
			uint8_t *buf = malloc(st.size ? st.size : 1);
			long n = ivfs_read(fs, e.ino, 0, buf, st.size);
			if (n < 0 || (uint64_t)n != st.size) {
				free(buf);
				return n < 0 ? (int)n : -IVFS_EIO;
			}
			h = fnv1a64(buf, st.size);
			free(buf);
		} else if (depth < 16 && (r = walk(fs, e.ino, path, l, depth + 1)) < 0) {
			return r;
		}
		snprintf(line, sizeof(line), "%s %u %llu %016llx\n", path, e.type,
			 (unsigned long long)st.size, (unsigned long long)h);
		push(l, line);
	}
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tu_snapshot(struct ivfs *fs, char **out)
{
	struct lines l = {0};
	int r = walk(fs, IVFS_ROOT_INO, "", &l, 0);
	if (l.n)
		qsort(l.v, l.n, sizeof(char *), cmp);
	size_t len = 1;
	for (size_t i = 0; i < l.n; i++)
		len += strlen(l.v[i]);
	*out = malloc(len);
	(*out)[0] = 0;
	char *p = *out;
	for (size_t i = 0; i < l.n; i++) {
		size_t n = strlen(l.v[i]);
		memcpy(p, l.v[i], n + 1);
		p += n;
		free(l.v[i]);
	}
	free(l.v);
	return r;
}
