/* VRC: the abstract interpreter. Blocks in pc order; states at block leaders;
 * a round-robin worklist in pc order; at a block that some edge reaches from
 * itself or from further down (every loop has one), joins turn into widening
 * with thresholds after a few visits; then two descending (narrowing) rounds,
 * kept only if the result is still a post-fixpoint. docs/vrc.md. */
#include "abi/argblock.h"
#include "vrc/vrc.h"
#include "vrc/xfer.h"

#include <string.h>

#define WIDEN_DELAY   1	  /* plain joins before widening starts at a loop head */
#define WIDEN_STEPS   2	  /* widenings to the next threshold; then to far-away bounds */
#define REL_ROUNDS    8	  /* rounds an induction relation's offsets may still grow */
#define VISIT_CAP     400 /* safety valve: give up precision on a block visited this often */
#define NARROW_ROUNDS 2

enum mode { RUN_FIX, RUN_NARROW, RUN_DECIDE };

struct an {
	const struct vrc_options *opt;
	const struct vela_insn *ins;
	uint32_t n, nb;
	uint8_t *leader;
	uint32_t *bid;	  /* [n] block of a leader */
	uint32_t *bstart; /* [nb] first instruction */
	uint32_t *tg;	  /* valid indirect targets (block ids) */
	uint32_t ntg;
	uint32_t *rs; /* return sites (block ids) */
	uint32_t nrs;
	struct vrc_state *in, *acc, *saved;
	uint16_t *visits;
	uint8_t *wpt, *pend;
	uint64_t *uth;
	int64_t *sth;
	uint32_t nth;
	struct vrc_result *res;
};

static bool is_end(unsigned cls)
{
	switch (cls) {
	case VELA_CLS_BRANCH:
	case VELA_CLS_JUMP:
	case VELA_CLS_CALL:
	case VELA_CLS_IJUMP:
	case VELA_CLS_ICALL:
	case VELA_CLS_RET:
	case VELA_CLS_HALT:
	case VELA_CLS_BREAK:
		return true;
	default:
		return false;
	}
}

static size_t al8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

/* Upper bound on the number of blocks: entry, targets, two per transfer. */
static size_t block_bound(size_t n, size_t ntargets)
{
	return 2 * n + ntargets + 2;
}

size_t vrc_work_size(size_t code_len, size_t ntargets)
{
	size_t n = code_len / 4, nb = block_bound(n, ntargets);
	if (nb > n + 1)
		nb = n + 1;
	return al8(n * sizeof(struct vela_insn)) + al8(n + 1) + al8(n * 4) + al8(nb * 4) +
	       al8(ntargets * 4) + al8(n * 4) + 3 * al8(nb * sizeof(struct vrc_state)) +
	       al8(nb * 2) + 2 * al8(nb) + al8((3 * n + 40) * 8) * 2 + al8(nb * 4) + al8(nb) +
	       al8(nb * sizeof(struct vrc_range[16])) + al8(nb * sizeof(struct vrc_rel[VRC_NREL])) +
	       al8(nb) + al8(n) + al8(n * 8) + al8(n * sizeof(struct bridge_fact)) + 64;
}

struct arena {
	uint8_t *p, *end;
};

static void *take_raw(struct arena *a, size_t bytes)
{
	bytes = al8(bytes);
	if ((size_t)(a->end - a->p) < bytes)
		return NULL;
	void *r = a->p;
	a->p += bytes;
	return r;
}

static void *take(struct arena *a, size_t bytes) /* zeroed */
{
	void *r = take_raw(a, bytes);
	if (r)
		memset(r, 0, al8(bytes));
	return r;
}

/* ---------------------------------------------------------- thresholds */

/* heapsort: O(n log n) on any input */
static void sift_u(uint64_t *v, size_t root, size_t n)
{
	for (size_t c; (c = 2 * root + 1) < n; root = c) {
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[root] >= v[c])
			return;
		uint64_t t = v[root];
		v[root] = v[c];
		v[c] = t;
	}
}

static void sort_u(uint64_t *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_u(v, i, n);
	for (size_t end = n; end-- > 1;) {
		uint64_t t = v[0];
		v[0] = v[end];
		v[end] = t;
		sift_u(v, 0, end);
	}
}

