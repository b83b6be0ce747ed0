/* x86-64 encoder; see x86enc.h. Encoding facts from the Intel SDM vol. 2, ch. 2
 * (REX, ModRM, SIB) and the per-instruction pages. */
#include "bridge/x86/x86enc.h"

/* Operand in the ModRM r/m position: a register or a memory reference. */
struct rm {
	bool mem;
	unsigned reg;
	struct x86_mem m;
};

/* Flags for emit(): which operands are 8-bit registers (spl..dil need a REX). */
#define BYTE_REG 1u
#define BYTE_RM	 2u

void x86_buf_init(struct x86_buf *b, void *mem, size_t cap)
{
	b->p = mem;
	b->cap = cap;
	b->len = 0;
	b->overflow = false;
	b->bad = false;
}

void x86_byte(struct x86_buf *b, uint8_t v)
{
	if (b->len < b->cap)
		b->p[b->len] = v;
	else
		b->overflow = true;
	b->len++;
}

/* Append n bytes (the common path: one capacity check per instruction). */
static inline void put(struct x86_buf *b, const uint8_t *o, unsigned n)
{
	if (b->len + n <= b->cap) {
		uint8_t *d = b->p + b->len;
		for (unsigned i = 0; i < n; i++)
			d[i] = o[i];
		b->len += n;
		return;
	}
	for (unsigned i = 0; i < n; i++)
		x86_byte(b, o[i]);
}

void x86_u32(struct x86_buf *b, uint32_t v)
{
	uint8_t o[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	put(b, o, 4);
}

void x86_u64(struct x86_buf *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		x86_byte(b, (uint8_t)(v >> (8 * i)));
}

static bool fits8(int64_t v)
{
	return v >= -128 && v <= 127;
}

static struct rm rm_reg(unsigned r)
{
	struct rm o = {false, r, {0, X86_NOREG, 1, 0}};
	return o;
}

static struct rm rm_mem(struct x86_mem m)
{
	struct rm o = {true, 0, m};
	return o;
}

static bool valid_mem(const struct x86_mem *m)
{
	if (m->base > 15)
		return false;
	if (m->index != X86_NOREG && (m->index > 15 || m->index == X86_RSP))
		return false;
	return m->scale == 1 || m->scale == 2 || m->scale == 4 || m->scale == 8;
}

/* ModRM (+ SIB + displacement) for `reg` and the r/m operand, into o[]; returns
 * the number of bytes. */
static inline unsigned modrm(uint8_t *o, unsigned reg, const struct rm *r)
{
	if (!r->mem) {
		o[0] = (uint8_t)(0xc0 | (reg & 7) << 3 | (r->reg & 7));
		return 1;
	}
	const struct x86_mem *m = &r->m;
	unsigned mod, k = 0;
	/* rbp/r13 as base cannot use mod=00 (that means disp32/RIP-relative) */
	if (m->disp == 0 && (m->base & 7) != 5)
		mod = 0;
	else if (fits8(m->disp))
		mod = 1;
	else
		mod = 2;
	bool sib = m->index != X86_NOREG || (m->base & 7) == 4; /* rsp/r12 need a SIB */
	o[k++] = (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : (m->base & 7)));
	if (sib) {
		unsigned ss = m->scale == 8 ? 3 : m->scale == 4 ? 2 : m->scale == 2 ? 1 : 0;
		unsigned idx = m->index == X86_NOREG ? 4 : (m->index & 7);
		o[k++] = (uint8_t)(ss << 6 | idx << 3 | (m->base & 7));
	}
	if (mod == 1) {
		o[k++] = (uint8_t)m->disp;
	} else if (mod == 2) {
		uint32_t d = (uint32_t)m->disp;
		o[k++] = (uint8_t)d;
		o[k++] = (uint8_t)(d >> 8);
		o[k++] = (uint8_t)(d >> 16);
		o[k++] = (uint8_t)(d >> 24);
	}
	return k;
}

/* [pfx] [REX] opcode... ModRM...: the common shape of every r/m instruction.
 * Bytes go straight into the buffer when 16 are free (no instruction is longer
 * than 15), else through a local array and the byte-wise overflow path. */
