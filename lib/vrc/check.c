/* The VRC certificate checker (see check.h, cert.h and docs/vrc.md).
 *
 * Domain: per register an unsigned interval [ul, uh] and a signed interval
 * [sl, sh], both over-approximations of the same set of 64-bit values. Every rule
 * below is either exact or returns "anything" (top); each is written to be
 * checked by reading it. Nothing here calls the analysis. */
#include "vrc/check.h"

#include <string.h>

#include "abi/argblock.h"
#include "vela/vela.h"

struct rng {
	uint64_t ul, uh;
	int64_t sl, sh;
	unsigned tz; /* a multiple of 2^tz (0..64) */
};

struct st {
	struct rng r[VELA_NREGS];
	bool live;
	unsigned nrel;
	struct vrc_rel rel[VRC_NREL]; /* x == c + k * y, c in [clo, chi]; k == 0: none */
};

struct ck {
	const uint8_t *code;
	uint32_t n;
	uint64_t mem_size;
	const uint32_t *targets;
	size_t ntargets;
	const struct vrc_cert *cert;
	uint8_t *leader;	 /* [n + 1] */
	vrc_check_report report; /* if set: report every failure and go on */
	void *report_ctx;
	uint32_t nfail;
	uint32_t *ret; /* return sites: the instruction after each CALL/CALLR */
	uint32_t nret;
	struct vrc_check_error *err;
};

/* ------------------------------------------------------------- ranges */

static const struct rng TOP = {0, UINT64_MAX, INT64_MIN, INT64_MAX, 0};

static unsigned ctz(uint64_t c)
{
	return c ? (unsigned)__builtin_ctzll(c) : 64;
}

