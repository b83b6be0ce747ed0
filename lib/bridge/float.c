/* AetherBridge: VELA-F (docs/vela-isa.md section 10) to SSE2 scalar code.
 *
 * VELA-F values are IEEE-754 bit patterns in the ordinary VELA registers, so every
 * opcode moves its operands into the two scratch xmm registers xs and xt (movd/movq
 * from the home register, or straight from the context slot), computes there and
 * moves the result back: `movq` for a .d result, `movd` + `movsxd` for a .s or 32-bit
 * integer one (written sign-extended). The sequences are in docs/bridge.md, "VELA-F".
 *
 * MXCSR is assumed to hold its reset value 0x1f80 (round to nearest even, every
 * exception masked, no flush-to-zero, no denormals-are-zero); with it, SSE's own NaN
 * rules (first operand, then second, quieted; else the default NaN) are the
 * specification's, which is why rs1 is always the destination operand. */
#include "bridge/emit.h"

/* Bit patterns the conversions need as constants. */
#define F32_2P63     0x5f000000u	   /* 2^63 in binary32 */
#define F64_2P63     0x43e0000000000000ull /* 2^63 in binary64 */
#define F32_M2P63    0xdf000000u	   /* -2^63 in binary32 */
#define F64_M2P63    0xc3e0000000000000ull /* -2^63 in binary64 */
#define U64_SIGN_BIT 63

/* xmm x = VELA register v (its low 32 bits suffice for .s) */
static void fload(struct tr *t, unsigned x, unsigned v, bool dbl)
{
	unsigned h = hreg(t, v);
	if (v == 0)
		x86_sse_rr(&t->b, X86_PXOR, x, x);
	else if (h == NOREG)
		x86_movd_xm(&t->b, dbl, x, vslot(t, v));
	else
		x86_movd_xr(&t->b, dbl, x, h);
}

/* xs = xs op VELA register v (op has the first operand in xs: the NaN order) */
static void fop_v(struct tr *t, enum x86_fop op, bool dbl, unsigned v)
{
	unsigned xs = t->m.xs, xt = t->m.xt;
	if (v != 0 && hreg(t, v) == NOREG) {
		x86_fop_rm(&t->b, op, dbl, xs, vslot(t, v));
		return;
	}
	fload(t, xt, v, dbl);
	x86_fop_rr(&t->b, op, dbl, xs, xt);
}

/* VELA register rd = the float in xmm x: .d whole, .s sign-extended from bit 31 */
static void fstore(struct tr *t, unsigned rd, unsigned x, bool dbl)
{
	if (rd == 0)
		return;
	unsigned T = dst_reg(t, rd, t->m.s1);
	x86_movd_rx(&t->b, dbl, T, x);
	if (!dbl)
		x86_movsx_rr(&t->b, T, T, 4);
	wr_dst(t, rd, T);
}

/* A forward rel8 jump whose target is set later with land(). */
static size_t jfwd(struct tr *t, int cc)
{
	if (cc < 0)
		x86_jmp8(&t->b, 0);
	else
		x86_jcc8(&t->b, (enum x86_cond)cc, 0);
	return t->b.len - 1;
}

static void land(struct tr *t, size_t field)
{
	x86_patch_rel8(&t->b, field, t->b.len);
}

#define JMP (-1)

/* fadd fsub fmul fdiv: xs = rs1; xs op= rs2 */
static void emit_farith(struct tr *t, const struct vela_insn *in, enum x86_fop op, bool dbl)
{
	if (in->rd == 0)
		return;
	fload(t, t->m.xs, in->rs1, dbl);
	if (in->rs2 == in->rs1)
		x86_fop_rr(&t->b, op, dbl, t->m.xs, t->m.xs);
	else
		fop_v(t, op, dbl, in->rs2);
	fstore(t, in->rd, t->m.xs, dbl);
}

