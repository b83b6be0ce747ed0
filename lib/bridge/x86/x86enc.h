/* x86-64 machine-code encoder: exactly the instruction forms AetherBridge emits.
 *
 * Portable (hosted and freestanding). The caller owns the output buffer; when it
 * fills up, further bytes are dropped and `overflow` is set, so emitting code never
 * writes out of bounds and the caller checks once at the end.
 *
 * Encodings follow the Intel SDM vol. 2. Where several encodings exist, the encoder
 * picks the one GNU as picks for the same text (shortest displacement, imm8 forms,
 * accumulator short forms, the MR direction for reg/reg moves and ALU ops), so that
 * tests/bridge/x86enc_check.c can compare it byte for byte against `as --64`.
 */
#ifndef BRIDGE_X86_X86ENC_H
#define BRIDGE_X86_X86ENC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum x86_reg {
	X86_RAX,
	X86_RCX,
	X86_RDX,
	X86_RBX,
	X86_RSP,
	X86_RBP,
	X86_RSI,
	X86_RDI,
	X86_R8,
	X86_R9,
	X86_R10,
	X86_R11,
	X86_R12,
	X86_R13,
	X86_R14,
	X86_R15,
	X86_NOREG = 0xff,
};

/* Condition codes: the low nibble of Jcc/SETcc/CMOVcc. */
enum x86_cond {
	X86_CC_O,
	X86_CC_NO,
	X86_CC_B, /* unsigned <  */
	X86_CC_AE,
	X86_CC_E,
	X86_CC_NE,
	X86_CC_BE,
	X86_CC_A,
	X86_CC_S,
	X86_CC_NS,
	X86_CC_P,
	X86_CC_NP,
	X86_CC_L, /* signed < */
	X86_CC_GE,
	X86_CC_LE,
	X86_CC_G,
};

/* The eight classic ALU operations; the value is the ModRM /digit of 81/83. */
enum x86_alu {
	X86_ADD = 0,
	X86_OR = 1,
	X86_ADC = 2,
	X86_SBB = 3,
	X86_AND = 4,
	X86_SUB = 5,
	X86_XOR = 6,
	X86_CMP = 7,
};

/* Shifts and rotates; the value is the ModRM /digit of C1/D1/D3. */
enum x86_shift {
	X86_ROL = 0,
	X86_ROR = 1,
	X86_SHL = 4,
	X86_SHR = 5,
	X86_SAR = 7,
};

/* Group-3 unary ops (F7 /digit). */
enum x86_unary {
	X86_NOT = 2,
	X86_NEG = 3,
	X86_MUL = 4,
	X86_IMUL1 = 5,
	X86_DIV = 6,
	X86_IDIV = 7,
};

/* SSE2 packed ops of the form 66 0F xx /r (xmm, xmm/m128). */
enum x86_sse {
	X86_PADDD = 0xfe,
	X86_PADDQ = 0xd4,
	X86_PSUBD = 0xfa,
	X86_PSUBQ = 0xfb,
	X86_PAND = 0xdb,
	X86_PANDN = 0xdf,
	X86_POR = 0xeb,
	X86_PXOR = 0xef,
	X86_PCMPEQD = 0x76,
	X86_PMULUDQ = 0xf4,
};

/* SSE/SSE2 scalar floating-point ops of the form F3|F2 0F xx /r: the F3 prefix
 * selects the single-precision (ss) form, F2 the double-precision (sd) one. */
enum x86_fop {
	X86_FSQRT = 0x51,
	X86_FADD = 0x58,
	X86_FMUL = 0x59,
	X86_FCVT = 0x5a, /* cvtss2sd (ss: the source is single) / cvtsd2ss (sd) */
	X86_FSUB = 0x5c,
	X86_FMIN = 0x5d,
	X86_FDIV = 0x5e,
	X86_FMAX = 0x5f,
};

/* cmpss/cmpsd predicates (the imm8): all-ones in the low lane if true. The
 * ordered ones (EQ, LT, LE) are false when either operand is a NaN. */
enum x86_fcmp {
	X86_FCMP_EQ = 0,
	X86_FCMP_LT = 1,
	X86_FCMP_LE = 2,
	X86_FCMP_UNORD = 3,
	X86_FCMP_NEQ = 4,
	X86_FCMP_NLT = 5,
	X86_FCMP_NLE = 6,
	X86_FCMP_ORD = 7,
};

/* A memory operand [base + index*scale + disp]. base is required (any register);
 * index is X86_NOREG or any register except rsp; scale is 1, 2, 4 or 8. */