static inline void emit(struct x86_buf *b, uint8_t pfx, bool w, unsigned flags, uint32_t opc,
			unsigned oplen, unsigned reg, struct rm r)
{
	if ((reg | (r.mem ? 0 : r.reg)) > 15 || (r.mem && !valid_mem(&r.m))) {
		b->bad = true;
		return;
	}
	uint8_t tmp[16];
	bool direct = b->cap - b->len >= 16 && b->len <= b->cap;
	uint8_t *o = direct ? b->p + b->len : tmp;
	unsigned k = 0;
	if (pfx)
		o[k++] = pfx;
	unsigned rex = (w ? 8u : 0u) | (reg & 8 ? 4u : 0u);
	if (r.mem) {
		if (r.m.index != X86_NOREG && (r.m.index & 8))
			rex |= 2;
		if (r.m.base & 8)
			rex |= 1;
	} else if (r.reg & 8) {
		rex |= 1;
	}
	bool need = rex != 0;
	if ((flags & BYTE_REG) && reg >= 4 && reg <= 7)
		need = true;
	if ((flags & BYTE_RM) && !r.mem && r.reg >= 4 && r.reg <= 7)
		need = true;
	if (need)
		o[k++] = (uint8_t)(0x40 | rex);
	if (oplen == 2)
		o[k++] = (uint8_t)(opc >> 8);
	o[k++] = (uint8_t)opc;
	k += modrm(o + k, reg, &r);
	if (direct)
		b->len += k;
	else
		put(b, tmp, k);
}

/* An opcode with the register in its low three bits (50+r, B8+r, ...). */
static void emit_oreg(struct x86_buf *b, bool w, uint8_t op, unsigned r)
{
	if (r > 15) {
		b->bad = true;
		return;
	}
	if (w || (r & 8))
		x86_byte(b, (uint8_t)(0x40 | (w ? 8 : 0) | (r & 8 ? 1 : 0)));
	x86_byte(b, (uint8_t)(op + (r & 7)));
}

/* ------------------------------------------------------------------ moves */

void x86_mov_rr(struct x86_buf *b, bool w64, unsigned dst, unsigned src)
{
	emit(b, 0, w64, 0, 0x89, 1, src, rm_reg(dst));
}

void x86_movabs(struct x86_buf *b, unsigned dst, uint64_t imm)
{
	emit_oreg(b, true, 0xb8, dst);
	x86_u64(b, imm);
}

void x86_mov_ri(struct x86_buf *b, unsigned dst, int64_t imm)
{
	if (imm >= 0 && imm <= (int64_t)UINT32_MAX) {
		emit_oreg(b, false, 0xb8, dst); /* mov r32, imm32 zero-extends */
		x86_u32(b, (uint32_t)imm);
	} else if (imm >= INT32_MIN && imm <= INT32_MAX) {
		emit(b, 0, true, 0, 0xc7, 1, 0, rm_reg(dst));
		x86_u32(b, (uint32_t)imm);
	} else {
		x86_movabs(b, dst, (uint64_t)imm);
	}
}

void x86_load(struct x86_buf *b, unsigned dst, struct x86_mem m, unsigned size, bool sext)
{
	switch (size) {
	case 1:
		if (sext)
			emit(b, 0, true, 0, 0x0fbe, 2, dst, rm_mem(m)); /* movsbq */
		else
			emit(b, 0, false, 0, 0x0fb6, 2, dst, rm_mem(m)); /* movzbl */
		break;
	case 2:
		if (sext)
			emit(b, 0, true, 0, 0x0fbf, 2, dst, rm_mem(m)); /* movswq */
		else
			emit(b, 0, false, 0, 0x0fb7, 2, dst, rm_mem(m)); /* movzwl */
		break;
	case 4:
		if (sext)
			emit(b, 0, true, 0, 0x63, 1, dst, rm_mem(m)); /* movslq */
		else
			emit(b, 0, false, 0, 0x8b, 1, dst, rm_mem(m)); /* movl */
		break;
	case 8:
		emit(b, 0, true, 0, 0x8b, 1, dst, rm_mem(m));
		break;
	default:
		b->bad = true;
	}
}