/* fsqrt, fcvt.d.s, fcvt.s.d: xs = op(rs1); `dbl` is the operand's format */
static void emit_funary(struct tr *t, const struct vela_insn *in, enum x86_fop op, bool dbl,
			bool res_dbl)
{
	if (in->rd == 0)
		return;
	unsigned xs = t->m.xs;
	if (in->rs1 != 0 && hreg(t, in->rs1) == NOREG) {
		x86_fop_rm(&t->b, op, dbl, xs, vslot(t, in->rs1));
	} else {
		fload(t, xs, in->rs1, dbl);
		x86_fop_rr(&t->b, op, dbl, xs, xs);
	}
	fstore(t, in->rd, xs, res_dbl);
}

/* fmin/fmax with WebAssembly's rules: a NaN operand gives rs1 or rs2 quieted
 * (what addsd computes), equal operands (including -0 and +0) give the OR (min)
 * or AND (max) of their bits, anything else minsd/maxsd. */
static void emit_fminmax(struct tr *t, const struct vela_insn *in, bool max, bool dbl)
{
	if (in->rd == 0)
		return;
	unsigned xs = t->m.xs, xt = t->m.xt;
	fload(t, xs, in->rs1, dbl);
	fload(t, xt, in->rs2, dbl);
	x86_ucomis_rr(&t->b, dbl, xs, xt);
	size_t nan = jfwd(t, X86_CC_P);
	size_t ord = jfwd(t, X86_CC_NE);
	x86_sse_rr(&t->b, max ? X86_PAND : X86_POR, xs, xt);
	size_t done1 = jfwd(t, JMP);
	land(t, nan);
	x86_fop_rr(&t->b, X86_FADD, dbl, xs, xt);
	size_t done2 = jfwd(t, JMP);
	land(t, ord);
	x86_fop_rr(&t->b, max ? X86_FMAX : X86_FMIN, dbl, xs, xt);
	land(t, done1);
	land(t, done2);
	fstore(t, in->rd, xs, dbl);
}

/* feq flt fle: cmpss/cmpsd with an ordered predicate (a NaN gives 0, -0 = +0),
 * then the low bit of the mask. */
static void emit_fcmp(struct tr *t, const struct vela_insn *in, enum x86_fcmp pred, bool dbl)
{
	if (in->rd == 0)
		return;
	unsigned xs = t->m.xs, xt = t->m.xt;
	fload(t, xs, in->rs1, dbl);
	if (in->rs2 == in->rs1) {
		x86_fcmp_rr(&t->b, pred, dbl, xs, xs);
	} else if (in->rs2 != 0 && hreg(t, in->rs2) == NOREG) {
		x86_fcmp_rm(&t->b, pred, dbl, xs, vslot(t, in->rs2));
	} else {
		fload(t, xt, in->rs2, dbl);
		x86_fcmp_rr(&t->b, pred, dbl, xs, xt);
	}
	unsigned T = dst_reg(t, in->rd, t->m.s1);
	x86_movd_rx(&t->b, false, T, xs);
	x86_alu_ri(&t->b, false, X86_AND, T, 1);
	wr_dst(t, in->rd, T);
}

/* fcvt.{s,d}.{w,wu,l,lu}: integer operand to float. u32 converts as the
 * zero-extended 64-bit value (exact); u64 >= 2^63 is halved with the lost bit
 * ORed back in as a sticky bit (so rounding sees it), converted and doubled. */
static void emit_fcvt_from_int(struct tr *t, const struct vela_insn *in, bool dbl, bool wide,
			       bool uns)
{
	if (in->rd == 0)
		return;
	struct x86_buf *b = &t->b;
	unsigned xs = t->m.xs, s1 = t->m.s1, s2 = t->m.s2;
	if (!uns) {
		x86_cvtsi2f(b, dbl, wide, xs, src_reg(t, in->rs1, s1));
	} else if (!wide) {
		unsigned h = hreg(t, in->rs1);
		if (in->rs1 == 0)
			zero_reg(t, s1);
		else if (h == NOREG)
			x86_load(b, s1, vslot(t, in->rs1), 4, false);
		else
			x86_mov_rr(b, false, s1, h); /* zero-extends */
		x86_cvtsi2f(b, dbl, true, xs, s1);
	} else {
		unsigned h = src_reg(t, in->rs1, s1);
		x86_test_rr(b, true, h, h);
		size_t big = jfwd(t, X86_CC_S);
		x86_cvtsi2f(b, dbl, true, xs, h);
		size_t done = jfwd(t, JMP);
		land(t, big);
		if (h != s1)
			x86_mov_rr(b, true, s1, h);
		x86_mov_rr(b, true, s2, s1);
		x86_alu_ri(b, false, X86_AND, s2, 1);
		x86_shift_ri(b, true, X86_SHR, s1, 1);
		x86_alu_rr(b, true, X86_OR, s1, s2);
		x86_cvtsi2f(b, dbl, true, xs, s1);
		x86_fop_rr(b, X86_FADD, dbl, xs, xs);
		land(t, done);
	}
	fstore(t, in->rd, xs, dbl);
}

