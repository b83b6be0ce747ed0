/* vrc_certify: hand the analysis' certificate to the checker and withdraw what
 * the checker cannot re-derive (a claim it cannot prove; a leader fact an edge
 * leaves, which becomes "anything"), a whole checker pass at a time, until it
 * accepts.
 * Every withdrawal is counted as a disagreement: zero when the analysis and the
 * checker agree, which the tests expect of the benchmark kernels. A broken
 * transfer function in the analysis shows up here (tests/vrc mutation test). */
#include "vrc/check.h"
#include "vrc/vrc.h"

#define MAX_ROUNDS 12 /* checker passes before giving every claim up */

static const struct vrc_range any = {0, UINT64_MAX, INT64_MIN, INT64_MAX, 0};

static void recount(struct vrc_result *res)
{
	struct vrc_stats *st = &res->stats;
	st->mem_elided = st->cfi_elided = st->sys_proven = 0;
	for (uint32_t i = 0; i < res->cert.ninsns; i++) {
		uint8_t c = res->cert.claims[i];
		st->mem_elided += !!(c & VRC_CLAIM_MEM);
		st->cfi_elided += !!(c & VRC_CLAIM_CFI);
		st->sys_proven += !!(c & VRC_CLAIM_SYS);
		if (!c)
			res->facts[i].kind = BRIDGE_FACT_NONE;
	}
}

/* the weakest certificate: everything reachable, nothing known, nothing claimed */
static void give_up(struct vrc_cert *c)
{
	for (uint32_t L = 0; L < c->nleaders; L++) {
		c->live[L] = 1;
		for (unsigned r = 0; r < 16; r++)
			c->regs[L][r] = any;
		c->regs[L][0] = (struct vrc_range){0, 0, 0, 0, 64};
		c->nrels[L] = 0;
	}
	for (uint32_t i = 0; i < c->ninsns; i++)
		c->claims[i] = 0;
}

/* Withdraw what one failure report says the checker cannot re-derive. Applied
 * while the checker's pass goes on: that only weakens facts it has yet to read. */
static void withdraw(void *ctx, const struct vrc_check_error *e)
{
	struct vrc_result *res = ctx;
	struct vrc_cert *c = &res->cert;
	res->stats.disagreements++;
	if (e->kind == VRC_FAIL_CLAIM) {
		c->claims[e->pc / 4] = 0;
	} else if (e->reg >= 32) {
		c->rels[e->leader][e->reg - 32].k = 0; /* drop the relation */
	} else if (e->reg >= 16) {
		c->live[e->leader] = 1;
		c->nrels[e->leader] = 0;
		for (unsigned r = 1; r < 16; r++)
			c->regs[e->leader][r] = any;
	} else {
		c->regs[e->leader][e->reg] = any;
	}
}

bool vrc_certify(const uint8_t *code, size_t code_len, const struct vrc_options *opt,
		 struct vrc_result *res, void *check_work, size_t check_work_size)
{
	struct vrc_cert *c = &res->cert;
	bool ok = false;
	for (int round = 0; round <= MAX_ROUNDS && !ok; round++) {
		if (round == MAX_ROUNDS)
			give_up(c);
		ok = !vrc_check_report_all(code, code_len, opt->mem_size, opt->entry, opt->targets,
					   opt->ntargets, c, check_work, check_work_size, withdraw,
					   res);
	}
	recount(res);
	return ok;
}
