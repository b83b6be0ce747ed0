/* Random VALID VELA programs for differential testing and fuzzing: arithmetic
 * over every register (so spilled ones too), loads/stores at arbitrary and at
 * masked in-range addresses, forward and backward branches (bounded by a TIME
 * budget), calls, indirect jumps and calls to valid and invalid targets, returns,
 * vector ops, write syscalls, and VELA-F over special values (signed zeros,
 * infinities, NaNs with payloads, subnormals, conversion boundaries). Driven by a
 * byte string, so libFuzzer can steer it. */
#include "bridge/gen.h"

#include <string.h>

struct src {
	const uint8_t *p;
	size_t n, i;
	uint64_t x; /* past the input: a splitmix64 stream seeded from all of it */
};

static unsigned take(struct src *s, unsigned mod)
{
	unsigned v;
	if (s->i < s->n) {
		v = s->p[s->i];
	} else {
		uint64_t z = (s->x += 0x9e3779b97f4a7c15ull);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		v = (unsigned)((z ^ (z >> 31)) >> 40);
	}
	s->i++;
	return mod ? v % mod : v;
}

static unsigned reg(struct src *s)
{
	return take(s, 16);
}

static const uint8_t alu_r[] = {
    VELA_OP_ADD,  VELA_OP_SUB,	VELA_OP_AND,   VELA_OP_OR,   VELA_OP_XOR,   VELA_OP_SLL,
    VELA_OP_SRL,  VELA_OP_SRA,	VELA_OP_ROL,   VELA_OP_ROR,  VELA_OP_SLT,   VELA_OP_SLTU,
    VELA_OP_MUL,  VELA_OP_MULH, VELA_OP_MULHU, VELA_OP_DIV,  VELA_OP_DIVU,  VELA_OP_REM,
    VELA_OP_REMU, VELA_OP_ADDW, VELA_OP_SUBW,  VELA_OP_SLLW, VELA_OP_SRLW,  VELA_OP_SRAW,
    VELA_OP_MULW, VELA_OP_DIVW, VELA_OP_DIVUW, VELA_OP_REMW, VELA_OP_REMUW,
};
static const uint8_t alu_i[] = {VELA_OP_ADDI, VELA_OP_ANDI,  VELA_OP_ORI,  VELA_OP_XORI,
				VELA_OP_SLTI, VELA_OP_SLTIU, VELA_OP_ADDIW};
static const uint8_t shifts[] = {VELA_OP_SLLI,	VELA_OP_SRLI,  VELA_OP_SRAI,
				 VELA_OP_SLLIW, VELA_OP_SRLIW, VELA_OP_SRAIW};
static const uint8_t unary[] = {VELA_OP_CLZ, VELA_OP_CTZ, VELA_OP_POPCNT};
static const uint8_t loads[] = {VELA_OP_LB, VELA_OP_LBU, VELA_OP_LH, VELA_OP_LHU,
				VELA_OP_LW, VELA_OP_LWU, VELA_OP_LD, VELA_OP_VLOAD};
static const uint8_t stores[] = {VELA_OP_SB, VELA_OP_SH, VELA_OP_SW, VELA_OP_SD, VELA_OP_VSTORE};
static const uint8_t branches[] = {VELA_OP_BEQ, VELA_OP_BNE,  VELA_OP_BLT,
				   VELA_OP_BGE, VELA_OP_BLTU, VELA_OP_BGEU};
static const uint8_t vops[] = {VELA_OP_VZERO,	 VELA_OP_VADDD, VELA_OP_VADDQ,
			       VELA_OP_VAND,	 VELA_OP_VOR,	VELA_OP_VXOR,
			       VELA_OP_VSCALARW, VELA_OP_VGETW, VELA_OP_VSPLATW};

#define PICK(s, a) (a)[take(s, sizeof(a) / sizeof((a)[0]))]

/* VELA-F operands worth hitting: signed zeros, infinities, quiet and signalling
 * NaNs with payloads, subnormals, and the conversion boundaries (2^31, 2^32,
 * 2^63, 2^64 and their neighbours) as binary64, as binary32 and as integers. */