/* Far-away bounds, used once the program's constants did not stop a loop: a
 * counter widened to one of them can still be incremented without wrapping, so
 * the loop's exit test bounds it on the next round. */
#define NFAR_U 1
#define NFAR_S 2
static const uint64_t far_u[NFAR_U] = {1ull << 62};
static const int64_t far_s[NFAR_S] = {-(1ll << 62), 1ll << 62};

/* The program's constants (immediates, li/shori values, the sandbox size),
 * each with its neighbours: loop bounds are usually one of them or one off. */
static void thresholds(struct an *a)
{
	uint64_t known[VELA_NREGS] = {0};
	/* the program's li/shori constants and compare immediates, each +-1 */
	bool have[VELA_NREGS] = {0};
	size_t k = 0, cap = 3 * (size_t)a->n + 40;
	uint64_t base[] = {0, a->opt->mem_size};
	for (unsigned j = 0; j < sizeof base / sizeof base[0]; j++)
		for (int d = -1; d <= 1 && k < cap; d++)
			a->uth[k++] = base[j] + (uint64_t)(int64_t)d;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct vela_insn *in = &a->ins[i];
		const struct vela_opinfo *oi = vela_opinfo(in->op);
		bool val = false;
		uint64_t c = 0;
		if (in->op == VELA_OP_LI) {
			c = (uint64_t)in->imm;
			val = true;
		} else if (in->op == VELA_OP_SHORI && have[in->rd]) {
			c = known[in->rd] << 18 | (uint64_t)in->imm;
			val = true;
		} else if (in->op == VELA_OP_SLTI || in->op == VELA_OP_SLTIU) {
			c = (uint64_t)in->imm;
			if (k + 3 <= cap)
				for (int d = -1; d <= 1; d++)
					a->uth[k++] = c + (uint64_t)(int64_t)d;
		}
		if (oi && oi->fmt != VELA_FMT_S && oi->fmt != VELA_FMT_B && in->rd < VELA_NREGS) {
			have[in->rd] = val;
			known[in->rd] = c;
		}
		if (val && k + 3 <= cap)
			for (int d = -1; d <= 1; d++)
				a->uth[k++] = c + (uint64_t)(int64_t)d;
	}
	sort_u(a->uth, k);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (!m || a->uth[m - 1] != a->uth[i])
			a->uth[m++] = a->uth[i];
	/* signed order = unsigned order of the values with the sign bit flipped */
	uint64_t *flip = (uint64_t *)(void *)a->sth;
	for (size_t i = 0; i < m; i++)
		flip[i] = a->uth[i] ^ (1ull << 63);
	sort_u(flip, m);
	for (size_t i = 0; i < m; i++)
		a->sth[i] = (int64_t)(flip[i] ^ (1ull << 63));
	a->nth = (uint32_t)m;
}

/* ------------------------------------------------------------ the CFG */

static bool build_cfg(struct an *a, const uint8_t *code)
{
	const struct vrc_options *o = a->opt;
	uint32_t n = a->n;
	struct vela_insn *ins = (struct vela_insn *)a->ins;
	a->leader[o->entry / 4] = 1;
	for (size_t k = 0; k < o->ntargets; k++)
		if (o->targets[k] < n * 4 && o->targets[k] % 4 == 0)
			a->leader[o->targets[k] / 4] = 1;
	for (uint32_t i = 0; i < n; i++) {
		vela_decode_raw(vela_load_word(code + 4 * i), &ins[i]);
		const struct vela_opinfo *oi = vela_opinfo(ins[i].op);
		if (!oi || ins[i].rd >= VELA_NREGS || ins[i].rs1 >= VELA_NREGS ||
		    ins[i].rs2 >= VELA_NREGS || ins[i].rs3 >= VELA_NREGS)
			return false; /* not validated */
		if (oi->cls == VELA_CLS_BRANCH || oi->cls == VELA_CLS_JUMP ||
		    oi->cls == VELA_CLS_CALL) {
			uint32_t t = vela_direct_target(&ins[i], i * 4);
			if (t >= n * 4)
				return false;
			a->leader[t / 4] = 1;
		}
		if (is_end(oi->cls))
			a->leader[i + 1] = 1;
	}
	a->nb = 0;
	for (uint32_t i = 0; i < n; i++)
		if (a->leader[i]) {
			a->bid[i] = a->nb;
			a->bstart[a->nb++] = i;
		}
	for (size_t k = 0; k < o->ntargets; k++)
		if (o->targets[k] < n * 4 && o->targets[k] % 4 == 0)
			a->tg[a->ntg++] = a->bid[o->targets[k] / 4];
	for (uint32_t i = 0; i + 1 < n; i++) {
		unsigned cls = vela_opinfo(ins[i].op)->cls;
		if (cls == VELA_CLS_CALL || cls == VELA_CLS_ICALL)
			a->rs[a->nrs++] = a->bid[i + 1];
	}
	return true;
}

