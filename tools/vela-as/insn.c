/*
 * vela-as instructions and pseudo-instructions. Operand syntax per format is
 * vela_fmt_syntax() (lib/vela/disasm.c); mnemonics come from vela.def.
 */
#include "as.h"
#include "vela/vela.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct opnd {
	struct vas *v;
	const struct tok *t;
	int i;
	const char *mn;
};

bool vas_tok_is(const struct tok *t, const char *s)
{
	return t->kind == T_IDENT && strlen(s) == t->len && strncasecmp(t->s, s, t->len) == 0;
}

static const struct vela_opinfo *find_op(const char *s, size_t len)
{
	for (unsigned i = 0; i < 256; i++) {
		const struct vela_opinfo *oi = vela_opinfo(i);
		if (oi && strlen(oi->mnemonic) == len && strncasecmp(oi->mnemonic, s, len) == 0)
			return oi;
	}
	return NULL;
}

static const char *const pseudo_names[] = {
    "la",   "mov",  "not",  "neg",  "negw", "sext.w", "zext.w", "seqz", "snez", "beqz",
    "bnez", "bltz", "bgez", "bgtz", "blez", "bgt",    "ble",	"bgtu", "bleu",
};

bool vas_is_mnemonic(const char *s, size_t len)
{
	if (find_op(s, len))
		return true;
	for (size_t i = 0; i < sizeof(pseudo_names) / sizeof(pseudo_names[0]); i++)
		if (strlen(pseudo_names[i]) == len && strncasecmp(pseudo_names[i], s, len) == 0)
			return true;
	return false;
}

/* Register number of token t: kind 'r' scalar, 'v' vector. -1 if the token is
 * not register-like at all, -2 if it is but does not exist. */
static int reg_of(const struct tok *t, char kind)
{
	static const char *const names[] = {"zero", "lr", "sp", "a0", "a1", "a2", "a3", "a4",
					    "a5",   "s0", "s1", "s2", "s3", "s4", "t0", "t1"};
	char buf[16];
	if (t->kind != T_IDENT || t->len >= sizeof(buf))
		return -1;
	for (size_t i = 0; i < t->len; i++)
		buf[i] = (char)(t->s[i] | 0x20);
	buf[t->len] = 0;
	for (int i = 0; i < 16; i++)
		if (strcmp(buf, names[i]) == 0)
			return kind == 'r' ? i : -2;
	bool vec = buf[0] == 'v' && buf[1] == 'r';
	const char *p = vec ? buf + 2 : buf[0] == 'r' ? buf + 1 : NULL;
	if (!p || !*p)
		return -1;
	int n = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (*p - '0');
		if (n > 1000)
			n = 1000;
	}
	if (vec != (kind == 'v'))
		return -2;
	return n < (kind == 'v' ? VELA_NVREGS : VELA_NREGS) ? n : -2;
}

static const struct tok *cur(struct opnd *o)
{
	return &o->t[o->i];
}

static bool reg(struct opnd *o, char kind, uint8_t *out)
{
	const struct tok *t = cur(o);
	int r = reg_of(t, kind);
	if (r >= 0) {
		*out = (uint8_t)r;
		o->i++;
		return true;
	}
	const char *what = kind == 'v' ? "vector register" : "register";
	if (r == -2 && reg_of(t, kind == 'v' ? 'r' : 'v') >= 0)
		vas_error(o->v, t->col, "expected %s, found '%.*s'", what, (int)t->len, t->s);
	else if (r == -2)
		vas_error(o->v, t->col, "unknown register '%.*s'", (int)t->len, t->s);
	else if (t->kind == T_EOL)
		vas_error(o->v, t->col, "expected %s", what);
	else
		vas_error(o->v, t->col, "expected %s, found '%.*s'", what, (int)t->len, t->s);
	return false;
}

static bool comma(struct opnd *o)
{
	const struct tok *t = cur(o);
	if (t->kind == T_PUNCT && t->op == ',') {
		o->i++;
		return true;
	}
	if (t->kind == T_EOL)
		vas_error(o->v, t->col, "too few operands for '%s'", o->mn);
	else
		vas_error(o->v, t->col, "expected ',' before '%.*s'", (int)t->len, t->s);
	return false;
}

static bool end(struct opnd *o)
{
	const struct tok *t = cur(o);
	if (t->kind == T_EOL)
		return true;
	vas_error(o->v, t->col, "unexpected '%.*s' after the operands of '%s'", (int)t->len, t->s,
		  o->mn);
	return false;
}

static bool expr(struct opnd *o, struct val *val)
{
	return vas_expr(o->v, o->t, &o->i, val);
}

