/* VRC transfer functions: each VELA-1 instruction mapped onto the domain's
 * operations (dom.h); branch refinement on both edges. */
#include "vrc/xfer.h"

#include <string.h>

void vrc_state_top(struct vrc_state *s)
{
	for (unsigned i = 0; i < VELA_NREGS; i++)
		s->r[i] = vrc_top();
	s->r[0] = vrc_const(0);
	s->live = 1;
	s->nrel = 0;
}

/* the range of x - k * y in s, as [lo, hi] without wrapping; false if none */
static bool offset_range(const struct vrc_state *s, const struct vrc_rel *r, uint64_t *lo,
			 uint64_t *hi)
{
	const struct vrc_val *x = &s->r[r->x], *y = &s->r[r->y];
	__int128 a = (__int128)r->k * (__int128)y->umin, b = (__int128)r->k * (__int128)y->umax;
	__int128 l = (__int128)x->umin - (a > b ? a : b), h = (__int128)x->umax - (a > b ? b : a);
	if ((l >> 64) != (h >> 64))
		return false;
	*lo = (uint64_t)l;
	*hi = (uint64_t)h;
	return true;
}

/* r's offset range once s is taken into account (hull with s's own view) */
static bool rel_in(const struct vrc_state *s, const struct vrc_rel *r, uint64_t *lo, uint64_t *hi)
{
	for (unsigned j = 0; j < s->nrel; j++)
		if (s->rel[j].x == r->x && s->rel[j].y == r->y && s->rel[j].k == r->k) {
			*lo = s->rel[j].clo;
			*hi = s->rel[j].chi;
			return true;
		}
	return offset_range(s, r, lo, hi);
}

bool vrc_rel_holds(const struct vrc_state *s, const struct vrc_rel *r)
{
	uint64_t lo, hi;
	return rel_in(s, r, &lo, &hi) && lo >= r->clo && hi <= r->chi;
}

bool vrc_state_apply_rels(struct vrc_state *s)
{
	for (unsigned j = 0; j < s->nrel && s->live; j++) {
		const struct vrc_rel *r = &s->rel[j];
		const struct vrc_val *y = &s->r[r->y];
		__int128 a = (__int128)r->k * (__int128)y->umin,
			 b = (__int128)r->k * (__int128)y->umax;
		__int128 lo = (a < b ? a : b) + (__int128)r->clo,
			 hi = (a < b ? b : a) + (__int128)r->chi;
		if ((lo >> 64) != (hi >> 64))
			continue; /* wraps inside the range: no bound */
		struct vrc_val x = vrc_top();
		x.umin = (uint64_t)lo;
		x.umax = (uint64_t)hi;
		if (!vrc_norm(&x) || !vrc_meet(&s->r[r->x], &x))
			s->live = 0;
	}
	return s->live;
}

/* keep the relations both states have (or allow), offsets joined */
static void join_rels(struct vrc_state *into, const struct vrc_state *s)
{
	unsigned n = 0;
	for (unsigned j = 0; j < into->nrel; j++) {
		struct vrc_rel r = into->rel[j];
		uint64_t lo, hi;
		if (!rel_in(s, &r, &lo, &hi))
			continue;
		r.clo = lo < r.clo ? lo : r.clo;
		r.chi = hi > r.chi ? hi : r.chi;
		into->rel[n++] = r;
	}
	into->nrel = (uint8_t)n;
}

void vrc_state_join(struct vrc_state *into, const struct vrc_state *s)
{
	if (!s->live)
		return;
	if (!into->live) {
		*into = *s;
		return;
	}
	join_rels(into, s);
	for (unsigned i = 1; i < VELA_NREGS; i++)
		if (memcmp(&into->r[i], &s->r[i], sizeof s->r[i]))
			into->r[i] = vrc_join(&into->r[i], &s->r[i]);
}

bool vrc_state_leq(const struct vrc_state *a, const struct vrc_state *b)
{
	if (!a->live)
		return true;
	if (!b->live)
		return false;
	for (unsigned j = 0; j < b->nrel; j++)
		if (!vrc_rel_holds(a, &b->rel[j]))
			return false;
	for (unsigned i = 1; i < VELA_NREGS; i++)
		if (memcmp(&a->r[i], &b->r[i], sizeof a->r[i]) && !vrc_leq(&a->r[i], &b->r[i]))
			return false;
	return true;
}

static void set(struct vrc_state *s, unsigned rd, struct vrc_val v)
{
	if (rd != 0 && rd < VELA_NREGS)
		s->r[rd] = v;
}

static struct vrc_val range_s(int64_t lo, int64_t hi)
{
	struct vrc_val v = vrc_top();
	v.smin = lo;
	v.smax = hi;
	vrc_norm(&v);
	return v;
}