void x86_store(struct x86_buf *b, struct x86_mem m, unsigned src, unsigned size)
{
	switch (size) {
	case 1:
		emit(b, 0, false, BYTE_REG, 0x88, 1, src, rm_mem(m));
		break;
	case 2:
		emit(b, 0x66, false, 0, 0x89, 1, src, rm_mem(m));
		break;
	case 4:
	case 8:
		emit(b, 0, size == 8, 0, 0x89, 1, src, rm_mem(m));
		break;
	default:
		b->bad = true;
	}
}

void x86_store_imm(struct x86_buf *b, struct x86_mem m, int32_t imm, unsigned size)
{
	if (size != 4 && size != 8) {
		b->bad = true;
		return;
	}
	emit(b, 0, size == 8, 0, 0xc7, 1, 0, rm_mem(m));
	x86_u32(b, (uint32_t)imm);
}

void x86_lea(struct x86_buf *b, unsigned dst, struct x86_mem m)
{
	emit(b, 0, true, 0, 0x8d, 1, dst, rm_mem(m));
}

void x86_movzx8_rr(struct x86_buf *b, unsigned dst, unsigned src8)
{
	emit(b, 0, false, BYTE_RM, 0x0fb6, 2, dst, rm_reg(src8));
}

void x86_movzx16_rr(struct x86_buf *b, unsigned dst, unsigned src16)
{
	emit(b, 0, false, 0, 0x0fb7, 2, dst, rm_reg(src16));
}

/* sign-extend the low `size` bytes of src into the 64-bit dst */
void x86_movsx_rr(struct x86_buf *b, unsigned dst, unsigned src, unsigned size)
{
	if (size == 1)
		emit(b, 0, true, BYTE_RM, 0x0fbe, 2, dst, rm_reg(src));
	else if (size == 2)
		emit(b, 0, true, 0, 0x0fbf, 2, dst, rm_reg(src));
	else if (size == 4)
		emit(b, 0, true, 0, 0x63, 1, dst, rm_reg(src));
	else
		b->bad = true;
}

void x86_cmov(struct x86_buf *b, bool w64, enum x86_cond cc, unsigned dst, unsigned src)
{
	emit(b, 0, w64, 0, 0x0f40u + (cc & 15), 2, dst, rm_reg(src));
}

void x86_xchg_rr(struct x86_buf *b, unsigned a, unsigned c)
{
	if (a == X86_RAX || c == X86_RAX) {
		unsigned other = a == X86_RAX ? c : a;
		if (other == X86_RAX)
			x86_byte(b, 0x90); /* as drops the REX.W of xchg rax,rax */
		else
			emit_oreg(b, true, 0x90, other); /* 90+r short form */
		return;
	}
	emit(b, 0, true, 0, 0x87, 1, a, rm_reg(c));
}

/* ------------------------------------------------------------- arithmetic */

void x86_alu_rr(struct x86_buf *b, bool w64, enum x86_alu op, unsigned dst, unsigned src)
{
	emit(b, 0, w64, 0, (uint32_t)(op << 3 | 1), 1, src, rm_reg(dst));
}

static void alu_imm(struct x86_buf *b, bool w64, enum x86_alu op, struct rm o, int32_t imm)
{
	if (fits8(imm)) {
		emit(b, 0, w64, 0, 0x83, 1, op, o);
		x86_byte(b, (uint8_t)imm);
	} else if (!o.mem && o.reg == X86_RAX) {
		if (w64)
			x86_byte(b, 0x48);
		x86_byte(b, (uint8_t)(op << 3 | 5)); /* accumulator short form */
		x86_u32(b, (uint32_t)imm);
	} else {
		emit(b, 0, w64, 0, 0x81, 1, op, o);
		x86_u32(b, (uint32_t)imm);
	}
}

void x86_alu_ri(struct x86_buf *b, bool w64, enum x86_alu op, unsigned dst, int32_t imm)
{
	alu_imm(b, w64, op, rm_reg(dst), imm);
}

void x86_alu_mi(struct x86_buf *b, bool w64, enum x86_alu op, struct x86_mem m, int32_t imm)
{
	alu_imm(b, w64, op, rm_mem(m), imm);
}

