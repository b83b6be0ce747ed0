/* Differential run of VELA objects (examples, opcode tests): interpreter versus
 * translator under several ISA-ASLR seeds, in normal and all-guards modes;
 * registers, vector registers, memory, output, exit status, trap kind/pc/addr.
 *   diff_objs FILE.vo...     one [OK]/[FAIL] line per file */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge/diff.h"
#include "vela/obj.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

int main(int argc, char **argv)
{
	int fails = 0;
	for (int a = 1; a < argc; a++) {
		const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		size_t len;
		uint8_t *buf = slurp(argv[a], &len);
		struct vela_obj obj;
		const char *perr = buf ? vela_obj_parse(buf, len, &obj) : "cannot read";
		if (perr) {
			printf("[FAIL] bridge-diff:%s: %s\n", name, perr);
			fails++;
			free(buf);
			continue;
		}
		uint32_t n = obj.code_size / 4;
		size_t bsize = n / 8 + 2;
		uint8_t *bm = calloc(1, bsize);
		uint32_t *tg = calloc(n + 1, sizeof *tg);
		size_t nt = 0;
		vela_obj_targets(&obj, bm, bsize);
		for (uint32_t i = 0; i < n; i++)
			if (bm[i / 8] >> (i % 8) & 1)
				tg[nt++] = i * 4;
		struct native_prog p;
		memset(&p, 0, sizeof p);
		p.code = obj.code;
		p.code_len = obj.code_size;
		p.entry = obj.entry;
		p.targets = tg;
		p.ntargets = nt;
		p.mem_size = obj.mem_size ? obj.mem_size : (1u << 20);
		p.data = obj.data;
		p.data_size = obj.data_size;
		p.data_addr = obj.data_addr;
		p.caps = VELA_CAPS_ALL;
		char why[256] = "";
		bool ok = true;
		for (uint64_t seed = 1; ok && seed <= 6; seed++)
			for (int m = 0; ok && m < 2; m++) {
				struct diff_opts o = {0, 4096,
						      m ? NATIVE_ALL_GUARDS : NATIVE_NORMAL, false};
				char w[200];
				if (!diff_one(&p, seed * 1000003, &o, w, sizeof w)) {
					snprintf(why, sizeof why, "seed %llu %s: %s",
						 (unsigned long long)seed * 1000003,
						 m ? "all-guards" : "normal", w);
					ok = false;
				}
			}
		if (ok) {
			printf("[OK] bridge-diff:%s\n", name);
		} else {
			printf("[FAIL] bridge-diff:%s: %s\n", name, why);
			fails++;
		}
		free(bm);
		free(tg);
		free(buf);
	}
	return fails ? 1 : 0;
}