/* --------------------------------------------------------- the fixpoint */

/* Counted loops: a block that ends in a conditional branch to its own start.
 * Registers changed only by one `addi r, r, step` per round are induction
 * variables; each is related to the one the loop test reads: x == c + k * y. */
static void seed_rels(const struct an *a, uint32_t b, struct vrc_state *s)
{
	int64_t step[VELA_NREGS] = {0};
	unsigned bad = 1;
	uint32_t i = a->bstart[b];
	for (;; i++) {
		const struct vela_insn *in = &a->ins[i];
		unsigned w = vrc_writes(in);
		if (in->op == VELA_OP_ADDI && in->rd == in->rs1 && in->imm && !step[in->rd])
			step[in->rd] = in->imm;
		else
			bad |= w;
		if (is_end(vela_opinfo(in->op)->cls) || i + 1 >= a->n || a->leader[i + 1])
			break;
	}
	const struct vela_insn *br = &a->ins[i];
	if (vela_opinfo(br->op)->cls != VELA_CLS_BRANCH ||
	    vela_direct_target(br, i * 4) != a->bstart[b] * 4)
		return;
	unsigned y = !(bad >> br->rs1 & 1) && step[br->rs1] ? br->rs1 : br->rs2;
	if ((bad >> y & 1) || !step[y])
		return;
	for (unsigned x = 1; x < VELA_NREGS; x++)
		if (x != y && !(bad >> x & 1) && step[x] && step[x] % step[y] == 0)
			vrc_rel_seed(s, x, y, step[x] / step[y]);
}

static void edge(struct an *a, enum mode m, uint32_t from, uint32_t to, const struct vrc_state *s)
{
	if (!s->live)
		return;
	if (m == RUN_NARROW) {
		bool first = !a->acc[to].live;
		vrc_state_join(&a->acc[to], s);
		if (first)
			seed_rels(a, to, &a->acc[to]);
		return;
	}
	if (m != RUN_FIX)
		return;
	struct vrc_state *d = &a->in[to];
	if (to <= from)
		a->wpt[to] = 1;
	if (!d->live) {
		*d = *s;
		seed_rels(a, to, d);
		a->pend[to] = 1;
		return;
	}
	struct vrc_state j = *d;
	vrc_state_join(&j, s);
	/* relations widen by disappearing: the back edge keeps their offsets, so
	 * they move only with the entry state (an enclosing loop); after
	 * REL_ROUNDS rounds of widening, a loop head keeps only those that stay */
	if (a->wpt[to] && a->visits[to] >= WIDEN_DELAY + REL_ROUNDS) {
		unsigned nr = 0;
		for (unsigned k = 0; k < j.nrel; k++)
			for (unsigned q = 0; q < d->nrel; q++)
				if (d->rel[q].x == j.rel[k].x && d->rel[q].y == j.rel[k].y &&
				    d->rel[q].k == j.rel[k].k && j.rel[k].clo >= d->rel[q].clo &&
				    j.rel[k].chi <= d->rel[q].chi) {
					j.rel[nr++] = j.rel[k]; /* its offsets did not grow */
					break;
				}
		j.nrel = (uint8_t)nr;
	}
	if (a->visits[to] >= VISIT_CAP)
		j.nrel = 0;
	for (unsigned r = 1; r < VELA_NREGS; r++) {
		if (!memcmp(&j.r[r], &d->r[r], sizeof j.r[r]))
			continue; /* unchanged */
		if (a->wpt[to] && a->visits[to] >= WIDEN_DELAY + WIDEN_STEPS)
			j.r[r] = vrc_widen(&d->r[r], &j.r[r], far_u, NFAR_U, far_s, NFAR_S);
		else if (a->wpt[to] && a->visits[to] >= WIDEN_DELAY)
			j.r[r] = vrc_widen(&d->r[r], &j.r[r], a->uth, a->nth, a->sth, a->nth);
		if (a->visits[to] >= VISIT_CAP && !vrc_leq(&j.r[r], &d->r[r])) {
			j.r[r] = vrc_top();
			j.nrel = 0;
		}
	}
	if (!vrc_state_leq(&j, d)) {
		*d = j;
		a->pend[to] = 1;
	}
}