static const uint64_t fspecial[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000001ull, 0x7ff4000000000abcull,
    0xfff0000000012345ull, 0xfff8000000000000ull, 0x0000000000000001ull, 0x800fffffffffffffull,
    0x7fefffffffffffffull, 0xbfe0000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
    0xc1e0000000200000ull, 0x41dfffffffffffffull, 0x41f0000000000000ull, 0x41efffffffe00000ull,
    0x43e0000000000000ull, 0xc3e0000000000000ull, 0x43dfffffffffffffull, 0x43f0000000000000ull,
    0x43efffffffffffffull, 0x00000000bf800000ull, 0x000000007f800000ull, 0xffffffffff800000ull,
    0x000000007fc00001ull, 0x123456787fa00abcull, 0x00000000ffe00007ull, 0x0000000000000001ull,
    0x00000000807fffffull, 0x000000004f000000ull, 0x00000000cf000000ull, 0x000000004effffffull,
    0x000000004f800000ull, 0x000000004f7fffffull, 0x000000005f000000ull, 0x00000000df000000ull,
    0x000000005effffffull, 0x000000005f800000ull, 0x000000005f7fffffull, 0x000000007fffffffull,
    0xffffffff80000000ull, 0x00000000ffffffffull, 0x7fffffffffffffffull, 0x8000000000000400ull,
    0x8000000000000401ull, 0x8000008000000000ull, 0xffffffffffffffffull, 0x0020000000000001ull,
};

/* rd = v in the fewest li/shori (the top bits signed in li, then 18 bits each) */
static void load_const(struct pbuf *b, unsigned rd, uint64_t v)
{
	int k = 0; /* shori count */
	while (k < 3 && ((int64_t)v >> (18 * k)) >> 17 != 0 && ((int64_t)v >> (18 * k)) >> 17 != -1)
		k++;
	pb_emit(b, VELA_OP_LI, rd, 0, 0, (int64_t)v >> (18 * k));
	for (int j = k - 1; j >= 0; j--)
		pb_emit(b, VELA_OP_SHORI, rd, 0, 0, (int64_t)(v >> (18 * j) & 0x3ffff));
}

_Static_assert(VELA_OP_FSATLUD - VELA_OP_FSATWS == VELA_OP_FCVTLUD - VELA_OP_FCVTWS,
	       "each fcvt to integer has an fsat twin at the same distance");

/* A random VELA-F opcode; trapping conversions (which end the program) are
 * mostly swapped for their saturating twins. */
static unsigned float_op(struct src *s)
{
	for (;;) {
		unsigned op = VELA_OP_FADDS + take(s, VELA_OP_FCVTDLU - VELA_OP_FADDS + 1);
		const struct vela_opinfo *oi = vela_opinfo(op);
		if (!oi)
			continue;
		if (oi->cls == VELA_CLS_FCVT && take(s, 4) != 0)
			op += VELA_OP_FSATWS - VELA_OP_FCVTWS;
		return op;
	}
}

