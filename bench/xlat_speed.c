/* Translation speed: translate each VELA object REPS times (after a warm-up) and
 * print the median thread CPU ns per VELA instruction (analysis pass + translator,
 * normal mode). With --replicate K the code section is K copies of itself (still a
 * valid program: every direct target is relative and stays inside its copy), which
 * amortises the fixed cost per translation (trampolines, map draw).
 *   xlat_speed [--reps N] [--replicate K] FILE.vo...  prints "NAME insns ns/insn" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vela-run/native.h"
#include "vela/obj.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int reps = 200, a = 1, rep = 1;
	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (strcmp(argv[a], "--reps") == 0)
			reps = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "--replicate") == 0)
			rep = atoi(argv[a + 1]);
	}
	if (rep < 1)
		rep = 1;
	uint64_t *t = calloc((size_t)reps, sizeof *t);
	for (; a < argc; a++) {
		static uint8_t buf[1 << 22];
		FILE *f = fopen(argv[a], "rb");
		if (!f)
			return 1;
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		struct vela_obj obj;
		if (vela_obj_parse(buf, len, &obj))
			return 1;
		struct native_prog p;
		memset(&p, 0, sizeof p);
		uint8_t *code = malloc((size_t)obj.code_size * rep);
		if (!code)
			return 1;
		for (int k = 0; k < rep; k++)
			memcpy(code + (size_t)k * obj.code_size, obj.code, obj.code_size);
		p.code = code;
		p.code_len = obj.code_size * (uint32_t)rep;
		p.entry = obj.entry;
		p.mem_size = obj.mem_size ? obj.mem_size : 1u << 20;
		p.caps = VELA_CAPS_ALL;
		char err[160];
		for (int r = -5; r < reps; r++) {
			size_t clen;
			uint64_t ns = 0;
			uint8_t *c = native_translate_only(&p, (uint64_t)r + 100, NATIVE_NORMAL,
							   &clen, &ns, err, sizeof err);
			if (!c) {
				fprintf(stderr, "%s: %s\n", argv[a], err);
				return 1;
			}
			free(c);
			if (r >= 0)
				t[r] = ns;
		}
		qsort(t, (size_t)reps, sizeof *t, cmp_u64);
		const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		printf("%s %u %.1f\n", name, p.code_len / 4,
		       (double)t[reps / 2] / (double)(p.code_len / 4));
		free(code);
	}
	free(t);
	return 0;
}