static unsigned min_u(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

static struct rng cst(uint64_t c)
{
	return (struct rng){c, c, (int64_t)c, (int64_t)c, ctz(c)};
}

static struct rng fixed(struct rng r);

static struct rng urng(uint64_t lo, uint64_t hi)
{
	return fixed((struct rng){lo, hi, INT64_MIN, INT64_MAX, 0});
}

static struct rng srng(int64_t lo, int64_t hi)
{
	return fixed((struct rng){0, UINT64_MAX, lo, hi, 0});
}

/* Each interval narrows the other where it lies within one sign half.
 * Returns false if no value is left. */
static bool tighten(struct rng *r)
{
	if (r->tz >= 64) { /* only 0 is a multiple of 2^64 */
		r->tz = 64;
		if (r->ul > 0 || r->sl > 0 || r->sh < 0)
			return false;
		r->uh = 0;
		r->sl = r->sh = 0;
	} else if (r->tz) { /* ends move inwards to multiples of 2^tz */
		uint64_t m = (1ull << r->tz) - 1;
		if (r->ul > UINT64_MAX - m || r->sl > INT64_MAX - (int64_t)m)
			return false;
		r->ul = (r->ul + m) & ~m;
		r->uh &= ~m;
		r->sl = (int64_t)(((uint64_t)r->sl + m) & ~m);
		r->sh = (int64_t)((uint64_t)r->sh & ~m);
	}
	for (int k = 0; k < 2; k++) {
		if (r->ul > r->uh || r->sl > r->sh)
			return false;
		if (r->ul == r->uh && ctz(r->ul) > r->tz) /* a single value: its own zeros */
			r->tz = ctz(r->ul);
		if ((r->ul >> 63) == (r->uh >> 63)) {
			if (r->sl < (int64_t)r->ul)
				r->sl = (int64_t)r->ul;
			if (r->sh > (int64_t)r->uh)
				r->sh = (int64_t)r->uh;
		}
		if ((r->sl < 0) == (r->sh < 0)) {
			if (r->ul < (uint64_t)r->sl)
				r->ul = (uint64_t)r->sl;
			if (r->uh > (uint64_t)r->sh)
				r->uh = (uint64_t)r->sh;
		}
	}
	return r->ul <= r->uh && r->sl <= r->sh;
}

static struct rng fixed(struct rng r)
{
	return tighten(&r) ? r : TOP; /* cannot happen for a sound input; stay safe */
}

static bool inside(const struct rng *a, const struct vrc_range *c)
{
	return a->ul >= c->umin && a->uh <= c->umax && a->sl >= c->smin && a->sh <= c->smax &&
	       a->tz >= c->align;
}

static bool is_cst(const struct rng *r, uint64_t *c)
{
	*c = r->ul;
	return r->ul == r->uh;
}

/* -------------------------------------------------- induction relations */

/* x - k * y over the intervals of s, if it does not wrap */
static bool offsets(const struct st *s, const struct vrc_rel *q, uint64_t *lo, uint64_t *hi)
{
	const struct rng *x = &s->r[q->x], *y = &s->r[q->y];
	__int128 a = (__int128)q->k * y->ul, b = (__int128)q->k * y->uh;
	__int128 l = (__int128)x->ul - (a > b ? a : b), h = (__int128)x->uh - (a > b ? b : a);
	if ((l >> 64) != (h >> 64))
		return false;
	*lo = (uint64_t)l;
	*hi = (uint64_t)h;
	return true;
}

/* Does the relation q hold in s, with offsets inside q's? */
static bool rel_holds(const struct st *s, const struct vrc_rel *q)
{
	uint64_t lo, hi;
	for (unsigned j = 0; j < s->nrel; j++) {
		const struct vrc_rel *p = &s->rel[j];
		if (p->k && p->x == q->x && p->y == q->y && p->k == q->k)
			return p->clo >= q->clo && p->chi <= q->chi;
	}
	return offsets(s, q, &lo, &hi) && lo >= q->clo && hi <= q->chi;
}

/* Narrow each related x to c + k * y. */
static void use_rels(struct st *s)
{
	for (unsigned j = 0; j < s->nrel && s->live; j++) {
		const struct vrc_rel *q = &s->rel[j];
		const struct rng *y = &s->r[q->y];
		if (!q->k)
			continue;
		__int128 a = (__int128)q->k * y->ul, b = (__int128)q->k * y->uh;
		__int128 lo = (a < b ? a : b) + q->clo, hi = (a < b ? b : a) + q->chi;
		if ((lo >> 64) != (hi >> 64))
			continue;
		struct rng *x = &s->r[q->x];
		x->ul = x->ul > (uint64_t)lo ? x->ul : (uint64_t)lo;
		x->uh = x->uh < (uint64_t)hi ? x->uh : (uint64_t)hi;
		if (!tighten(x))
			s->live = false;
	}
}

/* Registers an instruction may write (bit r). */
static unsigned written(const struct vela_insn *in)
{
	/* every class listed, no default: a new class must be decided here */
	switch ((enum vela_cls)vela_opinfo(in->op)->cls) {
	case VELA_CLS_CALL:
	case VELA_CLS_ICALL:
		return 1u << VELA_REG_LR;
	case VELA_CLS_SYSCALL:
	case VELA_CLS_SERVICE:
		return 1u << 3 | 1u << 4;
	case VELA_CLS_ALU:
	case VELA_CLS_SHIFT:
	case VELA_CLS_CMP:
	case VELA_CLS_MUL:
	case VELA_CLS_DIV:
	case VELA_CLS_UNARY:
	case VELA_CLS_CONST:
	case VELA_CLS_LOAD:
	case VELA_CLS_FLOAT:
	case VELA_CLS_FCMP:
	case VELA_CLS_FCVT:
		return 1u << in->rd;
	case VELA_CLS_VEC:
		return in->op == VELA_OP_VGETW ? 1u << in->rd : 0;
	case VELA_CLS_STORE:
	case VELA_CLS_BRANCH:
	case VELA_CLS_JUMP:
	case VELA_CLS_IJUMP:
	case VELA_CLS_RET:
	case VELA_CLS_NOP:
	case VELA_CLS_HALT:
	case VELA_CLS_BREAK:
	case VELA_CLS_VLOAD:
	case VELA_CLS_VSTORE:
	case VELA_CLS_CHAOS:
	case VELA_CLS_TIME:
	case VELA_CLS_PROOF:
	case VELA_CLS_COUNT:
		return 0;
	}
	return 0;
}

/* A relation survives `addi r, r, d` on x or y (its offsets move); any other
 * write to x or y ends it. */
static void move_rels(struct st *s, const struct vela_insn *in)
{
	unsigned w = written(in) & ~1u;
	bool addi = in->op == VELA_OP_ADDI && in->rd == in->rs1;
	for (unsigned j = 0; j < s->nrel; j++) {
		struct vrc_rel *q = &s->rel[j];
		uint64_t d;
		if (!q->k || !(w & (1u << q->x | 1u << q->y)))
			continue;
		if (!addi) {
			q->k = 0;
			continue;
		}
		d = (w >> q->x & 1) ? (uint64_t)in->imm : 0 - (uint64_t)q->k * (uint64_t)in->imm;
		if (q->clo + d > q->chi + d)
			q->k = 0; /* the offsets would wrap */
		q->clo += d;
		q->chi += d;
	}
}

/* -------------------------------------------------------- arithmetic */

static struct rng r_add(const struct rng *a, const struct rng *b)
{
	struct rng r = TOP;
	uint64_t lo, hi;
	bool clo = __builtin_add_overflow(a->ul, b->ul, &lo);
	bool chi = __builtin_add_overflow(a->uh, b->uh, &hi);
	if (clo == chi) { /* no sum wraps, or all of them wrap once */
		r.ul = lo;
		r.uh = hi;
	}
	int64_t sl, sh;
	if (!__builtin_add_overflow(a->sl, b->sl, &sl) &&
	    !__builtin_add_overflow(a->sh, b->sh, &sh)) {
		r.sl = sl;
		r.sh = sh;
	}
	r.tz = min_u(a->tz, b->tz);
	return fixed(r);
}

static struct rng r_sub(const struct rng *a, const struct rng *b)
{
	struct rng r = TOP;
	if (a->ul >= b->uh || a->uh < b->ul) { /* no difference borrows, or all do */
		r.ul = a->ul - b->uh;
		r.uh = a->uh - b->ul;
	}
	int64_t sl, sh;
	if (!__builtin_sub_overflow(a->sl, b->sh, &sl) &&
	    !__builtin_sub_overflow(a->sh, b->sl, &sh)) {
		r.sl = sl;
		r.sh = sh;
	}
	r.tz = min_u(a->tz, b->tz);
	return fixed(r);
}

static uint64_t ones_up_to(uint64_t x) /* smallest 2^k - 1 >= x */
{
	uint64_t m = 0;
	while (m < x)
		m = m << 1 | 1;
	return m;
}

static struct rng r_logic(unsigned op, const struct rng *a, const struct rng *b)
{
	struct rng r = TOP;
	if (op == VELA_OP_AND) {
		/* x & y <= x and <= y (unsigned); a non-negative operand keeps it >= 0 */
		r.uh = a->uh < b->uh ? a->uh : b->uh;
		if (a->sl >= 0)
			r = fixed((struct rng){0, r.uh, 0, a->sh, 0});
		if (b->sl >= 0)
			r = fixed((struct rng){0, r.uh, 0, r.sh < b->sh ? r.sh : b->sh, 0});
		r.tz = a->tz > b->tz ? a->tz : b->tz; /* low zeros of either stay zero */
		return fixed(r);
	}
	/* or, xor: no bit above the highest bit of either operand */
	uint64_t big = a->uh > b->uh ? a->uh : b->uh;
	r.uh = ones_up_to(big);
	if (op == VELA_OP_OR)
		r.ul = a->ul > b->ul ? a->ul : b->ul; /* x | y >= x and >= y */
	r.tz = min_u(a->tz, b->tz);
	return fixed(r);
}

static struct rng r_shift(unsigned kind, const struct rng *a, const struct rng *b)
{
	uint64_t k;
	if (!is_cst(b, &k))
		return kind == VELA_OP_SRL ? urng(0, a->uh) : TOP; /* x >> k <= x */
	k &= 63;
	struct rng r = TOP;
	switch (kind) {
	case VELA_OP_SLL:
		if (a->uh <= UINT64_MAX >> k)
			r = urng(a->ul << k, a->uh << k);
		r.tz = min_u(64, a->tz + (unsigned)k);
		break;
	case VELA_OP_SRL:
		r = urng(a->ul >> k, a->uh >> k);
		r.tz = a->tz >= 64 ? 64 : a->tz > k ? a->tz - (unsigned)k : 0;
		break;
	case VELA_OP_SRA:
		r = srng(a->sl >> k, a->sh >> k);
		r.tz = a->tz >= 64 ? 64 : a->tz > k ? a->tz - (unsigned)k : 0;
		break;
	default:
		return TOP;
	}
	return fixed(r);
}

static struct rng r_mul(const struct rng *a, const struct rng *b)
{
	struct rng r = TOP;
	uint64_t hi;
	if (!__builtin_mul_overflow(a->uh, b->uh, &hi)) {
		r.ul = a->ul * b->ul;
		r.uh = hi;
	}
	int64_t c[4];
	if (!__builtin_mul_overflow(a->sl, b->sl, &c[0]) &&
	    !__builtin_mul_overflow(a->sl, b->sh, &c[1]) &&
	    !__builtin_mul_overflow(a->sh, b->sl, &c[2]) &&
	    !__builtin_mul_overflow(a->sh, b->sh, &c[3])) {
		r.sl = r.sh = c[0];
		for (int i = 1; i < 4; i++) {
			r.sl = c[i] < r.sl ? c[i] : r.sl;
			r.sh = c[i] > r.sh ? c[i] : r.sh;
		}
	}
	r.tz = min_u(64, a->tz + b->tz);
	return fixed(r);
}

/* divisions: execution continues only with a non-zero divisor */
static bool r_div(unsigned op, const struct rng *a, const struct rng *b, struct rng *out)
{
	struct rng d = *b;
	if (d.ul == 0 && d.uh == 0)
		return false;
	if (d.ul == 0)
		d.ul = 1;
	*out = TOP;
	switch (op) {
	case VELA_OP_DIVU:
		*out = fixed(urng(a->ul / d.uh, a->uh / d.ul));
		break;
	case VELA_OP_REMU:
		*out = a->uh < d.ul ? *a : fixed(urng(0, a->uh < d.uh - 1 ? a->uh : d.uh - 1));
		break;
	case VELA_OP_DIV:
		if (a->sl >= 0 && d.sl >= 1)
			*out = fixed(srng(a->sl / d.sh, a->sh / d.sl));
		break;
	case VELA_OP_REM:
		if (a->sl >= 0 && d.sl >= 1)
			*out = fixed(srng(0, a->sh < d.sh - 1 ? a->sh : d.sh - 1));
		break;
	}
	return true;
}

static bool in_i32(const struct rng *r)
{
	return r->sl >= INT32_MIN && r->sh <= INT32_MAX;
}

/* W forms: exact while everything stays within 32 signed bits, else any int32. */
static struct rng r_word(unsigned op, const struct rng *a, const struct rng *b)
{
	struct rng i32 = srng(INT32_MIN, INT32_MAX), r = i32;
	uint64_t k;
	if ((op == VELA_OP_ADDW || op == VELA_OP_ADDIW || op == VELA_OP_SUBW) && in_i32(a) &&
	    in_i32(b)) {
		r = op == VELA_OP_SUBW ? r_sub(a, b) : r_add(a, b);
		if (!in_i32(&r))
			r = i32;
	} else if ((op == VELA_OP_SRLW || op == VELA_OP_SRLIW) && is_cst(b, &k) && (k & 31)) {
		r = urng(0, UINT32_MAX >> (k & 31));
	}
	return fixed(r);
}

/* ------------------------------------------------------ instructions */

static void put(struct st *s, unsigned rd, struct rng v)
{
	if (rd != 0)
		s->r[rd] = v;
}

static struct rng load_rng(unsigned op)
{
	switch (op) {
	case VELA_OP_LB:
		return fixed(srng(-128, 127));
	case VELA_OP_LBU:
		return urng(0, 255);
	case VELA_OP_LH:
		return fixed(srng(-32768, 32767));
	case VELA_OP_LHU:
		return fixed(urng(0, 65535));
	case VELA_OP_LW:
		return fixed(srng(INT32_MIN, INT32_MAX));
	case VELA_OP_LWU:
		return fixed(urng(0, UINT32_MAX));
	default:
		return TOP;
	}
}

/* rs2 operand or the immediate, as the format says */
static struct rng operand2(const struct st *s, const struct vela_insn *in,
			   const struct vela_opinfo *oi)
{
	if (oi->fmt == VELA_FMT_I || oi->fmt == VELA_FMT_SH || oi->fmt == VELA_FMT_SHW)
		return cst((uint64_t)in->imm);
	return s->r[in->rs2];
}

static unsigned base_op(unsigned op) /* immediate form -> register form */
{
	switch (op) {
	case VELA_OP_ADDI:
		return VELA_OP_ADD;
	case VELA_OP_ANDI:
		return VELA_OP_AND;
	case VELA_OP_ORI:
		return VELA_OP_OR;
	case VELA_OP_XORI:
		return VELA_OP_XOR;
	case VELA_OP_SLTI:
		return VELA_OP_SLT;
	case VELA_OP_SLTIU:
		return VELA_OP_SLTU;
	case VELA_OP_SLLI:
		return VELA_OP_SLL;
	case VELA_OP_SRLI:
		return VELA_OP_SRL;
	case VELA_OP_SRAI:
		return VELA_OP_SRA;
	default:
		return op;
	}
}

static struct rng r_cmp(unsigned op, const struct rng *a, const struct rng *b)
{
	bool s = op == VELA_OP_SLT;
	if (s ? a->sh < b->sl : a->uh < b->ul)
		return cst(1);
	if (s ? a->sl >= b->sh : a->ul >= b->uh)
		return cst(0);
	return urng(0, 1);
}

/* The effect of one instruction that does not end a block (and the link
 * register of CALL/CALLR). */
static void step_regs(struct st *s, const struct vela_insn *in, uint32_t pc);

static void step(struct st *s, const struct vela_insn *in, uint32_t pc)
{
	move_rels(s, in);
	step_regs(s, in, pc);
}

static void step_regs(struct st *s, const struct vela_insn *in, uint32_t pc)
{
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	struct rng a = s->r[in->rs1], b, r;
	unsigned op = base_op(in->op);
	/* every class listed, no default: a new class must be decided here */
	switch ((enum vela_cls)oi->cls) {
	case VELA_CLS_ALU:
	case VELA_CLS_SHIFT:
	case VELA_CLS_CMP:
	case VELA_CLS_MUL:
	case VELA_CLS_DIV:
		b = operand2(s, in, oi);
		if (op == VELA_OP_ADD)
			r = r_add(&a, &b);
		else if (op == VELA_OP_SUB)
			r = r_sub(&a, &b);
		else if (op == VELA_OP_AND || op == VELA_OP_OR || op == VELA_OP_XOR)
			r = r_logic(op, &a, &b);
		else if (op == VELA_OP_SLL || op == VELA_OP_SRL || op == VELA_OP_SRA)
			r = r_shift(op, &a, &b);
		else if (op == VELA_OP_SLT || op == VELA_OP_SLTU)
			r = r_cmp(op, &a, &b);
		else if (op == VELA_OP_MUL)
			r = r_mul(&a, &b);
		else if (op == VELA_OP_DIV || op == VELA_OP_DIVU || op == VELA_OP_REM ||
			 op == VELA_OP_REMU) {
			if (!r_div(op, &a, &b, &r)) {
				s->live = false;
				return;
			}
		} else if (oi->cls == VELA_CLS_DIV) {
			if (b.ul == 0 && b.uh == 0) {
				s->live = false; /* W division by a constant 0 */
				return;
			}
			r = fixed(srng(INT32_MIN, INT32_MAX));
		} else if (op == VELA_OP_MULH || op == VELA_OP_MULHU || op == VELA_OP_ROL ||
			   op == VELA_OP_ROR) {
			r = TOP;
		} else {
			r = r_word(op, &a, &b); /* the remaining ALU/shift/mul ops are W forms */
		}
		put(s, in->rd, r);
		return;
	case VELA_CLS_UNARY:
		put(s, in->rd, urng(0, 64));
		return;
	case VELA_CLS_CONST:
		if (in->op == VELA_OP_LI) {
			put(s, in->rd, cst((uint64_t)in->imm));
		} else if (s->r[in->rd].uh <= UINT64_MAX >> 18) {
			uint64_t lo = s->r[in->rd].ul << 18 | (uint64_t)in->imm;
			uint64_t hi = s->r[in->rd].uh << 18 | (uint64_t)in->imm;
			struct rng v = urng(lo, hi);
			v.tz = in->imm ? ctz((uint64_t)in->imm) : min_u(64, s->r[in->rd].tz + 18);
			put(s, in->rd, fixed(v));
		} else {
			put(s, in->rd, TOP);
		}
		return;
	case VELA_CLS_LOAD:
		put(s, in->rd, load_rng(in->op));
		return;
	case VELA_CLS_VEC:
		if (in->op == VELA_OP_VGETW)
			put(s, in->rd, fixed(srng(INT32_MIN, INT32_MAX)));
		return;
	case VELA_CLS_CALL:
	case VELA_CLS_ICALL:
		put(s, VELA_REG_LR, cst(pc + 4));
		return;
	case VELA_CLS_SYSCALL:
	case VELA_CLS_SERVICE:
		put(s, 3, TOP);
		put(s, 4, TOP);
		return;
	case VELA_CLS_PROOF: /* continues only if rs2 <= rs1 <= rs3, signed */
		a.sl = a.sl > s->r[in->rs2].sl ? a.sl : s->r[in->rs2].sl;
		a.sh = a.sh < s->r[in->rs3].sh ? a.sh : s->r[in->rs3].sh;
		if (!tighten(&a)) {
			s->live = false;
			return;
		}
		put(s, in->rs1, a);
		return;
	case VELA_CLS_FLOAT: /* VELA-F bit patterns and int->float: anything */
	case VELA_CLS_FCVT:  /* float->int (when it does not trap): anything */
		put(s, in->rd, TOP);
		return;
	case VELA_CLS_FCMP: /* 0 or 1, exactly */
		put(s, in->rd, urng(0, 1));
		return;
	case VELA_CLS_STORE:
	case VELA_CLS_BRANCH:
	case VELA_CLS_JUMP:
	case VELA_CLS_IJUMP:
	case VELA_CLS_RET:
	case VELA_CLS_NOP:
	case VELA_CLS_HALT:
	case VELA_CLS_BREAK:
	case VELA_CLS_VLOAD:
	case VELA_CLS_VSTORE:
	case VELA_CLS_CHAOS:
	case VELA_CLS_TIME:
	case VELA_CLS_COUNT:
		return; /* no scalar register written */
	}
}

/* Assume `x cmp y` (a branch edge); false if it cannot hold. */
static bool assume(unsigned op, bool taken, struct rng *x, struct rng *y)
{
	static const uint8_t neg[] = {VELA_OP_BNE, VELA_OP_BEQ,	 VELA_OP_BGE,
				      VELA_OP_BLT, VELA_OP_BGEU, VELA_OP_BLTU};
	uint64_t c;
	if (!taken)
		op = neg[op - VELA_OP_BEQ];
	switch (op) {
	case VELA_OP_BEQ:
		x->tz = y->tz = x->tz > y->tz ? x->tz : y->tz;
		x->ul = y->ul = x->ul > y->ul ? x->ul : y->ul;
		x->uh = y->uh = x->uh < y->uh ? x->uh : y->uh;
		x->sl = y->sl = x->sl > y->sl ? x->sl : y->sl;
		x->sh = y->sh = x->sh < y->sh ? x->sh : y->sh;
		break;
	case VELA_OP_BNE: /* only a constant on one side cuts an end off the other */
		for (int k = 0; k < 2; k++) {
			struct rng *p = k ? y : x, *q = k ? x : y;
			if (!is_cst(q, &c))
				continue;
			if (p->ul == c && p->uh == c)
				return false;
			if (p->ul == c)
				p->ul++;
			else if (p->uh == c)
				p->uh--;
			if (p->sl == (int64_t)c && p->sh != (int64_t)c)
				p->sl++;
			else if (p->sh == (int64_t)c && p->sl != (int64_t)c)
				p->sh--;
		}
		break;
	case VELA_OP_BLTU:
		if (y->uh == 0 || x->ul == UINT64_MAX)
			return false;
		x->uh = x->uh < y->uh - 1 ? x->uh : y->uh - 1;
		y->ul = y->ul > x->ul + 1 ? y->ul : x->ul + 1;
		break;
	case VELA_OP_BGEU:
		x->ul = x->ul > y->ul ? x->ul : y->ul;
		y->uh = y->uh < x->uh ? y->uh : x->uh;
		break;
	case VELA_OP_BLT:
		if (y->sh == INT64_MIN || x->sl == INT64_MAX)
			return false;
		x->sh = x->sh < y->sh - 1 ? x->sh : y->sh - 1;
		y->sl = y->sl > x->sl + 1 ? y->sl : x->sl + 1;
		break;
	default: /* BGE */
		x->sl = x->sl > y->sl ? x->sl : y->sl;
		y->sh = y->sh < x->sh ? y->sh : x->sh;
		break;
	}
	return tighten(x) && tighten(y);
}

/* --------------------------------------------------------- the graph */

static bool ends_block(unsigned cls)
{
	return cls == VELA_CLS_BRANCH || cls == VELA_CLS_JUMP || cls == VELA_CLS_CALL ||
	       cls == VELA_CLS_IJUMP || cls == VELA_CLS_ICALL || cls == VELA_CLS_RET ||
	       cls == VELA_CLS_HALT || cls == VELA_CLS_BREAK;
}

static bool fail(struct ck *k, enum vrc_check_fail kind, uint32_t pc, uint32_t leader, unsigned reg,
		 const char *why)
{
	static const char hex[] = "0123456789abcdef";
	struct vrc_check_error scratch, *e = k->err ? k->err : &scratch;
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->pc = pc;
	e->leader = leader;
	e->reg = (uint8_t)reg;
	char *p = e->msg;
	memcpy(p, "pc=0x", 5);
	p += 5;
	int shift = 28;
	while (shift > 0 && !((pc >> shift) & 15))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = hex[(pc >> shift) & 15];
	const char *pre = " : VRC certificate: ";
	size_t room = sizeof e->msg - 1 - (size_t)(p - e->msg);
	size_t l1 = strlen(pre), l2 = strlen(why);
	l1 = l1 < room ? l1 : room;
	memcpy(p, pre, l1);
	p += l1;
	room -= l1;
	l2 = l2 < room ? l2 : room;
	memcpy(p, why, l2);
	p[l2] = 0;
	k->nfail++;
	if (k->report && kind != VRC_FAIL_SHAPE) {
		k->report(k->report_ctx, e);
		return true; /* keep checking: every failure gets reported */
	}
	return false;
}

/* Index of the leader at instruction i (it must be one: leaders were checked). */
static uint32_t leader_index(const struct ck *k, uint32_t i)
{
	uint32_t lo = 0, hi = k->cert->nleaders;
	while (lo + 1 < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (k->cert->leader_pc[mid] <= i * 4)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The state s flows into instruction `to`: it must lie inside to's facts. */
static bool flows(struct ck *k, uint32_t from_pc, uint32_t to, const struct st *s)
{
	if (!s->live)
		return true;
	struct st t = *s;
	use_rels(&t);
	if (!t.live)
		return true;
	s = &t;
	uint32_t L = leader_index(k, to);
	if (!k->cert->live[L])
		return fail(k, VRC_FAIL_EDGE, from_pc, L, 16, "edge into a block said unreachable");
	for (unsigned r = 1; r < VELA_NREGS; r++)
		if (!inside(&s->r[r], &k->cert->regs[L][r]))
			return fail(k, VRC_FAIL_EDGE, from_pc, L, r,
				    "edge leaves the facts of its target");
	for (unsigned j = 0; j < k->cert->nrels[L] && j < VRC_NREL; j++) {
		const struct vrc_rel *q = &k->cert->rels[L][j];
		if (q->k &&
		    (q->x >= VELA_NREGS || q->y >= VELA_NREGS || q->x == 0 || !rel_holds(s, q)))
			return fail(k, VRC_FAIL_EDGE, from_pc, L, 32 + j,
				    "edge breaks an induction relation of its target");
	}
	return true;
}

static bool is_target(const struct ck *k, uint64_t pc)
{
	for (size_t t = 0; t < k->ntargets; t++)
		if (k->targets[t] == pc && pc < (uint64_t)k->n * 4 && pc % 4 == 0)
			return true;
	return false;
}

/* The claims of instruction i, in state s. */
static bool claims_hold(struct ck *k, uint32_t i, const struct vela_insn *in, const struct st *s)
{
	uint8_t c = k->cert->claims[i];
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	uint64_t v;
	if (c & ~(VRC_CLAIM_MEM | VRC_CLAIM_CFI | VRC_CLAIM_SYS))
		return fail(k, VRC_FAIL_CLAIM, i * 4, 0, 0, "unknown claim");
	if (c & VRC_CLAIM_MEM) {
		struct rng off = cst((uint64_t)in->imm);
		struct rng ea = r_add(&s->r[in->rs1], &off);
		if (!oi->msize || k->mem_size < oi->msize || ea.uh > k->mem_size - oi->msize)
			return fail(k, VRC_FAIL_CLAIM, i * 4, 0, 0, "access not proven in bounds");
	}
	if (c & VRC_CLAIM_CFI) {
		bool ind = oi->cls == VELA_CLS_IJUMP || oi->cls == VELA_CLS_ICALL;
		if (!ind || !is_cst(&s->r[in->rs1], &v) || !is_target(k, v))
			return fail(k, VRC_FAIL_CLAIM, i * 4, 0, 0,
				    "indirect target not a proven valid target");
	}
	if (c & VRC_CLAIM_SYS) {
		if (in->op != VELA_OP_SYSCALL || !is_cst(&s->r[VELA_REG_SYSNR], &v) ||
		    v != k->cert->sys_nr[i])
			return fail(k, VRC_FAIL_CLAIM, i * 4, 0, 0, "syscall number not proven");
	}
	return true;
}

/* Successors of the block-ending instruction i. */
static bool out_edges(struct ck *k, uint32_t i, const struct vela_insn *in, const struct st *s)
{
	unsigned cls = vela_opinfo(in->op)->cls;
	uint32_t pc = i * 4, t = vela_direct_target(in, pc) / 4;
	struct st e = *s;
	switch (cls) {
	case VELA_CLS_BRANCH:
		for (int taken = 0; taken < 2; taken++) {
			e = *s;
			struct rng x = e.r[in->rs1], y = e.r[in->rs2];
			e.live = assume(in->op, taken, &x, &y);
			if (in->rs1 == in->rs2)
				e.live = e.live && assume(VELA_OP_BEQ, true, &x, &y);
			put(&e, in->rs2, y);
			put(&e, in->rs1, x);
			uint32_t to = taken ? t : i + 1;
			if (to < k->n && !flows(k, pc, to, &e))
				return false;
		}
		return true;
	case VELA_CLS_JUMP:
		return flows(k, pc, t, &e);
	case VELA_CLS_CALL:
		step(&e, in, pc);
		return flows(k, pc, t, &e);
	case VELA_CLS_ICALL:
	case VELA_CLS_IJUMP:
		step(&e, in, pc);
		for (size_t j = 0; j < k->ntargets; j++)
			if (k->targets[j] < k->n * 4 && k->targets[j] % 4 == 0 &&
			    !flows(k, pc, k->targets[j] / 4, &e))
				return false;
		return true;
	case VELA_CLS_RET: /* the shadow stack only holds pc + 4 of CALL/CALLR */
		for (uint32_t j = 0; j < k->nret; j++)
			if (!flows(k, pc, k->ret[j], &e))
				return false;
		return true;
	default:
		return true; /* HALT, BREAK: no successor */
	}
}

/* Walk the block of leader L from its facts. */
static bool check_block(struct ck *k, uint32_t L)
{
	const struct vrc_cert *c = k->cert;
	struct st s;
	s.live = true;
	for (unsigned r = 0; r < VELA_NREGS; r++) {
		const struct vrc_range *f = &c->regs[L][r];
		unsigned tz = f->align < 64 ? (unsigned)f->align : 64;
		s.r[r] = (struct rng){f->umin, f->umax, f->smin, f->smax, tz};
		if (!tighten(&s.r[r]))
			return true; /* empty facts: no execution can enter (edges checked) */
	}
	s.r[0] = cst(0);
	s.nrel = 0;
	for (unsigned j = 0; j < c->nrels[L] && j < VRC_NREL; j++)
		if (c->rels[L][j].k && c->rels[L][j].x < VELA_NREGS &&
		    c->rels[L][j].y < VELA_NREGS && c->rels[L][j].x != 0)
			s.rel[s.nrel++] = c->rels[L][j];
	use_rels(&s);
	if (!s.live)
		return true;
	for (uint32_t i = c->leader_pc[L] / 4; i < k->n; i++) {
		struct vela_insn in;
		vela_decode_raw(vela_load_word(k->code + 4 * i), &in);
		if (!claims_hold(k, i, &in, &s))
			return false;
		if (ends_block(vela_opinfo(in.op)->cls))
			return out_edges(k, i, &in, &s);
		step(&s, &in, i * 4);
		if (!s.live || i + 1 >= k->n)
			return true;
		if (k->leader[i + 1])
			return flows(k, i * 4, i + 1, &s);
	}
	return true;
}

size_t vrc_check_work_size(size_t code_len)
{
	return (code_len / 4 + 8) * 5;
}

static bool check(struct ck *k0, const uint8_t *code, size_t code_len, uint64_t mem_size,
		  uint32_t entry, const uint32_t *targets, size_t ntargets,
		  const struct vrc_cert *cert, void *work, size_t work_size,
		  struct vrc_check_error *err);

bool vrc_check(const uint8_t *code, size_t code_len, uint64_t mem_size, uint32_t entry,
	       const uint32_t *targets, size_t ntargets, const struct vrc_cert *cert, void *work,
	       size_t work_size, struct vrc_check_error *err)
{
	struct ck k;
	memset(&k, 0, sizeof k);
	return check(&k, code, code_len, mem_size, entry, targets, ntargets, cert, work, work_size,
		     err);
}

uint32_t vrc_check_report_all(const uint8_t *code, size_t code_len, uint64_t mem_size,
			      uint32_t entry, const uint32_t *targets, size_t ntargets,
			      const struct vrc_cert *cert, void *work, size_t work_size,
			      vrc_check_report report, void *ctx)
{
	struct ck k;
	struct vrc_check_error e;
	memset(&k, 0, sizeof k);
	k.report = report;
	k.report_ctx = ctx;
	if (!check(&k, code, code_len, mem_size, entry, targets, ntargets, cert, work, work_size,
		   &e) &&
	    !k.nfail)
		k.nfail = 1;
	return k.nfail;
}

/* The verification proper (k0: the reporting mode; its failure count comes back). */
static bool check(struct ck *k0, const uint8_t *code, size_t code_len, uint64_t mem_size,
		  uint32_t entry, const uint32_t *targets, size_t ntargets,
		  const struct vrc_cert *cert, void *work, size_t work_size,
		  struct vrc_check_error *err)
{
	struct ck k = *k0;
	k.code = code;
	k.n = (uint32_t)(code_len / 4);
	k.mem_size = mem_size;
	k.targets = targets;
	k.ntargets = ntargets;
	k.cert = cert;
	k.leader = work;
	k.err = err;
	k.ret = (uint32_t *)(void *)((uint8_t *)work + ((code_len / 4 + 8) & ~(size_t)3));
	if (err)
		memset(err, 0, sizeof *err);
	if (code_len % 4 || code_len / 4 == 0 || code_len / 4 != cert->ninsns ||
	    work_size < vrc_check_work_size(code_len) || entry >= code_len || entry % 4)
		return fail(&k, VRC_FAIL_SHAPE, 0, 0, 0, "does not fit the program");
	uint32_t n = k.n;
	/* leaders, by this file's own definition */
	memset(k.leader, 0, n + 1);
	k.leader[entry / 4] = 1;
	for (size_t t = 0; t < ntargets; t++)
		if (targets[t] < code_len && targets[t] % 4 == 0)
			k.leader[targets[t] / 4] = 1;
	for (uint32_t i = 0; i < n; i++) {
		struct vela_insn in;
		if (!vela_decode(vela_load_word(code + 4 * i), &in))
			return fail(&k, VRC_FAIL_SHAPE, i * 4, 0, 0, "invalid instruction");
		unsigned cls = vela_opinfo(in.op)->cls;
		if (cls == VELA_CLS_BRANCH || cls == VELA_CLS_JUMP || cls == VELA_CLS_CALL) {
			uint32_t t = vela_direct_target(&in, i * 4);
			if (t >= code_len)
				return fail(&k, VRC_FAIL_SHAPE, i * 4, 0, 0,
					    "target outside the code");
			k.leader[t / 4] = 1;
		}
		if (ends_block(cls))
			k.leader[i + 1] = 1;
		if ((cls == VELA_CLS_CALL || cls == VELA_CLS_ICALL) && i + 1 < n)
			k.ret[k.nret++] = i + 1;
	}
	uint32_t L = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!k.leader[i])
			continue;
		if (L >= cert->nleaders || cert->leader_pc[L] != i * 4)
			return fail(&k, VRC_FAIL_SHAPE, i * 4, 0, 0, "leaders differ");
		L++;
	}
	if (L != cert->nleaders)
		return fail(&k, VRC_FAIL_SHAPE, 0, 0, 0, "leaders differ");
	/* the loader's state at the entry: R0 = 0, SP a multiple of 16 under the
	 * argument block, in [mem_size - AE_ARGBLOCK_MAX_BYTES, mem_size], the
	 * rest unknown */
	struct st s0;
	s0.live = true;
	s0.nrel = 0;
	for (unsigned r = 0; r < VELA_NREGS; r++)
		s0.r[r] = TOP;
	s0.r[0] = cst(0);
	uint64_t sp_lo = mem_size > AE_ARGBLOCK_MAX_BYTES ? mem_size - AE_ARGBLOCK_MAX_BYTES : 0;
	struct rng sp = {sp_lo, mem_size, (int64_t)sp_lo, (int64_t)mem_size, 4};
	if (mem_size <= (uint64_t)INT64_MAX && tighten(&sp))
		s0.r[VELA_REG_SP] = sp;
	if (!flows(&k, entry, entry / 4, &s0)) {
		if (err)
			err->kind = VRC_FAIL_ENTRY;
		k0->nfail = k.nfail;
		return false;
	}
	for (L = 0; L < cert->nleaders; L++)
		if (cert->live[L] && !check_block(&k, L))
			break;
	k0->nfail = k.nfail;
	return k.nfail == 0;
}