static bool valid_target(const struct an *a, uint64_t pc)
{
	if (pc >= (uint64_t)a->n * 4 || pc % 4 || !a->leader[pc / 4])
		return false;
	for (uint32_t k = 0; k < a->ntg; k++)
		if (a->bstart[a->tg[k]] == pc / 4)
			return true;
	return false;
}

/* What the analysis claims at instruction i, in state s (RUN_DECIDE). */
static void decide(struct an *a, uint32_t b, uint32_t i, const struct vrc_state *s)
{
	const struct vela_insn *in = &a->ins[i];
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	struct vrc_cert *c = &a->res->cert;
	struct bridge_fact *f = &a->res->facts[i];
	uint64_t v;
	if (oi->msize) {
		struct vrc_val ea = vrc_xfer_addr(in, s);
		uint64_t ms = a->opt->mem_size;
		if (ms >= oi->msize && ea.umax <= ms - oi->msize) {
			c->claims[i] |= VRC_CLAIM_MEM;
			f->kind = BRIDGE_FACT_VRC;
			f->reg = in->rs1;
			f->from_pc = a->bstart[b] * 4;
			f->lo = (int64_t)ea.umin;
			f->hi = (int64_t)(ea.umax + oi->msize);
		}
	} else if ((oi->cls == VELA_CLS_IJUMP || oi->cls == VELA_CLS_ICALL) &&
		   vrc_is_const(&s->r[in->rs1], &v) && valid_target(a, v)) {
		c->claims[i] |= VRC_CLAIM_CFI;
		f->kind = BRIDGE_FACT_VRC;
		f->reg = in->rs1;
		f->from_pc = a->bstart[b] * 4;
		f->lo = (int64_t)v;
		f->hi = (int64_t)v + 1;
	} else if (in->op == VELA_OP_SYSCALL && vrc_is_const(&s->r[VELA_REG_SYSNR], &v)) {
		c->claims[i] |= VRC_CLAIM_SYS;
		c->sys_nr[i] = v;
	}
}

static void run_block(struct an *a, enum mode m, uint32_t b)
{
	struct vrc_state s = a->in[b];
	uint32_t i = a->bstart[b];
	if (!s.live || !vrc_state_apply_rels(&s))
		return;
	for (;; i++) {
		const struct vela_insn *in = &a->ins[i];
		unsigned cls = vela_opinfo(in->op)->cls;
		if (m == RUN_DECIDE)
			decide(a, b, i, &s);
		if (is_end(cls))
			break;
		vrc_xfer(in, i * 4, &s);
		if (!s.live || i + 1 >= a->n)
			return; /* always traps, or runs off the end (a trap) */
		if (a->leader[i + 1]) {
			edge(a, m, b, a->bid[i + 1], &s);
			return;
		}
	}
	const struct vela_insn *in = &a->ins[i];
	unsigned cls = vela_opinfo(in->op)->cls;
	uint32_t t = vela_direct_target(in, i * 4) / 4;
	struct vrc_state e = s;
	switch (cls) {
	case VELA_CLS_BRANCH:
		vrc_xfer_branch(in, true, &e);
		edge(a, m, b, a->bid[t], &e);
		e = s;
		vrc_xfer_branch(in, false, &e);
		if (i + 1 < a->n)
			edge(a, m, b, a->bid[i + 1], &e);
		return;
	case VELA_CLS_JUMP:
		edge(a, m, b, a->bid[t], &e);
		return;
	case VELA_CLS_CALL:
		vrc_xfer(in, i * 4, &e);
		edge(a, m, b, a->bid[t], &e);
		return;
	case VELA_CLS_ICALL:
	case VELA_CLS_IJUMP:
		vrc_xfer(in, i * 4, &e);
		for (uint32_t k = 0; k < a->ntg; k++)
			edge(a, m, b, a->tg[k], &e);
		return;
	case VELA_CLS_RET:
		for (uint32_t k = 0; k < a->nrs; k++)
			edge(a, m, b, a->rs[k], &e);
		return;
	default:
		return; /* HALT, BREAK */
	}
}