/* An immediate in [lo, hi]; unknown values (pass 1) pass. */
static bool imm(struct opnd *o, int64_t lo, int64_t hi, int64_t *out)
{
	int col = cur(o)->col;
	struct val val;
	if (!expr(o, &val))
		return false;
	*out = (int64_t)val.v;
	if (val.known && (*out < lo || *out > hi)) {
		vas_error(o->v, col, "immediate %lld out of range for '%s' (%lld..%lld)",
			  (long long)*out, o->mn, (long long)lo, (long long)hi);
		return false;
	}
	if (!val.known)
		*out = 0;
	return true;
}

/* off(base) or (base). */
static bool mem(struct opnd *o, int64_t *off, uint8_t *base)
{
	const struct tok *t = cur(o);
	*off = 0;
	if (!(t->kind == T_PUNCT && t->op == '(' && reg_of(&o->t[o->i + 1], 'r') != -1)) {
		if (!imm(o, -2048, 2047, off))
			return false;
	}
	t = cur(o);
	if (t->kind != T_PUNCT || t->op != '(') {
		vas_error(o->v, t->col, "expected '(' and a base register");
		return false;
	}
	o->i++;
	if (!reg(o, 'r', base))
		return false;
	t = cur(o);
	if (t->kind != T_PUNCT || t->op != ')') {
		vas_error(o->v, t->col, "expected ')' after the base register");
		return false;
	}
	o->i++;
	return true;
}

/* A branch/jump target: an absolute code offset; returns the byte offset. */
static bool target(struct opnd *o, int bits, int64_t *off)
{
	int col = cur(o)->col;
	struct val val;
	if (!expr(o, &val))
		return false;
	*off = 0;
	if (!val.known)
		return true;
	uint64_t pc = o->v->loc[SEC_TEXT];
	if (val.v % 4) {
		vas_error(o->v, col, "branch target 0x%llx is not a multiple of 4",
			  (unsigned long long)val.v);
		return false;
	}
	if (val.v >= o->v->text_size_p1) {
		vas_error(o->v, col, "branch target 0x%llx is outside the code",
			  (unsigned long long)val.v);
		return false;
	}
	int64_t d = (int64_t)(val.v - pc) / 4;
	if (d < -(1ll << (bits - 1)) || d >= (1ll << (bits - 1))) {
		vas_error(o->v, col, "branch target out of range for '%s'", o->mn);
		return false;
	}
	*off = d * 4;
	return true;
}

static void emit(struct vas *v, int col, const struct vela_insn *in)
{
	uint32_t w = 0;
	if (!vela_encode(in, &w))
		vas_error(v, col, "cannot encode instruction (internal error)");
	vas_emit_word(v, w);
}

static void emit_op(struct vas *v, int col, uint8_t op, uint8_t rd, uint8_t rs1, uint8_t rs2,
		    int64_t imm_)
{
	struct vela_insn in = {.op = op, .rd = rd, .rs1 = rs1, .rs2 = rs2, .imm = imm_};
	emit(v, col, &in);
}

static unsigned li_min_slots(int64_t x)
{
	for (unsigned k = 1; k < 4; k++) {
		unsigned bits = 18 * k;
		int64_t lim = (int64_t)1 << (bits - 1);
		if (x >= -lim && x < lim)
			return k;
	}
	return 4;
}

/* li rd, x in exactly k instructions (k >= li_min_slots(x)). */
static void emit_li(struct vas *v, int col, uint8_t rd, uint64_t x, unsigned k)
{
	emit_op(v, col, VELA_OP_LI, rd, 0, 0, (int64_t)x >> (18 * (k - 1)));
	for (unsigned j = k - 1; j-- > 0;)
		emit_op(v, col, VELA_OP_SHORI, rd, 0, 0, (int64_t)((x >> (18 * j)) & 0x3ffff));
}

/* Reserve (pass 1) or look up (pass 2) the slot count of a variable-size
 * statement. */
static unsigned var_slots(struct vas *v, unsigned want)
{
	if (v->pass < 2) {
		if (v->nli == v->cap_li) {
			size_t cap = v->cap_li ? 2 * v->cap_li : 64;
			uint8_t *n = realloc(v->li_sizes, cap);
			if (!n)
				return want;
			v->li_sizes = n;
			v->cap_li = cap;
		}
		v->li_sizes[v->nli++] = (uint8_t)want;
		return want;
	}
	return v->li_seq < v->nli ? v->li_sizes[v->li_seq++] : want;
}