static struct vrc_val range_u(uint64_t lo, uint64_t hi)
{
	struct vrc_val v = vrc_top();
	v.umin = lo;
	v.umax = hi;
	vrc_norm(&v);
	return v;
}

/* VELA opcode -> domain operation for the register and immediate ALU forms */
static int aop_of(unsigned op)
{
	switch (op) {
	case VELA_OP_ADD:
	case VELA_OP_ADDI:
		return VRC_ADD;
	case VELA_OP_SUB:
		return VRC_SUB;
	case VELA_OP_AND:
	case VELA_OP_ANDI:
		return VRC_AND;
	case VELA_OP_OR:
	case VELA_OP_ORI:
		return VRC_OR;
	case VELA_OP_XOR:
	case VELA_OP_XORI:
		return VRC_XOR;
	case VELA_OP_SLL:
	case VELA_OP_SLLI:
		return VRC_SLL;
	case VELA_OP_SRL:
	case VELA_OP_SRLI:
		return VRC_SRL;
	case VELA_OP_SRA:
	case VELA_OP_SRAI:
		return VRC_SRA;
	case VELA_OP_ROL:
		return VRC_ROL;
	case VELA_OP_ROR:
		return VRC_ROR;
	case VELA_OP_SLT:
	case VELA_OP_SLTI:
		return VRC_SLT;
	case VELA_OP_SLTU:
	case VELA_OP_SLTIU:
		return VRC_SLTU;
	case VELA_OP_MUL:
		return VRC_MUL;
	case VELA_OP_MULH:
		return VRC_MULH;
	case VELA_OP_MULHU:
		return VRC_MULHU;
	case VELA_OP_DIV:
		return VRC_DIV;
	case VELA_OP_DIVU:
		return VRC_DIVU;
	case VELA_OP_REM:
		return VRC_REM;
	case VELA_OP_REMU:
		return VRC_REMU;
	case VELA_OP_ADDW:
	case VELA_OP_ADDIW:
		return VRC_ADDW;
	case VELA_OP_SUBW:
		return VRC_SUBW;
	case VELA_OP_SLLW:
	case VELA_OP_SLLIW:
		return VRC_SLLW;
	case VELA_OP_SRLW:
	case VELA_OP_SRLIW:
		return VRC_SRLW;
	case VELA_OP_SRAW:
	case VELA_OP_SRAIW:
		return VRC_SRAW;
	case VELA_OP_MULW:
		return VRC_MULW;
	case VELA_OP_DIVW:
		return VRC_DIVW;
	case VELA_OP_DIVUW:
		return VRC_DIVUW;
	case VELA_OP_REMW:
		return VRC_REMW;
	case VELA_OP_REMUW:
		return VRC_REMUW;
	case VELA_OP_CLZ:
		return VRC_CLZ;
	case VELA_OP_CTZ:
		return VRC_CTZ;
	case VELA_OP_POPCNT:
		return VRC_POPCNT;
	default:
		return -1;
	}
}

static struct vrc_val load_range(unsigned op)
{
	switch (op) {
	case VELA_OP_LB:
		return range_s(INT8_MIN, INT8_MAX);
	case VELA_OP_LBU:
		return range_u(0, UINT8_MAX);
	case VELA_OP_LH:
		return range_s(INT16_MIN, INT16_MAX);
	case VELA_OP_LHU:
		return range_u(0, UINT16_MAX);
	case VELA_OP_LW:
		return range_s(INT32_MIN, INT32_MAX);
	case VELA_OP_LWU:
		return range_u(0, UINT32_MAX);
	default:
		return vrc_top();
	}
}

struct vrc_val vrc_xfer_addr(const struct vela_insn *in, const struct vrc_state *s)
{
	struct vrc_val off = vrc_const((uint64_t)in->imm), ea;
	vrc_binop(VRC_ADD, &s->r[in->rs1], &off, &ea);
	return ea;
}