/* The loader's state at the entry: R0 = 0, everything unknown except SP, which
 * sits under the argument block: a multiple of 16 in [mem_size -
 * AE_ARGBLOCK_MAX_BYTES, mem_size] (lib/abi/argblock.h). Not a constant: the
 * block's size depends on the arguments, which translation does not see. */
static void entry_state(const struct an *a, struct vrc_state *s)
{
	vrc_state_top(s);
	uint64_t ms = a->opt->mem_size;
	uint64_t lo = ms > AE_ARGBLOCK_MAX_BYTES ? ms - AE_ARGBLOCK_MAX_BYTES : 0;
	struct vrc_val sp = {lo, ms, (int64_t)lo, (int64_t)ms, 0, ~(uint64_t)15};
	if (ms > (uint64_t)INT64_MAX || !vrc_norm(&sp))
		sp = vrc_top();
	s->r[VELA_REG_SP] = sp;
}

static void fixpoint(struct an *a)
{
	bool any = true;
	while (any) {
		any = false;
		for (uint32_t b = 0; b < a->nb; b++) {
			if (!a->pend[b])
				continue;
			a->pend[b] = 0;
			any = true;
			if (a->visits[b] < UINT16_MAX)
				a->visits[b]++;
			a->res->stats.block_visits++;
			run_block(a, RUN_FIX, b);
		}
	}
}

/* acc = F(in): one Jacobi step over every block. */
static void step(struct an *a)
{
	/* every block starts at bottom: dead and without relations (a dead state
	 * with a stale relation count would reach the certificate via narrow()) */
	memset(a->acc, 0, a->nb * sizeof(struct vrc_state));
	entry_state(a, &a->acc[a->bid[a->opt->entry / 4]]);
	for (uint32_t b = 0; b < a->nb; b++)
		run_block(a, RUN_NARROW, b);
}

static void narrow(struct an *a)
{
	size_t bytes = a->nb * sizeof(struct vrc_state);
	memcpy(a->saved, a->in, bytes);
	for (int k = 0; k < NARROW_ROUNDS; k++) {
		step(a);
		memcpy(a->in, a->acc, bytes);
	}
	step(a);
	for (uint32_t b = 0; b < a->nb; b++)
		if (!vrc_state_leq(&a->acc[b], &a->in[b])) {
			memcpy(a->in, a->saved, bytes); /* not inductive: keep the widened one */
			return;
		}
}

/* ---------------------------------------------------------- the result */