/* Emit one instruction at slot i of a body of n slots. */
static void one(struct gen_prog *g, struct src *s, uint32_t i, uint32_t n, uint32_t fn_entry)
{
	struct pbuf *b = &g->pb;
	uint32_t pc = b->n * 4;
	unsigned kind = take(s, 23);
	int64_t rel;
	switch (kind) {
	case 0:
	case 1:
	case 2:
		pb_emit(b, PICK(s, alu_r), reg(s), reg(s), reg(s), 0);
		break;
	case 3:
	case 4:
		pb_emit(b, PICK(s, alu_i), reg(s), reg(s), 0, (int64_t)take(s, 4096) - 2048);
		break;
	case 5: {
		unsigned op = PICK(s, shifts);
		unsigned lim =
		    op == VELA_OP_SLLI || op == VELA_OP_SRLI || op == VELA_OP_SRAI ? 64 : 32;
		pb_emit(b, op, reg(s), reg(s), 0, take(s, lim));
		break;
	}
	case 6:
		pb_emit(b, PICK(s, unary), reg(s), reg(s), 0, 0);
		break;
	case 7:
		if (take(s, 2))
			pb_emit(b, VELA_OP_LI, reg(s), 0, 0, (int64_t)take(s, 1 << 18) - (1 << 17));
		else
			pb_emit(b, VELA_OP_SHORI, reg(s), 0, 0, take(s, 1 << 18));
		break;
	case 8:
	case 9: {
		/* in-range address: r14 = rX & (mem_size - 32) then access */
		unsigned r = reg(s);
		pb_emit(b, VELA_OP_ANDI, 14, r, 0, (int64_t)(g->mem_size - 32) & 0x7ff);
		unsigned op = kind == 8 ? PICK(s, loads) : PICK(s, stores);
		unsigned v = op == VELA_OP_VLOAD || op == VELA_OP_VSTORE ? take(s, 8) : reg(s);
		int64_t off = take(s, 32);
		if (kind == 8)
			pb_emit(b, op, v, 14, 0, off);
		else
			pb_emit(b, op, 0, 14, v, off);
		break;
	}
	case 10: {
		/* arbitrary address */
		unsigned op = take(s, 2) ? PICK(s, loads) : PICK(s, stores);
		unsigned v = op == VELA_OP_VLOAD || op == VELA_OP_VSTORE ? take(s, 8) : reg(s);
		int64_t off = (int64_t)take(s, 4096) - 2048;
		if (op == VELA_OP_SB || op == VELA_OP_SH || op == VELA_OP_SW || op == VELA_OP_SD ||
		    op == VELA_OP_VSTORE)
			pb_emit(b, op, 0, reg(s), v, off);
		else
			pb_emit(b, op, v, reg(s), 0, off);
		break;
	}
	case 11:
	case 12: {
		/* branch forward or backward within the body */
		int64_t t = (int64_t)take(s, n + 1) - (int64_t)i;
		rel = t * 4;
		if ((int64_t)pc + rel < 0 || rel == 0)
			rel = 4;
		pb_emit(b, PICK(s, branches), 0, reg(s), reg(s), rel);
		break;
	}
	case 13:
		pb_emit(b, PICK(s, vops), take(s, 8), take(s, 8), take(s, 8), 0);
		/* fix up operand kinds for the formats that take scalars */
		{
			uint32_t w = b->w[b->n - 1];
			unsigned op = w >> 24;
			b->n--;
			if (op == VELA_OP_VSCALARW || op == VELA_OP_VSPLATW)
				pb_emit(b, op, take(s, 8), reg(s), 0, 0);
			else if (op == VELA_OP_VGETW)
				pb_emit(b, op, reg(s), take(s, 8), 0, take(s, 4));
			else if (op == VELA_OP_VZERO)
				pb_emit(b, op, take(s, 8), 0, 0, 0);
			else
				pb_emit(b, op, take(s, 8), take(s, 8), take(s, 8), 0);
		}
		break;
	case 14:
		/* call the helper function */
		pb_emit(b, VELA_OP_CALL, 0, 0, 0, (int64_t)fn_entry - pc);
		break;
	case 15: {
		/* indirect call: to the helper (valid) or to a register (maybe not) */
		if (take(s, 3)) {
			pb_emit(b, VELA_OP_LI, 13, 0, 0, fn_entry);
			pb_emit(b, VELA_OP_CALLR, 0, 13, 0, 0);
		} else {
			pb_emit(b, VELA_OP_CALLR, 0, reg(s), 0, 0);
		}
		break;
	}
	case 16:
		/* write syscall of a small in-range buffer */
		pb_emit(b, VELA_OP_LI, 15, 0, 0, 2);
		pb_emit(b, VELA_OP_LI, 3, 0, 0, 1);
		pb_emit(b, VELA_OP_LI, 4, 0, 0, take(s, 256));
		pb_emit(b, VELA_OP_LI, 5, 0, 0, take(s, 16));
		pb_emit(b, VELA_OP_SYSCALL, 0, 0, 0, 0);
		break;
	case 17:
		if (take(s, 4) == 0)
			pb_emit(b, VELA_OP_RET, 0, 0, 0, 0); /* usually a SHADOW trap */
		else
			pb_emit(b, VELA_OP_PROOFPATH, reg(s), reg(s), reg(s), 0);
		break;
	case 18:
		if (take(s, 8) == 0)
			pb_emit(b, VELA_OP_TIMEBIND, 0, reg(s), 0, 0);
		else if (take(s, 8) == 0)
			pb_emit(b, VELA_OP_CHAOS, 0, 0, 0, 0);
		else
			pb_emit(b, VELA_OP_NOP, 0, 0, 0, 0);
		break;
	case 19: {
		/* a VELA-F special value, sometimes nudged by a few ulps */
		uint64_t v = PICK(s, fspecial);
		if (take(s, 4) == 0)
			v += (uint64_t)take(s, 5) - 2;
		load_const(b, reg(s), v);
		break;
	}
	case 20:
	case 21: {
		unsigned op = float_op(s);
		if (vela_opinfo(op)->fmt == VELA_FMT_R2)
			pb_emit(b, op, reg(s), reg(s), 0, 0);
		else
			pb_emit(b, op, reg(s), reg(s), reg(s), 0);
		break;
	}
	default:
		/* indirect jump to a recorded label (valid) */
		pb_emit(b, VELA_OP_LI, 13, 0, 0, g->label);
		pb_emit(b, VELA_OP_JR, 0, 13, 0, 0);
		break;
	}
}

