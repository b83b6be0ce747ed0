/* AetherBridge: the translator. One pass over the validated code emits each VELA
 * instruction's x86-64 in order (host_off[i] = where instruction i starts), then
 * the pc-past-the-end trap, then the out-of-line trap stubs; direct branches are
 * patched at the end. Layout and code shapes: docs/bridge.md. */
#include "bridge/emit.h"

#include <string.h>

#define PER_INSN_BOUND 640u
#define LEADER	       0x80 /* in gstate before emission, see bridge_translate */

size_t bridge_code_bound(size_t code_len)
{
	return 4096 + (code_len / 4 + 1) * PER_INSN_BOUND;
}

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

size_t bridge_work_size(size_t code_len)
{
	size_t n = code_len / 4;
	/* the same order as the carving in bridge_translate */
	return align8((n + 1) * 4) + align8(n + 1) + align8(n / 8 + 1) +
	       align8(n * sizeof(struct fixup)) + align8(n * sizeof(struct vela_insn)) +
	       SHARED_TAILS * sizeof(uint32_t) + (n * STUBS_PER_INSN + 8) * sizeof(struct stub);
}

static const char *const guard_names[BRIDGE_G_COUNT] = {
    [BRIDGE_G_LOAD] = "load",	  [BRIDGE_G_STORE] = "store", [BRIDGE_G_CFI] = "cfi",
    [BRIDGE_G_SHADOW] = "shadow", [BRIDGE_G_DEPTH] = "depth", [BRIDGE_G_DIV] = "div",
    [BRIDGE_G_TIME] = "time",	  [BRIDGE_G_PROOF] = "proof",
};

const char *bridge_guard_name(enum bridge_guard g)
{
	return (unsigned)g < BRIDGE_G_COUNT ? guard_names[g] : "?";
}

/* ------------------------------------------------------------ error text */

static void put(char *buf, size_t cap, size_t *len, const char *s)
{
	while (*s) {
		if (*len + 1 < cap)
			buf[*len] = *s;
		(*len)++;
		s++;
	}
	if (cap)
		buf[*len < cap ? *len : cap - 1] = 0;
}