void x86_alu_rm(struct x86_buf *b, bool w64, enum x86_alu op, unsigned dst, struct x86_mem m)
{
	emit(b, 0, w64, 0, (uint32_t)(op << 3 | 3), 1, dst, rm_mem(m));
}

void x86_alu_mr(struct x86_buf *b, bool w64, enum x86_alu op, struct x86_mem m, unsigned src)
{
	emit(b, 0, w64, 0, (uint32_t)(op << 3 | 1), 1, src, rm_mem(m));
}

void x86_test_rr(struct x86_buf *b, bool w64, unsigned a, unsigned c)
{
	emit(b, 0, w64, 0, 0x85, 1, c, rm_reg(a));
}

void x86_test_ri(struct x86_buf *b, bool w64, unsigned a, int32_t imm)
{
	if (a == X86_RAX) {
		if (w64)
			x86_byte(b, 0x48);
		x86_byte(b, 0xa9);
	} else {
		emit(b, 0, w64, 0, 0xf7, 1, 0, rm_reg(a));
	}
	x86_u32(b, (uint32_t)imm);
}

void x86_imul_rr(struct x86_buf *b, bool w64, unsigned dst, unsigned src)
{
	emit(b, 0, w64, 0, 0x0faf, 2, dst, rm_reg(src));
}

void x86_imul_rri(struct x86_buf *b, bool w64, unsigned dst, unsigned src, int32_t imm)
{
	if (fits8(imm)) {
		emit(b, 0, w64, 0, 0x6b, 1, dst, rm_reg(src));
		x86_byte(b, (uint8_t)imm);
	} else {
		emit(b, 0, w64, 0, 0x69, 1, dst, rm_reg(src));
		x86_u32(b, (uint32_t)imm);
	}
}

void x86_unary(struct x86_buf *b, bool w64, enum x86_unary op, unsigned r)
{
	emit(b, 0, w64, 0, 0xf7, 1, op, rm_reg(r));
}

void x86_cqo(struct x86_buf *b)
{
	x86_byte(b, 0x48);
	x86_byte(b, 0x99);
}

void x86_cdq(struct x86_buf *b)
{
	x86_byte(b, 0x99);
}

void x86_shift_cl(struct x86_buf *b, bool w64, enum x86_shift op, unsigned r)
{
	emit(b, 0, w64, 0, 0xd3, 1, op, rm_reg(r));
}

void x86_shift_ri(struct x86_buf *b, bool w64, enum x86_shift op, unsigned r, uint8_t imm)
{
	if (imm == 1) {
		emit(b, 0, w64, 0, 0xd1, 1, op, rm_reg(r));
	} else {
		emit(b, 0, w64, 0, 0xc1, 1, op, rm_reg(r));
		x86_byte(b, imm);
	}
}

void x86_bt_rr(struct x86_buf *b, bool w64, unsigned base, unsigned bit)
{
	emit(b, 0, w64, 0, 0x0fa3, 2, bit, rm_reg(base));
}

void x86_bt_ri(struct x86_buf *b, bool w64, unsigned r, uint8_t bit)
{
	emit(b, 0, w64, 0, 0x0fba, 2, 4, rm_reg(r));
	x86_byte(b, bit);
}

void x86_bt_mr(struct x86_buf *b, struct x86_mem m, unsigned bit)
{
	emit(b, 0, true, 0, 0x0fa3, 2, bit, rm_mem(m));
}

void x86_bts_ri(struct x86_buf *b, bool w64, unsigned r, uint8_t bit)
{
	emit(b, 0, w64, 0, 0x0fba, 2, 5, rm_reg(r)); /* 0F BA /5 ib */
	x86_byte(b, bit);
}

void x86_bsr(struct x86_buf *b, unsigned dst, unsigned src)
{
	emit(b, 0, true, 0, 0x0fbd, 2, dst, rm_reg(src));
}

void x86_bsf(struct x86_buf *b, unsigned dst, unsigned src)
{
	emit(b, 0, true, 0, 0x0fbc, 2, dst, rm_reg(src));
}

void x86_setcc(struct x86_buf *b, enum x86_cond cc, unsigned r8)
{
	emit(b, 0, false, BYTE_RM, 0x0f90u + (cc & 15), 2, 0, rm_reg(r8));
}