struct x86_mem {
	uint8_t base;
	uint8_t index;
	uint8_t scale;
	int32_t disp;
};

static inline struct x86_mem x86_m(unsigned base, int32_t disp)
{
	struct x86_mem m = {(uint8_t)base, X86_NOREG, 1, disp};
	return m;
}

static inline struct x86_mem x86_mi(unsigned base, unsigned index, unsigned scale, int32_t disp)
{
	struct x86_mem m = {(uint8_t)base, (uint8_t)index, (uint8_t)scale, disp};
	return m;
}

struct x86_buf {
	uint8_t *p;
	size_t cap;
	size_t len;
	bool overflow; /* a byte was dropped because the buffer was full */
	bool bad;      /* an unencodable operand was requested (e.g. index=rsp) */
};

void x86_buf_init(struct x86_buf *b, void *mem, size_t cap);
void x86_byte(struct x86_buf *b, uint8_t v);
void x86_u32(struct x86_buf *b, uint32_t v);
void x86_u64(struct x86_buf *b, uint64_t v);

/* ---- moves (w64: 64-bit operation if true, else 32-bit, which zero-extends) */
void x86_mov_rr(struct x86_buf *b, bool w64, unsigned dst, unsigned src);
/* dst = imm, shortest form: xor is NOT used (flags are preserved); u32 -> mov r32,
 * s32 -> REX.W C7, otherwise movabs. */
void x86_mov_ri(struct x86_buf *b, unsigned dst, int64_t imm);
void x86_movabs(struct x86_buf *b, unsigned dst, uint64_t imm);
/* load: size 1/2/4/8 bytes; sign-extend to 64 bits if sext, else zero-extend */
void x86_load(struct x86_buf *b, unsigned dst, struct x86_mem m, unsigned size, bool sext);
void x86_store(struct x86_buf *b, struct x86_mem m, unsigned src, unsigned size);
/* store a sign-extended imm32 (size 4 or 8) */
void x86_store_imm(struct x86_buf *b, struct x86_mem m, int32_t imm, unsigned size);
void x86_lea(struct x86_buf *b, unsigned dst, struct x86_mem m);
void x86_movzx8_rr(struct x86_buf *b, unsigned dst, unsigned src8);
void x86_movzx16_rr(struct x86_buf *b, unsigned dst, unsigned src16);
void x86_movsx_rr(struct x86_buf *b, unsigned dst, unsigned src, unsigned size);
void x86_cmov(struct x86_buf *b, bool w64, enum x86_cond cc, unsigned dst, unsigned src);
void x86_xchg_rr(struct x86_buf *b, unsigned a, unsigned c);

/* ---- arithmetic */
void x86_alu_rr(struct x86_buf *b, bool w64, enum x86_alu op, unsigned dst, unsigned src);
void x86_alu_ri(struct x86_buf *b, bool w64, enum x86_alu op, unsigned dst, int32_t imm);
void x86_alu_rm(struct x86_buf *b, bool w64, enum x86_alu op, unsigned dst, struct x86_mem m);
void x86_alu_mr(struct x86_buf *b, bool w64, enum x86_alu op, struct x86_mem m, unsigned src);
void x86_alu_mi(struct x86_buf *b, bool w64, enum x86_alu op, struct x86_mem m, int32_t imm);
void x86_test_rr(struct x86_buf *b, bool w64, unsigned a, unsigned c);
void x86_test_ri(struct x86_buf *b, bool w64, unsigned a, int32_t imm);
void x86_imul_rr(struct x86_buf *b, bool w64, unsigned dst, unsigned src);
void x86_imul_rri(struct x86_buf *b, bool w64, unsigned dst, unsigned src, int32_t imm);
void x86_unary(struct x86_buf *b, bool w64, enum x86_unary op, unsigned r);
void x86_cqo(struct x86_buf *b);
void x86_cdq(struct x86_buf *b);
void x86_shift_cl(struct x86_buf *b, bool w64, enum x86_shift op, unsigned r);
void x86_shift_ri(struct x86_buf *b, bool w64, enum x86_shift op, unsigned r, uint8_t imm);
void x86_bt_rr(struct x86_buf *b, bool w64, unsigned base, unsigned bit);
void x86_bt_ri(struct x86_buf *b, bool w64, unsigned r, uint8_t bit);
void x86_bt_mr(struct x86_buf *b, struct x86_mem m, unsigned bit); /* bit string at m */
void x86_bts_ri(struct x86_buf *b, bool w64, unsigned r, uint8_t bit);
void x86_bsr(struct x86_buf *b, unsigned dst, unsigned src);
void x86_bsf(struct x86_buf *b, unsigned dst, unsigned src);
void x86_setcc(struct x86_buf *b, enum x86_cond cc, unsigned r8);

