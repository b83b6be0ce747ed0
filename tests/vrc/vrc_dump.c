/* vrc-dump FILE.vo: VRC's view of a program, for people: the facts at every
 * block leader, each claim, and every disagreement between the analysis and the
 * checker (what vrc_certify withdraws). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vela/obj.h"
#include "vrc/vrc.h"

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

static void range(const struct vrc_range *r)
{
	if (r->umin == 0 && r->umax == UINT64_MAX && r->smin == INT64_MIN && r->smax == INT64_MAX)
		printf("*");
	else if (r->umin == r->umax)
		printf("=%#llx", (unsigned long long)r->umin);
	else
		printf("u[%#llx,%#llx] s[%lld,%lld]a%llu", (unsigned long long)r->umin,
		       (unsigned long long)r->umax, (long long)r->smin, (long long)r->smax,
		       (unsigned long long)r->align);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: vrc-dump FILE.vo [MEM]\n");
		return 2;
	}
	size_t len;
	uint8_t *file = slurp(argv[1], &len);
	struct vela_obj o;
	const char *e = file ? vela_obj_parse(file, len, &o) : "cannot read";
	if (e) {
		fprintf(stderr, "vrc-dump: %s\n", e);
		return 2;
	}
	uint64_t mem = argc > 2 ? strtoull(argv[2], NULL, 0) : o.mem_size ? o.mem_size : 1u << 20;
	uint32_t n = o.code_size / 4, nt = 0;
	size_t bm = n / 8 + 2;
	uint8_t *bits = calloc(1, bm);
	uint32_t *tg = calloc(n + 1, 4);
	vela_obj_targets(&o, bits, bm);
	for (uint32_t i = 0; i < n; i++)
		if (bits[i / 8] >> (i % 8) & 1)
			tg[nt++] = i * 4;
	struct vrc_options opt = {mem, o.entry, tg, nt};
	size_t aw = vrc_work_size(o.code_size, nt), cw = vrc_check_work_size(o.code_size);
	void *w = malloc(aw), *c = malloc(cw);
	struct vrc_result res;
	if (!vrc_analyze(o.code, o.code_size, &opt, w, aw, &res)) {
		fprintf(stderr, "vrc-dump: analysis refused the program\n");
		return 2;
	}
	for (uint32_t L = 0; L < res.cert.nleaders; L++) {
		printf("leader %#x%s:", res.cert.leader_pc[L], res.cert.live[L] ? "" : " (dead)");
		for (unsigned r = 1; r < 16 && res.cert.live[L]; r++) {
			if (res.cert.regs[L][r].umin == 0 &&
			    res.cert.regs[L][r].umax == UINT64_MAX &&
			    res.cert.regs[L][r].smin == INT64_MIN)
				continue;
			printf(" r%u", r);
			range(&res.cert.regs[L][r]);
		}
		printf("\n");
	}
	for (uint32_t i = 0; i < n; i++)
		if (res.cert.claims[i])
			printf("claim pc=%#x: %s%s%s\n", i * 4,
			       res.cert.claims[i] & VRC_CLAIM_MEM ? "mem " : "",
			       res.cert.claims[i] & VRC_CLAIM_CFI ? "cfi " : "",
			       res.cert.claims[i] & VRC_CLAIM_SYS ? "sys" : "");
	struct vrc_check_error ce;
	for (int k = 0; k < 50; k++) {
		if (vrc_check(o.code, o.code_size, mem, o.entry, tg, nt, &res.cert, c, cw, &ce)) {
			printf("checker: accepted\n");
			break;
		}
		printf("checker: %s (leader %u reg %u)\n", ce.msg, ce.leader, ce.reg);
		if (ce.kind == VRC_FAIL_CLAIM)
			res.cert.claims[ce.pc / 4] = 0;
		else if (ce.kind == VRC_FAIL_EDGE || ce.kind == VRC_FAIL_ENTRY) {
			if (ce.reg < 16)
				res.cert.regs[ce.leader][ce.reg] =
				    (struct vrc_range){0, UINT64_MAX, INT64_MIN, INT64_MAX, 0};
			else
				break;
		} else
			break;
	}
	printf("stats: %u/%u mem elided, %u visits\n", res.stats.mem_elided, res.stats.mem_guards,
	       res.stats.block_visits);
	return 0;
}