/* ----------------------------------------------------------- control flow */

size_t x86_jcc32(struct x86_buf *b, enum x86_cond cc, int32_t rel)
{
	x86_byte(b, 0x0f);
	x86_byte(b, (uint8_t)(0x80 + (cc & 15)));
	size_t at = b->len;
	x86_u32(b, (uint32_t)rel);
	return at;
}

size_t x86_jmp32(struct x86_buf *b, int32_t rel)
{
	x86_byte(b, 0xe9);
	size_t at = b->len;
	x86_u32(b, (uint32_t)rel);
	return at;
}

size_t x86_call32(struct x86_buf *b, int32_t rel)
{
	x86_byte(b, 0xe8);
	size_t at = b->len;
	x86_u32(b, (uint32_t)rel);
	return at;
}

void x86_jcc8(struct x86_buf *b, enum x86_cond cc, int8_t rel)
{
	x86_byte(b, (uint8_t)(0x70 + (cc & 15)));
	x86_byte(b, (uint8_t)rel);
}

void x86_jmp8(struct x86_buf *b, int8_t rel)
{
	x86_byte(b, 0xeb);
	x86_byte(b, (uint8_t)rel);
}

/* rel32 is relative to the end of its own field */
void x86_patch_rel32(struct x86_buf *b, size_t field, size_t target)
{
	if (field + 4 > b->cap)
		return;
	uint32_t rel = (uint32_t)(target - (field + 4));
	for (int i = 0; i < 4; i++)
		b->p[field + i] = (uint8_t)(rel >> (8 * i));
}

void x86_patch_rel8(struct x86_buf *b, size_t field, size_t target)
{
	if (field + 1 > b->cap)
		return;
	int64_t rel = (int64_t)target - (int64_t)(field + 1);
	if (!fits8(rel))
		b->bad = true;
	b->p[field] = (uint8_t)rel;
}

void x86_jmp_r(struct x86_buf *b, unsigned r)
{
	emit(b, 0, false, 0, 0xff, 1, 4, rm_reg(r));
}

void x86_call_r(struct x86_buf *b, unsigned r)
{
	emit(b, 0, false, 0, 0xff, 1, 2, rm_reg(r));
}

void x86_jmp_m(struct x86_buf *b, struct x86_mem m)
{
	emit(b, 0, false, 0, 0xff, 1, 4, rm_mem(m));
}

void x86_call_m(struct x86_buf *b, struct x86_mem m)
{
	emit(b, 0, false, 0, 0xff, 1, 2, rm_mem(m));
}

void x86_ret(struct x86_buf *b)
{
	x86_byte(b, 0xc3);
}

void x86_push(struct x86_buf *b, unsigned r)
{
	emit_oreg(b, false, 0x50, r);
}

void x86_pop(struct x86_buf *b, unsigned r)
{
	emit_oreg(b, false, 0x58, r);
}

void x86_ud2(struct x86_buf *b)
{
	x86_byte(b, 0x0f);
	x86_byte(b, 0x0b);
}

void x86_int3(struct x86_buf *b)
{
	x86_byte(b, 0xcc);
}

void x86_syscall(struct x86_buf *b)
{
	x86_byte(b, 0x0f);
	x86_byte(b, 0x05);
}