static void xfer_regs(const struct vela_insn *in, uint32_t pc, struct vrc_state *s)
{
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	struct vrc_val r, b;
	if (!oi || !s->live)
		return;
	/* every class listed, no default: a new class must be decided here */
	switch ((enum vela_cls)oi->cls) {
	case VELA_CLS_ALU:
	case VELA_CLS_SHIFT:
	case VELA_CLS_CMP:
	case VELA_CLS_MUL:
	case VELA_CLS_DIV:
	case VELA_CLS_UNARY: {
		int op = aop_of(in->op);
		if (op < 0) {
			set(s, in->rd, vrc_top());
			return;
		}
		bool imm =
		    oi->fmt == VELA_FMT_I || oi->fmt == VELA_FMT_SH || oi->fmt == VELA_FMT_SHW;
		b = imm ? vrc_const((uint64_t)in->imm) : s->r[in->rs2];
		if (!vrc_binop((enum vrc_aop)op, &s->r[in->rs1], &b, &r)) {
			s->live = 0; /* divides by zero whatever happens */
			return;
		}
		set(s, in->rd, r);
		return;
	}
	case VELA_CLS_CONST:
		if (in->op == VELA_OP_LI) {
			set(s, in->rd, vrc_const((uint64_t)in->imm));
		} else {
			struct vrc_val k = vrc_const(18), lo = vrc_const((uint64_t)in->imm), t;
			vrc_binop(VRC_SLL, &s->r[in->rd], &k, &t);
			vrc_binop(VRC_OR, &t, &lo, &r);
			set(s, in->rd, r);
		}
		return;
	case VELA_CLS_LOAD:
		set(s, in->rd, load_range(in->op));
		return;
	case VELA_CLS_VEC:
		if (in->op == VELA_OP_VGETW)
			set(s, in->rd, range_s(INT32_MIN, INT32_MAX));
		return;
	case VELA_CLS_CALL:
	case VELA_CLS_ICALL:
		set(s, VELA_REG_LR, vrc_const(pc + 4));
		return;
	case VELA_CLS_SYSCALL:
	case VELA_CLS_SERVICE:
		/* result in R3 (R4 too, to be safe); everything else is preserved */
		set(s, 3, vrc_top());
		set(s, 4, vrc_top());
		return;
	case VELA_CLS_PROOF: {
		/* continues only if rs2 <= rs1 <= rs3 (signed) */
		struct vrc_val x = s->r[in->rs1], lo = s->r[in->rs2], hi = s->r[in->rs3];
		if (!vrc_refine(VRC_GE, &x, &lo) || !vrc_refine(VRC_GE, &hi, &x)) {
			s->live = 0;
			return;
		}
		set(s, in->rs1, x);
		return;
	}
	case VELA_CLS_FLOAT: /* VELA-F bit patterns and int->float: nothing known */
	case VELA_CLS_FCVT:  /* float->int: any value of the type when it does not trap */
		set(s, in->rd, vrc_top());
		return;
	case VELA_CLS_FCMP:
		set(s, in->rd, range_u(0, 1));
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

static enum vrc_cmp cmp_of(unsigned op, bool taken)
{
	static const enum vrc_cmp yes[] = {VRC_EQ, VRC_NE, VRC_LT, VRC_GE, VRC_LTU, VRC_GEU};
	static const enum vrc_cmp no[] = {VRC_NE, VRC_EQ, VRC_GE, VRC_LT, VRC_GEU, VRC_LTU};
	unsigned k = op - VELA_OP_BEQ;
	return taken ? yes[k] : no[k];
}

void vrc_xfer_branch(const struct vela_insn *in, bool taken, struct vrc_state *s)
{
	if (!s->live)
		return;
	struct vrc_val a = s->r[in->rs1], b = s->r[in->rs2];
	if (!vrc_refine(cmp_of(in->op, taken), &a, &b)) {
		s->live = 0;
		return;
	}
	if (in->rs1 == in->rs2 && !vrc_meet(&a, &b)) {
		s->live = 0;
		return;
	}
	set(s, in->rs2, b);
	set(s, in->rs1, a);
	vrc_state_apply_rels(s);
}

/* Registers an instruction may write (a mask). */
unsigned vrc_writes(const struct vela_insn *in)
{
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	/* every class listed, no default: a new class must be decided here */
	switch ((enum vela_cls)oi->cls) {
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

void vrc_xfer(const struct vela_insn *in, uint32_t pc, struct vrc_state *s)
{
	unsigned w = vrc_writes(in) & ~1u, n = 0;
	bool step = in->op == VELA_OP_ADDI && in->rd == in->rs1;
	for (unsigned j = 0; j < s->nrel; j++) {
		struct vrc_rel r = s->rel[j];
		uint64_t d = 0;
		if (w & (1u << r.x)) {
			if (!step)
				continue;
			d = (uint64_t)in->imm;
		} else if (w & (1u << r.y)) {
			if (!step)
				continue;
			d = 0 - (uint64_t)r.k * (uint64_t)in->imm;
		}
		if (r.clo + d > r.chi + d)
			continue; /* the offset range would wrap */
		r.clo += d;
		r.chi += d;
		s->rel[n++] = r;
	}
	s->nrel = (uint8_t)n;
	xfer_regs(in, pc, s);
}

bool vrc_rel_seed(struct vrc_state *s, unsigned x, unsigned y, int64_t k)
{
	struct vrc_rel r = {(uint8_t)x, (uint8_t)y, k, 0, 0};
	if (s->nrel >= VRC_NREL || !offset_range(s, &r, &r.clo, &r.chi))
		return false;
	for (unsigned j = 0; j < s->nrel; j++)
		if (s->rel[j].x == x && s->rel[j].y == y)
			return false;
	s->rel[s->nrel++] = r;
	return true;
}