/* ---- control flow. The rel32 forms return the buffer offset of their rel32
 * field so that a later x86_patch_rel32 can point it at a target offset. */
size_t x86_jcc32(struct x86_buf *b, enum x86_cond cc, int32_t rel);
size_t x86_jmp32(struct x86_buf *b, int32_t rel);
size_t x86_call32(struct x86_buf *b, int32_t rel);
void x86_jcc8(struct x86_buf *b, enum x86_cond cc, int8_t rel);
void x86_jmp8(struct x86_buf *b, int8_t rel);
void x86_patch_rel32(struct x86_buf *b, size_t field, size_t target);
void x86_patch_rel8(struct x86_buf *b, size_t field, size_t target);
void x86_jmp_r(struct x86_buf *b, unsigned r);
void x86_call_r(struct x86_buf *b, unsigned r);
void x86_jmp_m(struct x86_buf *b, struct x86_mem m);
void x86_call_m(struct x86_buf *b, struct x86_mem m);
void x86_ret(struct x86_buf *b);
void x86_push(struct x86_buf *b, unsigned r);
void x86_pop(struct x86_buf *b, unsigned r);
void x86_ud2(struct x86_buf *b);
void x86_int3(struct x86_buf *b);
void x86_nop(struct x86_buf *b, unsigned len); /* 1..9 bytes, the SDM's recommended forms */
void x86_syscall(struct x86_buf *b);

/* ---- SSE2 (xmm0-15) */
void x86_sse_rr(struct x86_buf *b, enum x86_sse op, unsigned xd, unsigned xs);
void x86_sse_rm(struct x86_buf *b, enum x86_sse op, unsigned xd, struct x86_mem m);
void x86_movdqu_load(struct x86_buf *b, unsigned xd, struct x86_mem m);
void x86_movdqu_store(struct x86_buf *b, struct x86_mem m, unsigned xs);
void x86_movdqa_rr(struct x86_buf *b, unsigned xd, unsigned xs);
void x86_movd_xr(struct x86_buf *b, bool w64, unsigned xd, unsigned r); /* movd/movq xmm, r */
void x86_movd_rx(struct x86_buf *b, bool w64, unsigned r, unsigned xs); /* movd/movq r, xmm */
void x86_pshufd(struct x86_buf *b, unsigned xd, unsigned xs, uint8_t imm);
/* movd xmm, m32 (w64 false) / movq xmm, m64 (w64 true): the rest of xd is zeroed */
void x86_movd_xm(struct x86_buf *b, bool w64, unsigned xd, struct x86_mem m);

/* ---- SSE/SSE2 scalar floating point; dbl selects the sd form, else ss */
void x86_fop_rr(struct x86_buf *b, enum x86_fop op, bool dbl, unsigned xd, unsigned xs);
void x86_fop_rm(struct x86_buf *b, enum x86_fop op, bool dbl, unsigned xd, struct x86_mem m);
void x86_fcmp_rr(struct x86_buf *b, enum x86_fcmp pred, bool dbl, unsigned xd, unsigned xs);
void x86_fcmp_rm(struct x86_buf *b, enum x86_fcmp pred, bool dbl, unsigned xd, struct x86_mem m);
/* ucomiss/ucomisd xa, xb: ZF,PF,CF = 111 unordered, 100 equal, 001 less, 000 greater */
void x86_ucomis_rr(struct x86_buf *b, bool dbl, unsigned xa, unsigned xb);
/* cvttss2si/cvttsd2si r, xs: truncate to a 32-bit (w64 false, zero-extended into
 * the 64-bit register) or 64-bit integer; NaN or out of range gives the "integer
 * indefinite" 0x80000000 / 0x8000000000000000 */
void x86_cvtt2si(struct x86_buf *b, bool dbl, bool w64, unsigned r, unsigned xs);
/* cvtsi2ss/cvtsi2sd xd, r: the signed 32-bit (w64 false) or 64-bit integer in r,
 * rounded by MXCSR.RC; the rest of xd is kept */
void x86_cvtsi2f(struct x86_buf *b, bool dbl, bool w64, unsigned xd, unsigned r);

#endif
