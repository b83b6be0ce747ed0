/* ISA-ASLR measured: translate the same program under many seeds and report the
 * fraction of gadget sequences two draws share. A gadget sequence is a window of
 * W bytes of the code ending in a ret (C3) or an indirect jmp/call (FF /4, FF /2,
 * register or memory form), intended or not (any byte offset). For every ordered
 * pair of draws (a, b) the share is |G(a) & G(b)| / |G(a)|; the mean over all pairs
 * is printed for several W.
 *   gadgets [--draws N] [--max PERCENT] FILE.vo...  (fails if W=8 exceeds --max) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vela-run/native.h"
#include "vela/obj.h"

struct set {
	uint64_t *h;
	size_t n, cap; /* open addressing, 0 = empty */
};

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h | 1;
}

static void set_add(struct set *s, uint64_t h)
{
	if (2 * (s->n + 1) > s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 1024;
		uint64_t *nh = calloc(nc, 8);
		for (size_t i = 0; i < s->cap; i++)
			if (s->h[i]) {
				size_t j = s->h[i] & (nc - 1);
				while (nh[j])
					j = (j + 1) & (nc - 1);
				nh[j] = s->h[i];
			}
		free(s->h);
		s->h = nh;
		s->cap = nc;
	}
	size_t j = h & (s->cap - 1);
	while (s->h[j]) {
		if (s->h[j] == h)
			return;
		j = (j + 1) & (s->cap - 1);
	}
	s->h[j] = h;
	s->n++;
}

static bool set_has(const struct set *s, uint64_t h)
{
	if (!s->cap)
		return false;
	size_t j = h & (s->cap - 1);
	while (s->h[j]) {
		if (s->h[j] == h)
			return true;
		j = (j + 1) & (s->cap - 1);
	}
	return false;
}

/* End offsets (exclusive) of gadget terminators in code. */
static void gadgets(const uint8_t *c, size_t n, size_t w, struct set *s)
{
	for (size_t i = 0; i < n; i++) {
		size_t end = 0;
		if (c[i] == 0xc3)
			end = i + 1;
		else if (c[i] == 0xff && i + 1 < n) {
			unsigned reg = c[i + 1] >> 3 & 7;
			if (reg == 2 || reg == 4)
				end = i + 2;
		}
		if (end && end >= w)
			set_add(s, fnv(c + end - w, w));
	}
}

int main(int argc, char **argv)
{
	unsigned draws = 100;
	double maxpct = 5.0;
	static const size_t widths[] = {4, 6, 8, 12, 16};
	enum { NW = sizeof widths / sizeof widths[0] };
	double total[NW] = {0};
	unsigned files = 0;
	int a = 1;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "--draws") == 0 && a + 1 < argc)
			draws = (unsigned)atoi(argv[++a]);
		else if (strcmp(argv[a], "--max") == 0 && a + 1 < argc)
			maxpct = atof(argv[++a]);
	}
	for (; a < argc; a++) {
		FILE *f = fopen(argv[a], "rb");
		if (!f)
			continue;
		static uint8_t buf[1 << 20];
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		struct vela_obj obj;
		if (vela_obj_parse(buf, len, &obj))
			continue;
		struct native_prog p;
		memset(&p, 0, sizeof p);
		p.code = obj.code;
		p.code_len = obj.code_size;
		p.entry = obj.entry;
		p.mem_size = obj.mem_size ? obj.mem_size : 1u << 20;
		p.caps = VELA_CAPS_ALL;
		struct set *sets = calloc((size_t)draws * NW, sizeof *sets);
		size_t bytes = 0, nwin = 0;
		for (unsigned d = 0; d < draws; d++) {
			size_t clen = 0;
			uint64_t ns = 0;
			char err[160];
			uint8_t *code = native_translate_only(&p, 1000 + d * 7919ull, NATIVE_NORMAL,
							      &clen, &ns, err, sizeof err);
			if (!code) {
				printf("[FAIL] bridge-aslr:%s: %s\n", argv[a], err);
				return 1;
			}
			bytes += clen;
			for (unsigned k = 0; k < NW; k++)
				gadgets(code, clen, widths[k], &sets[d * NW + k]);
			nwin += sets[d * NW + 2].n;
			free(code);
		}
		const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		printf("%-16s %5zu bytes/draw %5zu gadgets(W=8)/draw  shared:", name, bytes / draws,
		       nwin / draws);
		for (unsigned k = 0; k < NW; k++) {
			double sum = 0;
			unsigned pairs = 0;
			for (unsigned x = 0; x < draws; x++)
				for (unsigned y = 0; y < draws; y++) {
					if (x == y)
						continue;
					const struct set *A = &sets[x * NW + k],
							 *B = &sets[y * NW + k];
					if (!A->n)
						continue;
					size_t common = 0;
					for (size_t i = 0; i < A->cap; i++)
						if (A->h[i] && set_has(B, A->h[i]))
							common++;
					sum += (double)common / (double)A->n;
					pairs++;
				}
			double pct = pairs ? 100.0 * sum / pairs : 0;
			total[k] += pct;
			printf("  W=%zu %.2f%%", widths[k], pct);
		}
		printf("\n");
		files++;
		for (unsigned i = 0; i < draws * NW; i++)
			free(sets[i].h);
		free(sets);
	}
	if (!files) {
		printf("[FAIL] bridge-aslr:input: no program measured\n");
		return 1;
	}
	printf("mean over %u programs, %u draws each:", files, draws);
	for (unsigned k = 0; k < NW; k++)
		printf("  W=%zu %.2f%%", widths[k], total[k] / files);
	printf("\n");
	double w8 = total[2] / files;
	if (w8 < maxpct) {
		printf("[OK] bridge-aslr:gadget_sharing (W=8 bytes: %.2f%% < %.1f%%)\n", w8,
		       maxpct);
		return 0;
	}
	printf("[FAIL] bridge-aslr:gadget_sharing: W=8 bytes: %.2f%% >= %.1f%%\n", w8, maxpct);
	return 1;
}