struct branch_alias {
	const char *name;
	uint8_t op;
	bool swap; /* operands swapped */
	int zero;  /* 0: two registers; 1: rs vs r0; 2: r0 vs rs */
};

static const struct branch_alias branch_aliases[] = {
    {"beqz", VELA_OP_BEQ, false, 1}, {"bnez", VELA_OP_BNE, false, 1},
    {"bltz", VELA_OP_BLT, false, 1}, {"bgez", VELA_OP_BGE, false, 1},
    {"bgtz", VELA_OP_BLT, false, 2}, {"blez", VELA_OP_BGE, false, 2},
    {"bgt", VELA_OP_BLT, true, 0},   {"ble", VELA_OP_BGE, true, 0},
    {"bgtu", VELA_OP_BLTU, true, 0}, {"bleu", VELA_OP_BGEU, true, 0},
};

static bool pseudo(struct opnd *o, const struct tok *mn)
{
	struct vas *v = o->v;
	int col = mn->col;
	uint8_t rd = 0, rs = 0, rt = 0;
	int64_t off;
	for (size_t i = 0; i < sizeof(branch_aliases) / sizeof(branch_aliases[0]); i++) {
		const struct branch_alias *b = &branch_aliases[i];
		if (!vas_tok_is(mn, b->name))
			continue;
		if (!reg(o, 'r', &rs) || !comma(o))
			return true;
		if (!b->zero && (!reg(o, 'r', &rt) || !comma(o)))
			return true;
		if (!target(o, 12, &off) || !end(o))
			return true;
		if (b->zero == 1)
			emit_op(v, col, b->op, 0, rs, 0, off);
		else if (b->zero == 2)
			emit_op(v, col, b->op, 0, 0, rs, off);
		else
			emit_op(v, col, b->op, 0, b->swap ? rt : rs, b->swap ? rs : rt, off);
		return true;
	}
	if (vas_tok_is(mn, "li") || vas_tok_is(mn, "la")) {
		bool la = vas_tok_is(mn, "la");
		struct val val;
		if (!reg(o, 'r', &rd) || !comma(o))
			return true;
		int ecol = cur(o)->col;
		bool ok = expr(o, &val) && end(o);
		/* the slot count is consumed in both passes whatever happens, so
		 * that later statements keep their pass-1 sizes */
		unsigned k = var_slots(v, la		    ? 2
					  : ok && val.known ? li_min_slots((int64_t)val.v)
							    : 4);
		if (!ok)
			return true;
		if (la && val.known && val.v >= (1ull << 35)) {
			vas_error(v, ecol, "address 0x%llx too large for 'la'",
				  (unsigned long long)val.v);
			return true;
		}
		if (val.known && li_min_slots((int64_t)val.v) > k) {
			vas_error(v, ecol, "internal error: value changed between passes");
			v->internal_errors++;
		}
		if (la && v->pass == 2 && val.base && val.base->sec == SEC_TEXT)
			val.base->flags |= VELA_SYM_ADDR_TAKEN;
		emit_li(v, col, rd, val.v, k);
		return true;
	}
	static const struct {
		const char *name;
		uint8_t op;
		int form; /* 0: rd, rs -> op rd, rs, imm; 1: op rd, r0, rs; 2: op rd, rs, r0 */
		int64_t imm;
	} two[] = {
	    {"mov", VELA_OP_ADDI, 0, 0},     {"not", VELA_OP_XORI, 0, -1},
	    {"neg", VELA_OP_SUB, 1, 0},	     {"negw", VELA_OP_SUBW, 1, 0},
	    {"sext.w", VELA_OP_ADDIW, 0, 0}, {"seqz", VELA_OP_SLTIU, 0, 1},
	    {"snez", VELA_OP_SLTU, 1, 0},
	};
	for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
		if (!vas_tok_is(mn, two[i].name))
			continue;
		if (!reg(o, 'r', &rd) || !comma(o) || !reg(o, 'r', &rs) || !end(o))
			return true;
		if (two[i].form == 0)
			emit_op(v, col, two[i].op, rd, rs, 0, two[i].imm);
		else
			emit_op(v, col, two[i].op, rd, 0, rs, 0);
		return true;
	}
	if (vas_tok_is(mn, "zext.w")) {
		if (!reg(o, 'r', &rd) || !comma(o) || !reg(o, 'r', &rs) || !end(o))
			return true;
		emit_op(v, col, VELA_OP_SLLI, rd, rs, 0, 32);
		emit_op(v, col, VELA_OP_SRLI, rd, rd, 0, 32);
		return true;
	}
	return false;
}