/* xt = 2^63 in the operand's format (through s2) */
static void load_2p63(struct tr *t, bool dbl)
{
	if (dbl)
		x86_movabs(&t->b, t->m.s2, F64_2P63);
	else
		x86_mov_ri(&t->b, t->m.s2, F32_2P63);
	x86_movd_xr(&t->b, dbl, t->m.xt, t->m.s2);
}

/* FLOAT_RANGE trap if cc; the address is the operand's bits, the low 32
 * zero-extended for .s. */
static void range_trap(struct tr *t, enum x86_cond cc, uint32_t pc, const struct vela_insn *in,
		       bool dbl)
{
	trap_if(t, cc, pc, VELA_TRAP_FLOAT_RANGE, dbl ? ADDR_VREG : ADDR_VREG32, in->rs1, 0);
}

/* fcvt.{w,wu,l,lu}.{s,d}: truncate, trapping FLOAT_INVALID on a NaN and
 * FLOAT_RANGE when the truncation does not fit. 32-bit targets convert to 64 bits
 * (exact for every |x| < 2^63, the indefinite value beyond) and check that the
 * result fits; l checks the indefinite value against x = -2^63; lu converts x or
 * x - 2^63 and sets bit 63 back. Nothing is written before the checks pass. */
static void emit_fcvt_trap(struct tr *t, uint32_t pc, const struct vela_insn *in, bool dbl,
			   bool wide, bool uns)
{
	struct x86_buf *b = &t->b;
	unsigned xs = t->m.xs, xt = t->m.xt, s1 = t->m.s1, s2 = t->m.s2;
	fload(t, xs, in->rs1, dbl);
	x86_ucomis_rr(b, dbl, xs, xs);
	trap_if(t, X86_CC_P, pc, VELA_TRAP_FLOAT_INVALID, dbl ? ADDR_VREG : ADDR_VREG32, in->rs1,
		0);
	if (!wide) {
		x86_cvtt2si(b, dbl, true, s1, xs);
		if (uns)
			x86_mov_rr(b, false, s2, s1); /* zero-extend */
		else
			x86_movsx_rr(b, s2, s1, 4);
		x86_alu_rr(b, true, X86_CMP, s2, s1);
		range_trap(t, X86_CC_NE, pc, in, dbl);
		if (uns)
			x86_movsx_rr(b, s1, s1, 4);
	} else if (!uns) {
		x86_cvtt2si(b, dbl, true, s1, xs);
		x86_alu_ri(b, true, X86_CMP, s1, 1); /* OF: s1 is INT64_MIN */
		size_t ok = jfwd(t, X86_CC_NO);
		if (dbl) {
			x86_movabs(b, s2, F64_M2P63);
			alu_v(t, true, X86_CMP, s2, in->rs1);
		} else {
			cmp_vi(t, false, in->rs1, (int32_t)F32_M2P63, s2);
		}
		range_trap(t, X86_CC_NE, pc, in, dbl);
		land(t, ok);
	} else {
		load_2p63(t, dbl);
		x86_ucomis_rr(b, dbl, xs, xt);
		size_t big = jfwd(t, X86_CC_AE);
		x86_cvtt2si(b, dbl, true, s1, xs);
		x86_test_rr(b, true, s1, s1);
		range_trap(t, X86_CC_S, pc, in, dbl); /* x <= -1 */
		size_t done = jfwd(t, JMP);
		land(t, big);
		x86_fop_rr(b, X86_FSUB, dbl, xs, xt);
		x86_cvtt2si(b, dbl, true, s1, xs);
		x86_test_rr(b, true, s1, s1);
		range_trap(t, X86_CC_S, pc, in, dbl); /* x >= 2^64 */
		x86_bts_ri(b, true, s1, U64_SIGN_BIT);
		land(t, done);
	}
	wr_dst(t, in->rd, s1);
}

