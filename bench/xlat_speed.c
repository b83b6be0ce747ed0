/* Translation speed of AetherBridge: the local elision pass plus bridge_translate,
 * called directly on the lib/bridge API (no mapping, no process, buffers reused as
 * a loader's code cache would be). Each object is translated in 21 batches of REPS
 * translations (new seed each time) after a warm-up; the median batch gives the
 * thread CPU time per VELA instruction. With --replicate K the code section is K
 * copies of itself (still valid: every direct target is relative and stays inside
 * its copy), which amortises the fixed cost of a translation (trampolines, the
 * register-map draw).
 *   xlat_speed [--reps N] [--replicate K] FILE.vo...  prints "NAME insns ns/insn" */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bridge/bridge.h"
#include "vela/obj.h"

#define BATCHES 21

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int reps = 20, a = 1, rep = 1;
	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (strcmp(argv[a], "--reps") == 0)
			reps = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "--replicate") == 0)
			rep = atoi(argv[a + 1]);
	}
	if (rep < 1)
		rep = 1;
	if (reps < 1)
		reps = 1;
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
		size_t clen = (size_t)obj.code_size * (size_t)rep;
		uint32_t n = (uint32_t)(clen / 4);
		uint8_t *code = malloc(clen);
		size_t cb = bridge_code_bound(clen), ws = bridge_work_size(clen);
		uint8_t *out_code = malloc(cb);
		void *work = malloc(ws);
		uint8_t *elide = malloc(n + 1);
		struct bridge_fact *facts = malloc((n + 1) * sizeof *facts);
		if (!code || !out_code || !work || !elide || !facts)
			return 1;
		for (int k = 0; k < rep; k++)
			memcpy(code + (size_t)k * obj.code_size, obj.code, obj.code_size);
		memset(out_code, 0, cb); /* a code cache is resident before translation */
		struct bridge_options o;
		memset(&o, 0, sizeof o);
		o.mode = BRIDGE_MODE_NORMAL;
		o.mem_size = obj.mem_size ? obj.mem_size : 1u << 20;
		o.caps = VELA_CAPS_ALL;
		o.entry = obj.entry;
		o.elide = elide;
		o.facts = facts;
		struct bridge_out out;
		struct bridge_error err;
		uint64_t t[BATCHES];
		for (int b = -2; b < BATCHES; b++) {
			uint64_t t0 = cpu_ns();
			for (int r = 0; r < reps; r++) {
				o.seed = (uint64_t)(b + 2) * 1000 + (uint64_t)r;
				bridge_elide_local(code, clen, o.mem_size, NULL, 0, elide, facts);
				if (!bridge_translate(code, clen, &o, out_code, cb, work, ws, &out,
						      &err)) {
					fprintf(stderr, "%s: %s\n", argv[a], err.msg);
					return 1;
				}
			}
			if (b >= 0)
				t[b] = cpu_ns() - t0;
		}
		qsort(t, BATCHES, sizeof t[0], cmp_u64);
		const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
		printf("%s %u %.1f\n", name, n, (double)t[BATCHES / 2] / reps / n);
		free(code);
		free(out_code);
		free(work);
		free(elide);
		free(facts);
	}
	return 0;
}