void gen_program(struct gen_prog *g, const uint8_t *bytes, size_t len)
{
	struct src s = {bytes, len, 0, 0xcbf29ce484222325ull};
	for (size_t i = 0; i < len; i++)
		s.x = (s.x ^ bytes[i]) * 0x100000001b3ull;
	memset(g, 0, sizeof *g);
	g->mem_size = 4096u << take(&s, 4);
	struct pbuf *b = &g->pb;
	uint32_t n = 8 + take(&s, 48);
	/* layout: [0] j main ; [1..] helper fn: body of 4, ret ; main: init, body, halt */
	pb_emit(b, VELA_OP_J, 0, 0, 0, 4 * 8);
	uint32_t fn = b->n * 4;
	g->targets[g->ntargets++] = fn;
	for (int k = 0; k < 6; k++)
		pb_emit(b, VELA_OP_ADDI, 3 + take(&s, 6), 3 + take(&s, 6), 0,
			(int64_t)take(&s, 64) - 32);
	pb_emit(b, VELA_OP_RET, 0, 0, 0, 0);
	/* main at 8*4 */
	while (b->n < 8)
		pb_emit(b, VELA_OP_NOP, 0, 0, 0, 0);
	for (unsigned r = 1; r < 16; r++) {
		if (r == VELA_REG_SP)
			continue;
		pb_emit(b, VELA_OP_LI, r, 0, 0, (int64_t)take(&s, 1 << 18) - (1 << 17));
		if (take(&s, 2))
			pb_emit(b, VELA_OP_SHORI, r, 0, 0, take(&s, 1 << 18));
	}
	g->label = b->n * 4;
	g->targets[g->ntargets++] = g->label;
	for (uint32_t i = 0; i < n && b->n < 3000; i++)
		one(g, &s, i, n, fn);
	/* result to memory, then an exit syscall or HALT */
	pb_emit(b, VELA_OP_HALT, 0, 0, 0, 0);
	/* patch branch targets that pointed past the end to the halt */
	for (uint32_t i = 0; i < b->n; i++) {
		struct vela_insn in;
		vela_decode(b->w[i], &in);
		const struct vela_opinfo *oi = vela_opinfo(in.op);
		if (oi && oi->fmt == VELA_FMT_B) {
			int64_t t = (int64_t)i * 4 + in.imm;
			if (t < 0 || t >= (int64_t)b->n * 4) {
				in.imm = ((int64_t)b->n - 1 - i) * 4;
				vela_encode(&in, &b->w[i]);
			}
		}
	}
	for (uint32_t i = 0; i < b->n; i++)
		vela_store_word(g->code + 4 * i, b->w[i]);
	memset(&g->prog, 0, sizeof g->prog);
	g->prog.code = g->code;
	g->prog.code_len = b->n * 4;
	g->prog.entry = 0;
	g->prog.targets = g->targets;
	g->prog.ntargets = g->ntargets;
	g->prog.mem_size = g->mem_size;
	g->prog.caps = VELA_CAPS_ALL;
}