/* s1 = x saturated to int64 (NaN 0): cvtt, and only when it gave INT64_MIN look
 * at x again (a positive x becomes INT64_MAX, a NaN 0). */
static void sat64(struct tr *t, bool dbl)
{
	struct x86_buf *b = &t->b;
	unsigned xs = t->m.xs, xt = t->m.xt, s1 = t->m.s1;
	x86_cvtt2si(b, dbl, true, s1, xs);
	x86_alu_ri(b, true, X86_CMP, s1, 1); /* OF: s1 is INT64_MIN */
	size_t done1 = jfwd(t, X86_CC_NO);
	x86_sse_rr(b, X86_PXOR, xt, xt);
	x86_ucomis_rr(b, dbl, xs, xt);
	size_t nan = jfwd(t, X86_CC_P);
	size_t done2 = jfwd(t, X86_CC_BE);
	x86_unary(b, true, X86_NOT, s1);
	size_t done3 = jfwd(t, JMP);
	land(t, nan);
	zero_reg(t, s1);
	land(t, done1);
	land(t, done2);
	land(t, done3);
}

/* fsat.{w,wu,l,lu}.{s,d}: like fcvt without traps (NaN 0, clamped). */
static void emit_fsat(struct tr *t, const struct vela_insn *in, bool dbl, bool wide, bool uns)
{
	if (in->rd == 0)
		return;
	struct x86_buf *b = &t->b;
	unsigned xs = t->m.xs, xt = t->m.xt, s1 = t->m.s1, s2 = t->m.s2;
	fload(t, xs, in->rs1, dbl);
	if (wide && uns) {
		/* x < 2^63 (or NaN): cvtt, negative -> 0; else cvtt(x - 2^63), overflow
		 * -> all ones, bit 63 set */
		load_2p63(t, dbl);
		x86_ucomis_rr(b, dbl, xs, xt);
		size_t big = jfwd(t, X86_CC_AE);
		x86_cvtt2si(b, dbl, true, s1, xs);
		zero_reg(t, s2);
		x86_test_rr(b, true, s1, s1);
		x86_cmov(b, true, X86_CC_S, s1, s2);
		size_t done = jfwd(t, JMP);
		land(t, big);
		x86_fop_rr(b, X86_FSUB, dbl, xs, xt);
		x86_cvtt2si(b, dbl, true, s1, xs);
		x86_mov_ri(b, s2, -1);
		x86_test_rr(b, true, s1, s1);
		x86_cmov(b, true, X86_CC_S, s1, s2);
		x86_bts_ri(b, true, s1, U64_SIGN_BIT);
		land(t, done);
	} else {
		sat64(t, dbl);
		if (!wide && !uns) {
			x86_mov_ri(b, s2, INT32_MAX);
			x86_alu_rr(b, true, X86_CMP, s1, s2);
			x86_cmov(b, true, X86_CC_G, s1, s2);
			x86_mov_ri(b, s2, INT32_MIN);
			x86_alu_rr(b, true, X86_CMP, s1, s2);
			x86_cmov(b, true, X86_CC_L, s1, s2);
		} else if (!wide) {
			zero_reg(t, s2);
			x86_test_rr(b, true, s1, s1);
			x86_cmov(b, true, X86_CC_S, s1, s2);
			x86_mov_ri(b, s2, UINT32_MAX);
			x86_alu_rr(b, true, X86_CMP, s1, s2);
			x86_cmov(b, true, X86_CC_A, s1, s2);
			x86_movsx_rr(b, s1, s1, 4);
		}
	}
	wr_dst(t, in->rd, s1);
}

/* emit_float decodes the conversion blocks from the low three opcode bits */
_Static_assert(VELA_OP_FCVTWS % 8 == 0 && VELA_OP_FCVTWUS == VELA_OP_FCVTWS + 1 &&
		   VELA_OP_FCVTLS == VELA_OP_FCVTWS + 2 && VELA_OP_FCVTLUD == VELA_OP_FCVTWS + 7,
	       "fcvt to integer: w wu l lu .s, then .d");