/* One instruction statement: t[0] is the mnemonic, n tokens in all. */
void vas_insn(struct vas *v, const struct tok *t, int n)
{
	(void)n;
	char mnbuf[32];
	size_t ml = t[0].len < sizeof(mnbuf) - 1 ? t[0].len : sizeof(mnbuf) - 1;
	for (size_t i = 0; i < ml; i++)
		mnbuf[i] = (char)(t[0].s[i] | 0x20);
	mnbuf[ml] = 0;
	struct opnd o = {v, t, 1, mnbuf};
	if (v->cur != SEC_TEXT) {
		vas_error(v, t[0].col, "instruction '%s' outside .text", mnbuf);
		return;
	}
	/* li is both an instruction and the general pseudo-instruction */
	if (pseudo(&o, &t[0]))
		return;
	const struct vela_opinfo *oi = find_op(t[0].s, t[0].len);
	if (!oi) {
		vas_error(v, t[0].col, "unknown instruction '%.*s'", (int)t[0].len, t[0].s);
		return;
	}
	struct vela_insn in = {.op = oi->opcode};
	int64_t x = 0;
	bool ok = true;
	switch (oi->fmt) {
	case VELA_FMT_N:
		break;
	case VELA_FMT_R:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && reg(&o, 'r', &in.rs1) && comma(&o) &&
		     reg(&o, 'r', &in.rs2);
		break;
	case VELA_FMT_P:
		ok = reg(&o, 'r', &in.rs1) && comma(&o) && reg(&o, 'r', &in.rs2) && comma(&o) &&
		     reg(&o, 'r', &in.rs3);
		break;
	case VELA_FMT_R4:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && reg(&o, 'r', &in.rs1) && comma(&o) &&
		     reg(&o, 'r', &in.rs2) && comma(&o) && reg(&o, 'r', &in.rs3);
		break;
	case VELA_FMT_R2:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && reg(&o, 'r', &in.rs1);
		break;
	case VELA_FMT_RS:
		ok = reg(&o, 'r', &in.rs1);
		break;
	case VELA_FMT_SH:
	case VELA_FMT_SHW:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && reg(&o, 'r', &in.rs1) && comma(&o) &&
		     imm(&o, 0, oi->fmt == VELA_FMT_SH ? 63 : 31, &x);
		break;
	case VELA_FMT_I:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && reg(&o, 'r', &in.rs1) && comma(&o) &&
		     imm(&o, -2048, 2047, &x);
		break;
	case VELA_FMT_L:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && mem(&o, &x, &in.rs1);
		break;
	case VELA_FMT_S:
		ok = reg(&o, 'r', &in.rs2) && comma(&o) && mem(&o, &x, &in.rs1);
		break;
	case VELA_FMT_B:
		ok = reg(&o, 'r', &in.rs1) && comma(&o) && reg(&o, 'r', &in.rs2) && comma(&o) &&
		     target(&o, 12, &x);
		break;
	case VELA_FMT_U: /* shori (li is handled as a pseudo-instruction) */
		ok = reg(&o, 'r', &in.rd) && comma(&o) && imm(&o, 0, 0x3ffff, &x);
		break;
	case VELA_FMT_J:
		ok = target(&o, 24, &x);
		break;
	case VELA_FMT_K:
		ok = imm(&o, 0, 0xffffff, &x);
		break;
	case VELA_FMT_VZ:
		ok = reg(&o, 'v', &in.rd);
		break;
	case VELA_FMT_VR:
		ok = reg(&o, 'v', &in.rd) && comma(&o) && reg(&o, 'v', &in.rs1) && comma(&o) &&
		     reg(&o, 'v', &in.rs2);
		break;
	case VELA_FMT_VL:
		ok = reg(&o, 'v', &in.rd) && comma(&o) && mem(&o, &x, &in.rs1);
		break;
	case VELA_FMT_VS:
		ok = reg(&o, 'v', &in.rs2) && comma(&o) && mem(&o, &x, &in.rs1);
		break;
	case VELA_FMT_VX:
		ok = reg(&o, 'v', &in.rd) && comma(&o) && reg(&o, 'r', &in.rs1);
		break;
	case VELA_FMT_VG:
		ok = reg(&o, 'r', &in.rd) && comma(&o) && reg(&o, 'v', &in.rs1) && comma(&o) &&
		     imm(&o, 0, 3, &x);
		break;
	}
	if (!ok || !end(&o)) {
		vas_emit_word(v, 0); /* keep the layout */
		return;
	}
	in.imm = x;
	emit(v, t[0].col, &in);
}