void x86_nop(struct x86_buf *b, unsigned len)
{
	/* SDM vol. 2B, NOP: recommended multi-byte sequences */
	static const uint8_t seq[9][9] = {
	    {0x90},
	    {0x66, 0x90},
	    {0x0f, 0x1f, 0x00},
	    {0x0f, 0x1f, 0x40, 0x00},
	    {0x0f, 0x1f, 0x44, 0x00, 0x00},
	    {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
	    {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
	    {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
	    {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
	};
	while (len > 0) {
		unsigned n = len > 9 ? 9 : len;
		for (unsigned i = 0; i < n; i++)
			x86_byte(b, seq[n - 1][i]);
		len -= n;
	}
}

/* ------------------------------------------------------------------- SSE2 */

void x86_sse_rr(struct x86_buf *b, enum x86_sse op, unsigned xd, unsigned xs)
{
	emit(b, 0x66, false, 0, 0x0f00u | op, 2, xd, rm_reg(xs));
}

void x86_sse_rm(struct x86_buf *b, enum x86_sse op, unsigned xd, struct x86_mem m)
{
	emit(b, 0x66, false, 0, 0x0f00u | op, 2, xd, rm_mem(m));
}

void x86_movdqu_load(struct x86_buf *b, unsigned xd, struct x86_mem m)
{
	emit(b, 0xf3, false, 0, 0x0f6f, 2, xd, rm_mem(m));
}

void x86_movdqu_store(struct x86_buf *b, struct x86_mem m, unsigned xs)
{
	emit(b, 0xf3, false, 0, 0x0f7f, 2, xs, rm_mem(m));
}

void x86_movdqa_rr(struct x86_buf *b, unsigned xd, unsigned xs)
{
	emit(b, 0x66, false, 0, 0x0f6f, 2, xd, rm_reg(xs));
}

void x86_movd_xr(struct x86_buf *b, bool w64, unsigned xd, unsigned r)
{
	emit(b, 0x66, w64, 0, 0x0f6e, 2, xd, rm_reg(r));
}

void x86_movd_rx(struct x86_buf *b, bool w64, unsigned r, unsigned xs)
{
	emit(b, 0x66, w64, 0, 0x0f7e, 2, xs, rm_reg(r));
}

void x86_pshufd(struct x86_buf *b, unsigned xd, unsigned xs, uint8_t imm)
{
	emit(b, 0x66, false, 0, 0x0f70, 2, xd, rm_reg(xs));
	x86_byte(b, imm);
}

void x86_movd_xm(struct x86_buf *b, bool w64, unsigned xd, struct x86_mem m)
{
	/* as picks F3 0F 7E for movq xmm, m64 (66 REX.W 0F 6E would do the same) */
	if (w64)
		emit(b, 0xf3, false, 0, 0x0f7e, 2, xd, rm_mem(m));
	else
		emit(b, 0x66, false, 0, 0x0f6e, 2, xd, rm_mem(m));
}

/* ------------------------------------------------------ SSE scalar float */

/* mandatory prefix of the ss / sd forms */
#define PFX_SS 0xf3
#define PFX_SD 0xf2

void x86_fop_rr(struct x86_buf *b, enum x86_fop op, bool dbl, unsigned xd, unsigned xs)
{
	emit(b, dbl ? PFX_SD : PFX_SS, false, 0, 0x0f00u | op, 2, xd, rm_reg(xs));
}

void x86_fop_rm(struct x86_buf *b, enum x86_fop op, bool dbl, unsigned xd, struct x86_mem m)
{
	emit(b, dbl ? PFX_SD : PFX_SS, false, 0, 0x0f00u | op, 2, xd, rm_mem(m));
}

void x86_fcmp_rr(struct x86_buf *b, enum x86_fcmp pred, bool dbl, unsigned xd, unsigned xs)
{
	emit(b, dbl ? PFX_SD : PFX_SS, false, 0, 0x0fc2, 2, xd, rm_reg(xs));
	x86_byte(b, (uint8_t)pred);
}

void x86_fcmp_rm(struct x86_buf *b, enum x86_fcmp pred, bool dbl, unsigned xd, struct x86_mem m)
{
	emit(b, dbl ? PFX_SD : PFX_SS, false, 0, 0x0fc2, 2, xd, rm_mem(m));
	x86_byte(b, (uint8_t)pred);
}

void x86_ucomis_rr(struct x86_buf *b, bool dbl, unsigned xa, unsigned xb)
{
	emit(b, dbl ? 0x66 : 0, false, 0, 0x0f2e, 2, xa, rm_reg(xb));
}

void x86_cvtt2si(struct x86_buf *b, bool dbl, bool w64, unsigned r, unsigned xs)
{
	emit(b, dbl ? PFX_SD : PFX_SS, w64, 0, 0x0f2c, 2, r, rm_reg(xs));
}

void x86_cvtsi2f(struct x86_buf *b, bool dbl, bool w64, unsigned xd, unsigned r)
{
	emit(b, dbl ? PFX_SD : PFX_SS, w64, 0, 0x0f2a, 2, xd, rm_reg(r));
}