_Static_assert(VELA_OP_FSATWS % 8 == 0 && VELA_OP_FSATWUS == VELA_OP_FSATWS + 1 &&
		   VELA_OP_FSATLS == VELA_OP_FSATWS + 2 && VELA_OP_FSATLUD == VELA_OP_FSATWS + 7,
	       "fsat: w wu l lu .s, then .d");
_Static_assert(VELA_OP_FCVTSW % 8 == 0 && VELA_OP_FCVTSWU == VELA_OP_FCVTSW + 1 &&
		   VELA_OP_FCVTSL == VELA_OP_FCVTSW + 2 && VELA_OP_FCVTDW == VELA_OP_FCVTSW + 4 &&
		   VELA_OP_FCVTDLU == VELA_OP_FCVTSW + 7,
	       "fcvt from integer: w wu l lu to .s, then to .d");

void emit_float(struct tr *t, uint32_t pc, const struct vela_insn *in)
{
	switch (in->op) {
	case VELA_OP_FADDS:
	case VELA_OP_FADDD:
		emit_farith(t, in, X86_FADD, in->op == VELA_OP_FADDD);
		return;
	case VELA_OP_FSUBS:
	case VELA_OP_FSUBD:
		emit_farith(t, in, X86_FSUB, in->op == VELA_OP_FSUBD);
		return;
	case VELA_OP_FMULS:
	case VELA_OP_FMULD:
		emit_farith(t, in, X86_FMUL, in->op == VELA_OP_FMULD);
		return;
	case VELA_OP_FDIVS:
	case VELA_OP_FDIVD:
		emit_farith(t, in, X86_FDIV, in->op == VELA_OP_FDIVD);
		return;
	case VELA_OP_FMINS:
	case VELA_OP_FMIND:
		emit_fminmax(t, in, false, in->op == VELA_OP_FMIND);
		return;
	case VELA_OP_FMAXS:
	case VELA_OP_FMAXD:
		emit_fminmax(t, in, true, in->op == VELA_OP_FMAXD);
		return;
	case VELA_OP_FSQRTS:
	case VELA_OP_FSQRTD: {
		bool dbl = in->op == VELA_OP_FSQRTD;
		emit_funary(t, in, X86_FSQRT, dbl, dbl);
		return;
	}
	case VELA_OP_FCVTDS:
		emit_funary(t, in, X86_FCVT, false, true);
		return;
	case VELA_OP_FCVTSD:
		emit_funary(t, in, X86_FCVT, true, false);
		return;
	case VELA_OP_FEQS:
	case VELA_OP_FEQD:
		emit_fcmp(t, in, X86_FCMP_EQ, in->op == VELA_OP_FEQD);
		return;
	case VELA_OP_FLTS:
	case VELA_OP_FLTD:
		emit_fcmp(t, in, X86_FCMP_LT, in->op == VELA_OP_FLTD);
		return;
	case VELA_OP_FLES:
	case VELA_OP_FLED:
		emit_fcmp(t, in, X86_FCMP_LE, in->op == VELA_OP_FLED);
		return;
	default:
		break;
	}
	/* the conversion blocks: fcvt (0xb8-0xbf) and fsat (0xc0-0xc7) to integer
	 * are ordered w wu l lu for .s, then for .d; fcvt from integer (0xc8-0xcf)
	 * w wu l lu to .s, then to .d */
	unsigned k = in->op & 7u;
	bool dbl = k >= 4, wide = (k & 2) != 0, uns = (k & 1) != 0;
	if (in->op >= VELA_OP_FCVTWS && in->op <= VELA_OP_FCVTLUD)
		emit_fcvt_trap(t, pc, in, dbl, wide, uns);
	else if (in->op >= VELA_OP_FSATWS && in->op <= VELA_OP_FSATLUD)
		emit_fsat(t, in, dbl, wide, uns);
	else if (in->op >= VELA_OP_FCVTSW && in->op <= VELA_OP_FCVTDLU)
		emit_fcvt_from_int(t, in, dbl, wide, uns);
	else
		t->b.bad = true;
}