static void put_hex(char *buf, size_t cap, size_t *len, uint64_t v)
{
	char tmp[19];
	int i = 18;
	tmp[i] = 0;
	do {
		tmp[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	tmp[--i] = 'x';
	tmp[--i] = '0';
	put(buf, cap, len, tmp + i);
}

static void put_dec(char *buf, size_t cap, size_t *len, int64_t v)
{
	char tmp[24];
	int i = 23;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	tmp[i] = 0;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	put(buf, cap, len, tmp + i);
}

static bool fail(struct bridge_error *err, uint32_t pc, const char *reason)
{
	if (err) {
		size_t len = 0;
		err->pc = pc;
		put(err->msg, sizeof err->msg, &len, "pc=");
		put_hex(err->msg, sizeof err->msg, &len, pc);
		put(err->msg, sizeof err->msg, &len, " : ");
		put(err->msg, sizeof err->msg, &len, reason);
	}
	return false;
}

void bridge_fact_str(const struct bridge_fact *f, char *buf, size_t cap)
{
	size_t len = 0;
	if (cap)
		buf[0] = 0;
	switch (f->kind) {
	case BRIDGE_FACT_CONST:
		put(buf, cap, &len, "constant address in bounds");
		break;
	case BRIDGE_FACT_COVER:
		put(buf, cap, &len, "covered by guard at pc=");
		put_hex(buf, cap, &len, f->from_pc);
		put(buf, cap, &len, " on r");
		put_dec(buf, cap, &len, f->reg);
		put(buf, cap, &len, " [");
		put_dec(buf, cap, &len, f->lo);
		put(buf, cap, &len, ",");
		put_dec(buf, cap, &len, f->hi);
		put(buf, cap, &len, ")");
		break;
	case BRIDGE_FACT_VRC:
		put(buf, cap, &len, "VRC: address in [");
		put_hex(buf, cap, &len, (uint64_t)f->lo);
		put(buf, cap, &len, ",");
		put_hex(buf, cap, &len, (uint64_t)f->hi);
		put(buf, cap, &len, ") from the facts of block pc=");
		put_hex(buf, cap, &len, f->from_pc);
		break;
	default:
		put(buf, cap, &len, "no reason recorded");
		break;
	}
}

/* --------------------------------------------------------- instructions */

static bool w_form(unsigned op)
{
	switch (op) {
	case VELA_OP_ADDW:
	case VELA_OP_SUBW:
	case VELA_OP_SLLW:
	case VELA_OP_SRLW:
	case VELA_OP_SRAW:
	case VELA_OP_MULW:
	case VELA_OP_DIVW:
	case VELA_OP_DIVUW:
	case VELA_OP_REMW:
	case VELA_OP_REMUW:
	case VELA_OP_ADDIW:
	case VELA_OP_SLLIW:
	case VELA_OP_SRLIW:
	case VELA_OP_SRAIW:
		return true;
	default:
		return false;
	}
}

static void sext32(struct tr *t, unsigned r)
{
	x86_movsx_rr(&t->b, r, r, 4);
}

/* rd = rs1 op rs2 for add/sub/and/or/xor/mul, 64-bit or W */
static void emit_binop(struct tr *t, const struct vela_insn *in, int alu, bool w)
{
	if (in->rd == 0)
		return;
	unsigned T = dst_reg(t, in->rd, t->m.s1);
	unsigned h2 = hreg(t, in->rs2);
	bool comm = alu != X86_SUB;
	if (h2 != NOREG && T == h2 && in->rs1 != in->rs2) {
		if (comm) {
			if (alu < 0) {
				unsigned a = src_reg(t, in->rs1, t->m.s2);
				x86_imul_rr(&t->b, true, T, a);
			} else {
				alu_v(t, true, (enum x86_alu)alu, T, in->rs1);
			}
		} else {
			mov_to(t, t->m.s1, in->rs1);
			x86_alu_rr(&t->b, true, (enum x86_alu)alu, t->m.s1, T);
			T = t->m.s1;
		}
	} else {
		mov_to(t, T, in->rs1);
		if (alu < 0) {
			unsigned bsrc = src_reg(t, in->rs2, t->m.s2);
			x86_imul_rr(&t->b, true, T, bsrc);
		} else {
			alu_v(t, true, (enum x86_alu)alu, T, in->rs2);
		}
	}
	if (w)
		sext32(t, T);
	wr_dst(t, in->rd, T);
}

/* Variable shifts and rotates: the count must be in cl. */
static void emit_shift_var(struct tr *t, const struct vela_insn *in, enum x86_shift op, bool w)
{
	if (in->rd == 0)
		return;
	struct x86_buf *b = &t->b;
	unsigned s1 = t->m.s1, s2 = t->m.s2, res;
	mov_to(t, s1, in->rs1);
	mov_to(t, s2, in->rs2);
	if (s2 == X86_RCX) {
		x86_shift_cl(b, !w, op, s1);
		res = s1;
	} else if (s1 == X86_RCX) {
		x86_xchg_rr(b, s1, s2);
		x86_shift_cl(b, !w, op, s2);
		res = s2;
	} else {
		x86_xchg_rr(b, X86_RCX, s2);
		x86_shift_cl(b, !w, op, s1);
		x86_xchg_rr(b, X86_RCX, s2);
		res = s1;
	}
	if (w)
		sext32(t, res);
	wr_dst(t, in->rd, res);
}

/* MULH/MULHU and the divide family: rdx:rax based. Traps are checked first,
 * on the operands in place, so a trap leaves every register intact. */
static void emit_muldiv(struct tr *t, uint32_t pc, const struct vela_insn *in)
{
	struct x86_buf *b = &t->b;
	unsigned op = in->op;
	bool w = w_form(op);
	bool div = op != VELA_OP_MULH && op != VELA_OP_MULHU;
	bool sgn = op == VELA_OP_DIV || op == VELA_OP_REM || op == VELA_OP_DIVW ||
		   op == VELA_OP_REMW || op == VELA_OP_MULH;
	bool quot =
	    op == VELA_OP_DIV || op == VELA_OP_DIVU || op == VELA_OP_DIVW || op == VELA_OP_DIVUW;
	if (div) {
		count_guard(t, BRIDGE_G_DIV);
		if (in->rs2 == 0) {
			trap_always(t, pc, VELA_TRAP_DIV_ZERO, ADDR_NONE, 0, 0);
			return;
		}
		cmp_vi(t, !w, in->rs2, 0, t->m.s1);
		trap_if(t, X86_CC_E, pc, VELA_TRAP_DIV_ZERO, ADDR_NONE, 0, 0);
		if (sgn && quot && in->rs1 != 0) {
			/* INT_MIN / -1: divisor == -1 and dividend - 1 overflows */
			cmp_vi(t, !w, in->rs2, -1, t->m.s1);
			x86_jcc8(b, X86_CC_NE, 0);
			size_t f = b->len - 1;
			cmp_vi(t, !w, in->rs1, 1, t->m.s1);
			trap_if(t, X86_CC_O, pc, VELA_TRAP_DIV_OVERFLOW, ADDR_NONE, 0, 0);
			x86_patch_rel8(b, f, b->len);
		}
	}
	if (in->rd == 0)
		return;
	unsigned s1 = t->m.s1, s2 = t->m.s2;
	bool s1ok = s1 != X86_RAX && s1 != X86_RDX;
	bool s2ok = s2 != X86_RAX && s2 != X86_RDX;
	unsigned D;
	bool dscratch = true;
	if (s1ok) {
		D = s1;
	} else if (s2ok) {
		D = s2;
	} else {
		/* both scratch registers are rax/rdx: borrow rbx-or-so */
		D = X86_RBX;
		dscratch = false;
	}
	bool push_ax = s1 != X86_RAX && s2 != X86_RAX;
	bool push_dx = s1 != X86_RDX && s2 != X86_RDX;
	if (push_ax)
		x86_push(b, X86_RAX);
	if (push_dx)
		x86_push(b, X86_RDX);
	if (!dscratch)
		x86_push(b, D);
	if (dscratch) {
		mov_to(t, D, in->rs2);
		mov_to(t, X86_RAX, in->rs1);
	} else {
		mov_to(t, X86_RAX, in->rs1);
		mov_to(t, D, in->rs2);
	}
	unsigned res = div ? (quot ? X86_RAX : X86_RDX) : X86_RDX;
	size_t f_m1 = 0, f_end = 0;
	bool rem_m1 = div && sgn && !quot;
	if (rem_m1) {
		/* x % -1 == 0 (and INT_MIN % -1 must not reach idiv) */
		x86_alu_ri(b, !w, X86_CMP, D, -1);
		x86_jcc8(b, X86_CC_E, 0);
		f_m1 = b->len - 1;
	}
	if (!div) {
		x86_unary(b, true, sgn ? X86_IMUL1 : X86_MUL, D);
	} else if (sgn) {
		if (w)
			x86_cdq(b);
		else
			x86_cqo(b);
		x86_unary(b, !w, X86_IDIV, D);
	} else {
		zero_reg(t, X86_RDX);
		x86_unary(b, !w, X86_DIV, D);
	}
	if (rem_m1) {
		x86_jmp8(b, 0);
		f_end = b->len - 1;
		x86_patch_rel8(b, f_m1, b->len);
		zero_reg(t, X86_RDX);
		x86_patch_rel8(b, f_end, b->len);
	}
	if (w)
		sext32(t, res);
	if (dscratch) {
		x86_mov_rr(b, true, D, res);
		res = D;
	}
	if (!dscratch)
		x86_pop(b, D);
	if (push_dx)
		x86_pop(b, X86_RDX);
	if (push_ax)
		x86_pop(b, X86_RAX);
	wr_dst(t, in->rd, res);
}

static void emit_unary(struct tr *t, const struct vela_insn *in)
{
	if (in->rd == 0)
		return;
	struct x86_buf *b = &t->b;
	unsigned s1 = t->m.s1, s2 = t->m.s2, M = t->m.membase;
	mov_to(t, s1, in->rs1);
	if (in->op == VELA_OP_CLZ) {
		x86_mov_ri(b, s2, 127);
		x86_bsr(b, s1, s1);
		x86_cmov(b, true, X86_CC_E, s1, s2);
		x86_alu_ri(b, true, X86_XOR, s1, 63);
	} else if (in->op == VELA_OP_CTZ) {
		x86_mov_ri(b, s2, 64);
		x86_bsf(b, s1, s1);
		x86_cmov(b, true, X86_CC_E, s1, s2);
	} else {
		/* SWAR popcount (no POPCNT: not every CPU model has it); the sandbox
		 * base register serves as a third temporary and is reloaded */
		static const uint64_t k[4] = {0x5555555555555555ull, 0x3333333333333333ull,
					      0x0f0f0f0f0f0f0f0full, 0x0101010101010101ull};
		x86_movabs(b, M, k[0]);
		x86_mov_rr(b, true, s2, s1);
		x86_shift_ri(b, true, X86_SHR, s2, 1);
		x86_alu_rr(b, true, X86_AND, s2, M);
		x86_alu_rr(b, true, X86_SUB, s1, s2);
		x86_movabs(b, M, k[1]);
		x86_mov_rr(b, true, s2, s1);
		x86_shift_ri(b, true, X86_SHR, s2, 2);
		x86_alu_rr(b, true, X86_AND, s2, M);
		x86_alu_rr(b, true, X86_AND, s1, M);
		x86_alu_rr(b, true, X86_ADD, s1, s2);
		x86_mov_rr(b, true, s2, s1);
		x86_shift_ri(b, true, X86_SHR, s2, 4);
		x86_alu_rr(b, true, X86_ADD, s1, s2);
		x86_movabs(b, M, k[2]);
		x86_alu_rr(b, true, X86_AND, s1, M);
		x86_movabs(b, M, k[3]);
		x86_imul_rr(b, true, s1, M);
		x86_shift_ri(b, true, X86_SHR, s1, 56);
		x86_load(b, M, ctx_field(t, (int32_t)offsetof(struct bridge_ctx, mem_base)), 8,
			 false);
	}
	wr_dst(t, in->rd, s1);
}

static enum x86_cond branch_cc(unsigned op)
{
	switch (op) {
	case VELA_OP_BEQ:
		return X86_CC_E;
	case VELA_OP_BNE:
		return X86_CC_NE;
	case VELA_OP_BLT:
		return X86_CC_L;
	case VELA_OP_BGE:
		return X86_CC_GE;
	case VELA_OP_BLTU:
		return X86_CC_B;
	default:
		return X86_CC_AE;
	}
}

static void add_fixup(struct tr *t, size_t field, uint32_t target_pc)
{
	t->fix[t->nfix].field = (uint32_t)field;
	t->fix[t->nfix].target = target_pc / 4;
	t->nfix++;
}

/* flags = rs1 compared with rs2 */
static void emit_cmp(struct tr *t, unsigned rs1, unsigned rs2)
{
	if (rs2 == 0 && hreg(t, rs1) == NOREG && rs1 != 0) {
		x86_alu_mi(&t->b, true, X86_CMP, vslot(t, rs1), 0);
		return;
	}
	unsigned a = src_reg(t, rs1, t->m.s1);
	if (rs2 == 0) /* test sets the flags of cmp a, 0 (CF = OF = 0) in fewer bytes */
		x86_test_rr(&t->b, true, a, a);
	else
		alu_v(t, true, X86_CMP, a, rs2);
}

static void emit_vec(struct tr *t, const struct vela_insn *in)
{
	struct x86_buf *b = &t->b;
	unsigned d = xmm(t, in->rd);
	enum x86_sse op;
	switch (in->op) {
	case VELA_OP_VZERO:
		x86_sse_rr(b, X86_PXOR, d, d);
		return;
	case VELA_OP_VSCALARW:
		x86_movd_xr(b, false, d, src_reg(t, in->rs1, t->m.s1));
		return;
	case VELA_OP_VSPLATW:
		x86_movd_xr(b, false, d, src_reg(t, in->rs1, t->m.s1));
		x86_pshufd(b, d, d, 0);
		return;
	case VELA_OP_VGETW: {
		if (in->rd == 0)
			return;
		unsigned x = xmm(t, in->rs1);
		if (in->imm) {
			x86_pshufd(b, t->m.xs, x, (uint8_t)in->imm);
			x = t->m.xs;
		}
		unsigned T = dst_reg(t, in->rd, t->m.s1);
		x86_movd_rx(b, false, T, x);
		sext32(t, T);
		wr_dst(t, in->rd, T);
		return;
	}
	case VELA_OP_VADDD:
		op = X86_PADDD;
		break;
	case VELA_OP_VADDQ:
		op = X86_PADDQ;
		break;
	case VELA_OP_VAND:
		op = X86_PAND;
		break;
	case VELA_OP_VOR:
		op = X86_POR;
		break;
	default:
		op = X86_PXOR;
		break;
	}
	unsigned a = xmm(t, in->rs1), c = xmm(t, in->rs2);
	if (d == a) {
		x86_sse_rr(b, op, d, c);
	} else if (d == c) {
		x86_sse_rr(b, op, d, a); /* all five are commutative */
	} else {
		x86_movdqa_rr(b, d, a);
		x86_sse_rr(b, op, d, c);
	}
}

static void emit_insn(struct tr *t, uint32_t i, const struct vela_insn *in, bool mem_guard)
{
	struct x86_buf *b = &t->b;
	uint32_t pc = i * 4;
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	unsigned s1 = t->m.s1;
	bool guards = !t->unsafe;
	switch (oi->cls) {
	case VELA_CLS_ALU:
		switch (in->op) {
		case VELA_OP_ADD:
		case VELA_OP_ADDW:
			emit_binop(t, in, X86_ADD, w_form(in->op));
			return;
		case VELA_OP_SUB:
		case VELA_OP_SUBW:
			emit_binop(t, in, X86_SUB, w_form(in->op));
			return;
		case VELA_OP_AND:
			emit_binop(t, in, X86_AND, false);
			return;
		case VELA_OP_OR:
			emit_binop(t, in, X86_OR, false);
			return;
		case VELA_OP_XOR:
			emit_binop(t, in, X86_XOR, false);
			return;
		default: {
			/* immediate forms */
			if (in->rd == 0)
				return;
			enum x86_alu op = in->op == VELA_OP_ANDI   ? X86_AND
					  : in->op == VELA_OP_ORI  ? X86_OR
					  : in->op == VELA_OP_XORI ? X86_XOR
								   : X86_ADD;
			unsigned T = dst_reg(t, in->rd, s1);
			mov_to(t, T, in->rs1);
			if (in->imm != 0 || op == X86_AND || in->op == VELA_OP_ADDIW)
				x86_alu_ri(b, in->op != VELA_OP_ADDIW, op, T, (int32_t)in->imm);
			if (in->op == VELA_OP_ADDIW)
				sext32(t, T);
			wr_dst(t, in->rd, T);
			return;
		}
		}
	case VELA_CLS_SHIFT: {
		static const struct {
			uint8_t op, sh, w, imm;
		} map[] = {
		    {VELA_OP_SLL, X86_SHL, 0, 0},   {VELA_OP_SRL, X86_SHR, 0, 0},
		    {VELA_OP_SRA, X86_SAR, 0, 0},   {VELA_OP_ROL, X86_ROL, 0, 0},
		    {VELA_OP_ROR, X86_ROR, 0, 0},   {VELA_OP_SLLW, X86_SHL, 1, 0},
		    {VELA_OP_SRLW, X86_SHR, 1, 0},  {VELA_OP_SRAW, X86_SAR, 1, 0},
		    {VELA_OP_SLLI, X86_SHL, 0, 1},  {VELA_OP_SRLI, X86_SHR, 0, 1},
		    {VELA_OP_SRAI, X86_SAR, 0, 1},  {VELA_OP_SLLIW, X86_SHL, 1, 1},
		    {VELA_OP_SRLIW, X86_SHR, 1, 1}, {VELA_OP_SRAIW, X86_SAR, 1, 1},
		};
		for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
			if (map[k].op != in->op)
				continue;
			if (!map[k].imm) {
				emit_shift_var(t, in, (enum x86_shift)map[k].sh, map[k].w);
				return;
			}
			if (in->rd == 0)
				return;
			unsigned T = dst_reg(t, in->rd, s1);
			mov_to(t, T, in->rs1);
			if (in->imm)
				x86_shift_ri(b, !map[k].w, (enum x86_shift)map[k].sh, T,
					     (uint8_t)in->imm);
			if (map[k].w)
				sext32(t, T);
			wr_dst(t, in->rd, T);
			return;
		}
		return;
	}
	case VELA_CLS_CMP: {
		if (in->rd == 0)
			return;
		bool sgn = in->op == VELA_OP_SLT || in->op == VELA_OP_SLTI;
		if (in->op == VELA_OP_SLT || in->op == VELA_OP_SLTU) {
			emit_cmp(t, in->rs1, in->rs2);
		} else {
			unsigned a = src_reg(t, in->rs1, s1);
			x86_alu_ri(b, true, X86_CMP, a, (int32_t)in->imm);
		}
		x86_setcc(b, sgn ? X86_CC_L : X86_CC_B, t->m.s2);
		x86_movzx8_rr(b, t->m.s2, t->m.s2);
		wr_dst(t, in->rd, t->m.s2);
		return;
	}
	case VELA_CLS_MUL:
		if (in->op == VELA_OP_MUL || in->op == VELA_OP_MULW)
			emit_binop(t, in, -1, in->op == VELA_OP_MULW);
		else
			emit_muldiv(t, pc, in);
		return;
	case VELA_CLS_DIV:
		emit_muldiv(t, pc, in);
		return;
	case VELA_CLS_UNARY:
		emit_unary(t, in);
		return;
	case VELA_CLS_CONST: {
		if (in->rd == 0)
			return;
		if (in->op == VELA_OP_LI) {
			unsigned h = hreg(t, in->rd);
			if (h == NOREG)
				x86_store_imm(b, vslot(t, in->rd), (int32_t)in->imm, 8);
			else
				x86_mov_ri(b, h, in->imm);
			return;
		}
		unsigned T = dst_reg(t, in->rd, s1);
		mov_to(t, T, in->rd);
		x86_shift_ri(b, true, X86_SHL, T, 18);
		if (in->imm)
			x86_alu_ri(b, true, X86_OR, T, (int32_t)in->imm);
		wr_dst(t, in->rd, T);
		return;
	}
	case VELA_CLS_LOAD:
	case VELA_CLS_VLOAD: {
		unsigned size = oi->msize;
		struct x86_mem m = emit_addr(t, pc, in->rs1, in->imm, size, false, mem_guard);
		if (oi->cls == VELA_CLS_VLOAD) {
			x86_movdqu_load(b, xmm(t, in->rd), m);
			return;
		}
		if (in->rd == 0)
			return;
		bool sx = in->op == VELA_OP_LB || in->op == VELA_OP_LH || in->op == VELA_OP_LW;
		unsigned T = dst_reg(t, in->rd, t->m.s2);
		x86_load(b, T, m, size, sx);
		wr_dst(t, in->rd, T);
		return;
	}
	case VELA_CLS_STORE:
	case VELA_CLS_VSTORE: {
		unsigned size = oi->msize;
		struct x86_mem m = emit_addr(t, pc, in->rs1, in->imm, size, true, mem_guard);
		if (oi->cls == VELA_CLS_VSTORE)
			x86_movdqu_store(b, m, xmm(t, in->rs2));
		else
			x86_store(b, m, src_reg(t, in->rs2, t->m.s2), size);
		return;
	}
	case VELA_CLS_BRANCH: {
		uint32_t target = vela_direct_target(in, pc);
		emit_cmp(t, in->rs1, in->rs2);
		enum x86_cond cc = branch_cc(in->op);
		if (t->time && target <= pc) {
			x86_jcc8(b, cc ^ 1, 0); /* not taken: skip the budget point */
			size_t f = b->len - 1;
			emit_budget(t, pc, ADDR_IMM, 0, target);
			add_fixup(t, x86_jmp32(b, 0), target);
			x86_patch_rel8(b, f, b->len);
		} else {
			add_fixup(t, x86_jcc32(b, cc, 0), target);
		}
		return;
	}
	case VELA_CLS_JUMP: {
		uint32_t target = vela_direct_target(in, pc);
		if (target <= pc)
			emit_budget(t, pc, ADDR_IMM, 0, target);
		add_fixup(t, x86_jmp32(b, 0), target);
		return;
	}
	case VELA_CLS_CALL: {
		uint32_t target = vela_direct_target(in, pc);
		emit_budget(t, pc, ADDR_IMM, 0, target);
		if (guards)
			emit_shadow_push(t, pc, ADDR_IMM, 0, target);
		unsigned h = hreg(t, VELA_REG_LR);
		if (h == NOREG)
			x86_store_imm(b, vslot(t, VELA_REG_LR), (int32_t)(pc + 4), 8);
		else
			x86_mov_ri(b, h, pc + 4);
		add_fixup(t, x86_jmp32(b, 0), target);
		return;
	}
	case VELA_CLS_IJUMP:
	case VELA_CLS_ICALL:
		mov_to(t, s1, in->rs1);
		if (guards && mem_guard) /* for JR/CALLR: the CFI check (VRC may prove it) */
			emit_cfi(t, pc);
		emit_budget(t, pc, ADDR_HREG, s1, 0);
		if (oi->cls == VELA_CLS_ICALL) {
			if (guards)
				emit_shadow_push(t, pc, ADDR_HREG, s1, 0);
			unsigned h = hreg(t, VELA_REG_LR);
			if (h == NOREG)
				x86_store_imm(b, vslot(t, VELA_REG_LR), (int32_t)(pc + 4), 8);
			else
				x86_mov_ri(b, h, pc + 4);
		}
		emit_dispatch(t);
		return;
	case VELA_CLS_RET:
		if (guards) {
			emit_shadow_check(t, pc);
		} else {
			mov_to(t, s1, VELA_REG_LR);
		}
		emit_dispatch(t);
		return;
	case VELA_CLS_NOP:
		return;
	case VELA_CLS_SYSCALL:
	case VELA_CLS_SERVICE:
		emit_service(t, pc, in);
		return;
	case VELA_CLS_HALT:
		emit_exit(t, BRIDGE_EXIT_HALT, pc);
		return;
	case VELA_CLS_BREAK:
		trap_always(t, pc, VELA_TRAP_BREAK, ADDR_IMM, 0, in->imm);
		return;
	case VELA_CLS_VEC:
		emit_vec(t, in);
		return;
	case VELA_CLS_CHAOS:
		emit_exit(t, BRIDGE_EXIT_CHAOS, pc);
		return;
	case VELA_CLS_TIME: {
		unsigned s2 = t->m.s2;
		mov_to(t, s1, in->rs1);
		x86_load(b, s2, ctx_field(t, (int32_t)offsetof(struct bridge_ctx, time_budget)), 8,
			 false);
		x86_alu_rr(b, true, X86_CMP, s1, s2);
		x86_cmov(b, true, X86_CC_B, s2, s1);
		x86_store(b, ctx_field(t, (int32_t)offsetof(struct bridge_ctx, time_budget)), s2,
			  8);
		return;
	}
	case VELA_CLS_FLOAT:
	case VELA_CLS_FCMP:
	case VELA_CLS_FCVT:
		emit_float(t, pc, in);
		return;
	case VELA_CLS_PROOF: {
		count_guard(t, BRIDGE_G_PROOF);
		unsigned a = src_reg(t, in->rs1, s1);
		alu_v(t, true, X86_CMP, a, in->rs2);
		trap_if(t, X86_CC_L, pc, VELA_TRAP_PROOF, ADDR_VREG, in->rs1, 0);
		alu_v(t, true, X86_CMP, a, in->rs3);
		trap_if(t, X86_CC_G, pc, VELA_TRAP_PROOF, ADDR_VREG, in->rs1, 0);
		return;
	}
	default:
		b->bad = true;
		return;
	}
}

/* An invalid program: the validator words the reason ("pc=0x... : reason"). */
static bool reject(const uint8_t *code, size_t code_len, const struct bridge_options *opt,
		   struct bridge_error *err)
{
	struct vela_verr verr;
	if (vela_validate_caps(code, code_len, opt->caps, &verr))
		return fail(err, 0, "internal error: validator and translator disagree");
	if (err) {
		err->pc = verr.pc;
		memcpy(err->msg, verr.msg, sizeof verr.msg);
		err->msg[sizeof verr.msg - 1] = 0;
	}
	return false;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

bool bridge_translate(const uint8_t *code, size_t code_len, const struct bridge_options *opt,
		      uint8_t *out_code, size_t out_cap, void *work, size_t work_size,
		      struct bridge_out *out, struct bridge_error *err)
{
	memset(out, 0, sizeof *out);
	if (code_len % 4 || code_len > (64u << 20))
		return reject(code, code_len, opt, err);
	if (code_len == 0)
		return fail(err, 0, "empty code section");
	if (opt->entry >= code_len || opt->entry % 4)
		return fail(err, opt->entry, vela_verr_reason(VELA_VERR_ENTRY));
	for (size_t k = 0; k < opt->ntargets; k++)
		if (opt->targets[k] >= code_len || opt->targets[k] % 4)
			return fail(err, opt->targets[k], vela_verr_reason(VELA_VERR_ITARGET));
	if (!is_pow2(opt->mem_size) || opt->mem_size < 16 || opt->mem_size > (1ull << 46))
		return fail(err, 0, "sandbox size must be a power of two from 16 bytes to 64 TiB");
	if (opt->mode != BRIDGE_MODE_ALL_GUARDS && opt->mode != BRIDGE_MODE_NORMAL
#ifdef BRIDGE_ALLOW_UNSAFE
	    && opt->mode != BRIDGE_MODE_UNSAFE
#endif
	)
		return fail(err, 0, "unknown translation mode");
	if (code_len > (16u << 20))
		return fail(err, 0, "code section too large for the translator (16 MiB max)");

	struct tr t;
	memset(&t, 0, sizeof t);
	uint32_t n = (uint32_t)(code_len / 4);
	if (!work || work_size < bridge_work_size(code_len))
		return fail(err, 0, "translator work area too small");
	uint8_t *w = work;
	t.host_off = (uint32_t *)(void *)w;
	w += align8((size_t)(n + 1) * 4);
	t.gstate = w;
	w += align8(n + 1);
	t.bitmap = w;
	w += align8(n / 8 + 1);
	t.fix = (struct fixup *)(void *)w;
	w += align8(n * sizeof(struct fixup));
	struct vela_insn *ins = (struct vela_insn *)(void *)w;
	w += align8(n * sizeof(struct vela_insn));
	t.shared = (uint32_t *)(void *)w;
	w += SHARED_TAILS * sizeof(uint32_t);
	memset(t.shared, 0, SHARED_TAILS * sizeof(uint32_t));
	t.stub = (struct stub *)(void *)w;
	t.stub_cap = n * STUBS_PER_INSN + 8;
	memset(t.gstate, 0, n + 1);
	memset(t.bitmap, 0, n / 8 + 1);

	/* Validation and decoding in one pass: the same checks as vela_check_word
	 * (defined opcode, fields, capability, direct targets inside the code); on a
	 * failure the validator itself words the message. */
	for (uint32_t i = 0; i < n; i++) {
		if (!vela_decode(vela_load_word(code + 4 * i), &ins[i]))
			return reject(code, code_len, opt, err);
		const struct vela_opinfo *oi = vela_opinfo(ins[i].op);
		if (oi->cap != VELA_CAP_NONE && !(opt->caps & (1u << oi->cap)))
			return reject(code, code_len, opt, err);
		if (oi->fmt == VELA_FMT_B || oi->fmt == VELA_FMT_J) {
			int64_t tg = (int64_t)i * 4 + ins[i].imm;
			if (tg < 0 || (uint64_t)tg >= code_len)
				return reject(code, code_len, opt, err);
		}
	}

	t.code = code;
	t.n = n;
	t.opt = opt;
#ifdef BRIDGE_ALLOW_UNSAFE
	t.unsafe = opt->mode == BRIDGE_MODE_UNSAFE;
#endif
	bool elide_ok = opt->mode == BRIDGE_MODE_NORMAL && opt->elide;

	/* Register pressure, weighted by loop depth: every backward branch or jump
	 * [t, i] adds one level to the instructions it covers (host_off serves as the
	 * difference array before emission overwrites it). */
	uint64_t use[VELA_NREGS] = {0};
	int32_t *depth = (int32_t *)t.host_off;
	memset(depth, 0, (size_t)(n + 1) * sizeof *depth);
	/* Entry points other than fall-through (direct targets, indirect targets,
	 * return points, CHAOS resume points) are marked LEADER in gstate until the
	 * instruction is emitted: constant folding must not span them. */
	for (size_t k = 0; k < opt->ntargets; k++)
		t.gstate[opt->targets[k] / 4] |= LEADER;
	t.gstate[opt->entry / 4] |= LEADER;
	for (uint32_t i = 0; i < n; i++) {
		const struct vela_opinfo *oi = vela_opinfo(ins[i].op);
		if (oi->fmt == VELA_FMT_B || oi->fmt == VELA_FMT_J)
			t.gstate[vela_direct_target(&ins[i], i * 4) / 4] |= LEADER;
		if (oi->cls == VELA_CLS_CALL || oi->cls == VELA_CLS_ICALL ||
		    oi->cls == VELA_CLS_CHAOS)
			t.gstate[i + 1] |= LEADER; /* i + 1 <= n: gstate has n + 1 bytes */
		if (oi->fmt == VELA_FMT_B || (oi->fmt == VELA_FMT_J && ins[i].op == VELA_OP_J)) {
			uint32_t tg = vela_direct_target(&ins[i], i * 4) / 4;
			if (tg <= i) {
				depth[tg]++;
				depth[i + 1]--;
			}
		}
	}
	int32_t d = 0;
	for (uint32_t i = 0; i < n; i++) {
		d += depth[i];
		const struct vela_insn in = ins[i];
		if (in.op == VELA_OP_TIMEBIND)
			t.time = true;
		if (in.op >= VELA_OP_VZERO && in.op <= VELA_OP_VSPLATW)
			t.vec = true;
		const struct vela_opinfo *oi = vela_opinfo(in.op);
		uint64_t wgt = (uint64_t)1 << (d < 6 ? 3 * d : 18);
		bool vd = oi->fmt == VELA_FMT_VZ || oi->fmt == VELA_FMT_VR ||
			  oi->fmt == VELA_FMT_VL || oi->fmt == VELA_FMT_VS ||
			  oi->fmt == VELA_FMT_VX;
		if (!vd)
			use[in.rd] += wgt;
		if (oi->fmt != VELA_FMT_VR && oi->fmt != VELA_FMT_VG)
			use[in.rs1] += wgt;
		if (oi->fmt == VELA_FMT_VG)
			use[in.rd] += wgt;
		if (oi->fmt == VELA_FMT_R || oi->fmt == VELA_FMT_S || oi->fmt == VELA_FMT_B ||
		    oi->fmt == VELA_FMT_P)
			use[in.rs2] += wgt;
	}
	uint32_t use32[VELA_NREGS];
	for (unsigned v = 0; v < VELA_NREGS; v++)
		use32[v] = use[v] > UINT32_MAX ? UINT32_MAX : (uint32_t)use[v];
	if (opt->time_checks)
		t.time = true;
	for (size_t k = 0; k < opt->ntargets; k++)
		t.bitmap[opt->targets[k] / 32] |= (uint8_t)(1u << ((opt->targets[k] / 4) % 8));
	bridge_draw_map(&t.m, opt->seed, use32);
	t.bm_off = (uint32_t)sizeof(struct bridge_ctx);
	t.tab_off = (uint32_t)align8(t.bm_off + n / 8 + 1);

	x86_buf_init(&t.b, out_code, out_cap);
	emit_trampolines(&t);
	for (uint32_t i = 0; i < n; i++) {
		const struct vela_insn in = ins[i];
		t.host_off[i] = (uint32_t)t.b.len;
		t.gstate[i] = BRIDGE_GS_NONE;
		if (in.op == VELA_OP_LI && in.rd != 0) {
			/* li + shori... building one constant: one move, unless a shori
			 * can be entered from elsewhere */
			int64_t v = in.imm;
			uint32_t j = i + 1;
			while (j < n && ins[j].op == VELA_OP_SHORI && ins[j].rd == in.rd &&
			       !(t.gstate[j] & LEADER)) {
				v = (int64_t)((uint64_t)v << 18 | (uint64_t)ins[j].imm);
				j++;
			}
			if (j > i + 1) {
				unsigned h = hreg(&t, in.rd);
				if (h != NOREG) {
					x86_mov_ri(&t.b, h, v);
				} else if (v >= INT32_MIN && v <= INT32_MAX) {
					x86_store_imm(&t.b, vslot(&t, in.rd), (int32_t)v, 8);
				} else {
					x86_mov_ri(&t.b, t.m.s1, v);
					x86_store(&t.b, vslot(&t, in.rd), t.m.s1, 8);
				}
				for (uint32_t k = i + 1; k < j; k++) {
					t.host_off[k] = (uint32_t)t.b.len;
					t.gstate[k] = BRIDGE_GS_NONE;
				}
				i = j - 1;
				continue;
			}
		}
		const struct vela_opinfo *oi = vela_opinfo(in.op);
		bool mem = oi->msize != 0;
		bool ind = oi->cls == VELA_CLS_IJUMP || oi->cls == VELA_CLS_ICALL;
		bool guard = (mem || ind) && !t.unsafe && !(elide_ok && opt->elide[i]);
		if (ind && !guard && !t.unsafe) {
			t.gstate[i] = BRIDGE_GS_ELIDED; /* constant valid target, proven */
			t.st.elided[BRIDGE_G_CFI]++;
		}
		if (mem) {
			if (guard) {
				t.gstate[i] = BRIDGE_GS_KEPT;
			} else {
				t.gstate[i] = BRIDGE_GS_ELIDED;
				t.st.elided[oi->cls == VELA_CLS_LOAD || oi->cls == VELA_CLS_VLOAD
						? BRIDGE_G_LOAD
						: BRIDGE_G_STORE]++;
			}
		}
		uint32_t before = t.nguards;
		emit_insn(&t, i, &in, guard);
		if (!mem && t.nguards != before)
			t.gstate[i] = BRIDGE_GS_KEPT;
		if (t.b.len > (size_t)UINT32_MAX)
			t.b.overflow = true;
	}
	t.gstate[n] = BRIDGE_GS_NONE;
	/* execution running past the end (or returning to code_len) */
	t.host_off[n] = (uint32_t)t.b.len;
	trap_always(&t, n * 4, VELA_TRAP_PC, ADDR_IMM, 0, (int64_t)n * 4);
	for (uint32_t k = 0; k < t.nfix; k++)
		x86_patch_rel32(&t.b, t.fix[k].field, t.host_off[t.fix[k].target]);
	emit_stubs(&t);
	if (t.b.overflow)
		return fail(err, 0, "translation output buffer too small");
	if (t.b.bad)
		return fail(err, 0, "internal error: unencodable instruction");

	t.st.insns = n;
	for (unsigned v = 1; v < VELA_NREGS; v++)
		if (t.m.host[v] == NOREG)
			t.st.spilled++;
	out->code_len = t.b.len;
	out->ninsns = n;
	out->host_off = t.host_off;
	out->gstate = t.gstate;
	out->targets = t.bitmap;
	out->bitmap_off = t.bm_off;
	out->table_off = t.tab_off;
	out->ctx_size = t.tab_off + (size_t)(n + 1) * 8;
	out->map = t.m;
	out->stats = t.st;
	return true;
}

void bridge_ctx_link(struct bridge_ctx *ctx, const struct bridge_out *out, uint64_t code_addr)
{
	uint8_t *base = (uint8_t *)ctx;
	memcpy(base + out->bitmap_off, out->targets, out->ninsns / 8 + 1);
	uint64_t *tab = (uint64_t *)(void *)(base + out->table_off);
	for (uint32_t i = 0; i <= out->ninsns; i++)
		tab[i] = code_addr + out->host_off[i];
}