static void make_cert(struct an *a)
{
	struct vrc_cert *c = &a->res->cert;
	c->ninsns = a->n;
	c->nleaders = a->nb;
	for (uint32_t b = 0; b < a->nb; b++) {
		c->leader_pc[b] = a->bstart[b] * 4;
		struct vrc_state st = a->in[b];
		if (!st.live || st.nrel > VRC_NREL)
			st.nrel = 0; /* an unreachable block claims no relation */
		vrc_state_apply_rels(&st);
		c->live[b] = st.live;
		c->nrels[b] = st.nrel;
		for (unsigned j = 0; j < st.nrel; j++)
			c->rels[b][j] = st.rel[j];
		for (unsigned r = 0; r < VELA_NREGS; r++) {
			const struct vrc_val *v = &st.r[r];
			uint64_t low = v->kv | v->km, tz = 0;
			while (tz < 64 && !(low >> tz & 1))
				tz++;
			c->regs[b][r] = (struct vrc_range){v->umin, v->umax, v->smin, v->smax, tz};
			/* a fact spanning half the space in both orders says little that
			 * intervals can carry: keep only the alignment */
			if (v->umax - v->umin >= UINT64_MAX / 2 &&
			    (uint64_t)v->smax - (uint64_t)v->smin >= UINT64_MAX / 2)
				c->regs[b][r] =
				    (struct vrc_range){0, UINT64_MAX, INT64_MIN, INT64_MAX, tz};
		}
	}
	for (uint32_t b = 0; b < a->nb; b++)
		run_block(a, RUN_DECIDE, b);
	struct vrc_stats *st = &a->res->stats;
	st->blocks = a->nb;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct vela_opinfo *oi = vela_opinfo(a->ins[i].op);
		st->mem_guards += oi->msize != 0;
		st->cfi_sites += oi->cls == VELA_CLS_IJUMP || oi->cls == VELA_CLS_ICALL;
		st->syscalls += a->ins[i].op == VELA_OP_SYSCALL;
		st->mem_elided += !!(c->claims[i] & VRC_CLAIM_MEM);
		st->cfi_elided += !!(c->claims[i] & VRC_CLAIM_CFI);
		st->sys_proven += !!(c->claims[i] & VRC_CLAIM_SYS);
	}
}

bool vrc_analyze(const uint8_t *code, size_t code_len, const struct vrc_options *opt, void *work,
		 size_t work_size, struct vrc_result *res)
{
	memset(res, 0, sizeof *res);
	uint32_t n = (uint32_t)(code_len / 4);
	if (!n || code_len % 4 || opt->entry >= code_len || opt->entry % 4 ||
	    work_size < vrc_work_size(code_len, opt->ntargets))
		return false;
	size_t nb = block_bound(n, opt->ntargets);
	if (nb > (size_t)n + 1)
		nb = (size_t)n + 1;
	struct arena ar = {work, (uint8_t *)work + work_size};
	struct an a;
	memset(&a, 0, sizeof a);
	a.opt = opt;
	a.n = n;
	a.res = res;
	a.ins = take_raw(&ar, n * sizeof(struct vela_insn));
	a.leader = take(&ar, n + 1);
	a.bid = take(&ar, n * 4);
	a.bstart = take(&ar, nb * 4);
	a.tg = take(&ar, opt->ntargets * 4);
	a.rs = take(&ar, n * 4);
	a.in = take(&ar, nb * sizeof(struct vrc_state));
	a.acc = take_raw(&ar, nb * sizeof(struct vrc_state));
	a.saved = take_raw(&ar, nb * sizeof(struct vrc_state));
	a.visits = take(&ar, nb * 2);
	a.wpt = take(&ar, nb);
	a.pend = take(&ar, nb);
	a.uth = take_raw(&ar, (3 * (size_t)n + 40) * 8);
	a.sth = take_raw(&ar, (3 * (size_t)n + 40) * 8);
	res->cert.leader_pc = take(&ar, nb * 4);
	res->cert.live = take(&ar, nb);
	res->cert.regs = take_raw(&ar, nb * sizeof(struct vrc_range[16]));
	res->cert.rels = take(&ar, nb * sizeof(struct vrc_rel[VRC_NREL]));
	res->cert.nrels = take(&ar, nb);
	res->cert.claims = take(&ar, n);
	res->cert.sys_nr = take_raw(&ar, (size_t)n * 8);
	res->facts = take(&ar, n * sizeof(struct bridge_fact));
	if (!res->facts || !build_cfg(&a, code))
		return false;
	thresholds(&a);
	uint32_t eb = a.bid[opt->entry / 4];
	entry_state(&a, &a.in[eb]);
	a.pend[eb] = 1;
	fixpoint(&a);
	narrow(&a);
	make_cert(&a);
	return true;
}

bool vrc_syscall_number(const struct vrc_result *res, uint32_t pc, uint64_t *nr)
{
	if (pc % 4 || pc / 4 >= res->cert.ninsns || !(res->cert.claims[pc / 4] & VRC_CLAIM_SYS))
		return false;
	*nr = res->cert.sys_nr[pc / 4];
	return true;
}
