/*
 * VELA-F reference semantics (docs/vela-isa.md section 10).
 *
 * Non-NaN arithmetic uses the host's C float/double operations, which are
 * IEEE-754 binary32/binary64 rounded to nearest even on every host we build
 * for (x86-64 SSE, FLT_EVAL_METHOD 0). Everything the host might do
 * differently is decided here instead: which NaN an operation returns, fmin
 * and fmax on zeros, conversions outside the integer range, and the square
 * root (computed exactly in integers, so no libm is needed).
 */
#include "vela/fpu.h"

#include <float.h>
#include <string.h>

#if FLT_EVAL_METHOD != 0
#error "vela/fpu.c needs float and double expressions evaluated in their own precision"
#endif

/* Every opcode of class FLOAT, FCMP or FCVT lies in
 * [VELA_FPU_OP_FIRST, VELA_FPU_OP_LAST] and every opcode there is of one of
 * these classes, so the interpreter can dispatch on the range. */
#define VELA_FPU_CLS(cls)                                                                          \
	(VELA_CLS_##cls == VELA_CLS_FLOAT || VELA_CLS_##cls == VELA_CLS_FCMP ||                    \
	 VELA_CLS_##cls == VELA_CLS_FCVT)
#define VELA_OP(name, mn, code, fmt, cls, msize, cap)                                              \
	_Static_assert(((code) >= VELA_FPU_OP_FIRST && (code) <= VELA_FPU_OP_LAST) ==              \
			   VELA_FPU_CLS(cls),                                                      \
		       "VELA-F opcodes must be exactly the FLOAT/FCMP/FCVT classes: " mn);
#include "vela/vela.def"
#undef VELA_OP
#undef VELA_FPU_CLS

/* binary32 fields */
#define F32_SIGN_BIT	0x80000000u
#define F32_EXP_MASK	0x7f800000u
#define F32_FRAC_MASK	0x007fffffu
#define F32_QUIET_BIT	0x00400000u /* set in a quiet NaN, clear in a signalling one */
#define F32_DEFAULT_NAN 0xffc00000u /* result of an invalid operation */
#define F32_FRAC_BITS	23
#define F32_EXP_BIAS	127

/* binary64 fields */
#define F64_SIGN_BIT	0x8000000000000000ull
#define F64_EXP_MASK	0x7ff0000000000000ull
#define F64_FRAC_MASK	0x000fffffffffffffull
#define F64_QUIET_BIT	0x0008000000000000ull
#define F64_DEFAULT_NAN 0xfff8000000000000ull
#define F64_FRAC_BITS	52
#define F64_EXP_BIAS	1023

/* fcvt.d.s / fcvt.s.d move a NaN's payload by the difference of the widths */
#define F64_F32_FRAC_SHIFT (F64_FRAC_BITS - F32_FRAC_BITS)

static float f32_from_bits(uint32_t u)
{
	float f;
	memcpy(&f, &u, sizeof(f));
	return f;
}

static uint32_t f32_to_bits(float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof(u));
	return u;
}

static double f64_from_bits(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof(d));
	return d;
}

static uint64_t f64_to_bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof(u));
	return u;
}

static bool f32_is_nan(uint32_t u)
{
	return (u & ~F32_SIGN_BIT) > F32_EXP_MASK;
}

static bool f64_is_nan(uint64_t u)
{
	return (u & ~F64_SIGN_BIT) > F64_EXP_MASK;
}

/* A 32-bit result (f32 or w/wu integer) as written to a register. */
static uint64_t sext32(uint32_t v)
{
	return (uint64_t)(int64_t)(int32_t)v;
}

/* NaN rules 1-3: the result of an operation whose result is a NaN. */
static uint32_t f32_nan_result(uint32_t x, uint32_t y)
{
	if (f32_is_nan(x))
		return x | F32_QUIET_BIT;
	if (f32_is_nan(y))
		return y | F32_QUIET_BIT;
	return F32_DEFAULT_NAN;
}

static uint64_t f64_nan_result(uint64_t x, uint64_t y)
{
	if (f64_is_nan(x))
		return x | F64_QUIET_BIT;
	if (f64_is_nan(y))
		return y | F64_QUIET_BIT;
	return F64_DEFAULT_NAN;
}

enum arith { AR_ADD, AR_SUB, AR_MUL, AR_DIV, AR_MIN, AR_MAX };

/*
 * fmin/fmax of two non-NaN values (WebAssembly: -0 < +0). Equal values other
 * than zeros have equal bits; two zeros differ only in the sign bit, so the
 * minimum ORs the signs and the maximum ANDs them.
 */
#define MINMAX_BITS(want_min, fx, fy, x, y)                                                        \
	((fx) < (fy)   ? ((want_min) ? (x) : (y))                                                  \
	 : (fy) < (fx) ? ((want_min) ? (y) : (x))                                                  \
	 : (want_min)  ? ((x) | (y))                                                               \
		       : ((x) & (y)))

static uint32_t f32_arith(enum arith k, uint32_t x, uint32_t y)
{
	if (f32_is_nan(x) || f32_is_nan(y))
		return f32_nan_result(x, y);
	float fx = f32_from_bits(x), fy = f32_from_bits(y), r;
	switch (k) {
	case AR_ADD:
		r = fx + fy;
		break;
	case AR_SUB:
		r = fx - fy;
		break;
	case AR_MUL:
		r = fx * fy;
		break;
	case AR_DIV:
		r = fx / fy;
		break;
	case AR_MIN:
		return MINMAX_BITS(true, fx, fy, x, y);
	default: /* AR_MAX */
		return MINMAX_BITS(false, fx, fy, x, y);
	}
	/* non-NaN operands: a NaN here is an invalid operation (rule 3) */
	uint32_t u = f32_to_bits(r);
	return f32_is_nan(u) ? F32_DEFAULT_NAN : u;
}

static uint64_t f64_arith(enum arith k, uint64_t x, uint64_t y)
{
	if (f64_is_nan(x) || f64_is_nan(y))
		return f64_nan_result(x, y);
	double fx = f64_from_bits(x), fy = f64_from_bits(y), r;
	switch (k) {
	case AR_ADD:
		r = fx + fy;
		break;
	case AR_SUB:
		r = fx - fy;
		break;
	case AR_MUL:
		r = fx * fy;
		break;
	case AR_DIV:
		r = fx / fy;
		break;
	case AR_MIN:
		return MINMAX_BITS(true, fx, fy, x, y);
	default: /* AR_MAX */
		return MINMAX_BITS(false, fx, fy, x, y);
	}
	uint64_t u = f64_to_bits(r);
	return f64_is_nan(u) ? F64_DEFAULT_NAN : u;
}

/* ---------------------------------------------------------------- sqrt */

/* floor(sqrt(n)) by the digit-by-digit method, two bits of n per step;
 * *inexact tells whether a remainder was left (n was not a perfect square). */
static uint64_t isqrt128(unsigned __int128 n, bool *inexact)
{
	unsigned __int128 rem = 0, root = 0;
	for (int i = 63; i >= 0; i--) {
		rem = (rem << 2) | ((n >> (2 * i)) & 3);
		root <<= 1;
		unsigned __int128 trial = (root << 1) | 1; /* 4 * previous root + 1 */
		if (rem >= trial) {
			rem -= trial;
			root |= 1;
		}
	}
	*inexact = rem != 0;
	return (uint64_t)root;
}

/*
 * Square root of m * 2^e (m > 0) rounded to nearest even to a significand of
 * `prec` bits: returns sig in [2^(prec-1), 2^prec) with the root = sig *
 * 2^*exp_out. The square root of a positive binary32 or binary64 value is
 * always a normal number of the same format, so the caller only packs the
 * fields.
 */
static uint64_t sqrt_round(uint64_t m, int e, unsigned prec, int *exp_out)
{
	/* top bit of m at 61, then at 62 if needed to make e even: m in [2^61, 2^63) */
	int sh = __builtin_clzll(m) - 2;
	m <<= sh;
	e -= sh;
	if (e & 1) {
		m <<= 1;
		e -= 1;
	}
	/* sqrt(m * 2^e) = sqrt(m * 2^64) * 2^((e - 64) / 2); the root has 63-64 bits */
	bool inexact;
	uint64_t r = isqrt128((unsigned __int128)m << 64, &inexact);
	int shift = (64 - __builtin_clzll(r)) - (int)prec;
	uint64_t half = 1ull << (shift - 1);
	bool round_bit = (r & half) != 0;
	bool sticky = inexact || (r & (half - 1)) != 0;
	uint64_t sig = r >> shift;
	int exp = (e - 64) / 2 + shift;
	if (round_bit && (sticky || (sig & 1)))
		sig++;
	if (sig >> prec) { /* rounded up to the next power of two */
		sig >>= 1;
		exp++;
	}
	*exp_out = exp;
	return sig;
}

static uint32_t f32_sqrt(uint32_t x)
{
	if (f32_is_nan(x))
		return x | F32_QUIET_BIT;
	if ((x & ~F32_SIGN_BIT) == 0) /* sqrt(-0) = -0 */
		return x;
	if (x & F32_SIGN_BIT) /* negative, including -inf: invalid */
		return F32_DEFAULT_NAN;
	if (x == F32_EXP_MASK) /* +inf */
		return x;
	uint32_t bexp = x >> F32_FRAC_BITS, m = x & F32_FRAC_MASK;
	int e = 1 - F32_EXP_BIAS - F32_FRAC_BITS; /* subnormal: no implicit bit */
	if (bexp) {
		m |= 1u << F32_FRAC_BITS;
		e = (int)bexp - F32_EXP_BIAS - F32_FRAC_BITS;
	}
	int exp;
	uint64_t sig = sqrt_round(m, e, F32_FRAC_BITS + 1, &exp);
	uint32_t rexp = (uint32_t)(exp + F32_FRAC_BITS + F32_EXP_BIAS);
	return rexp << F32_FRAC_BITS | ((uint32_t)sig & F32_FRAC_MASK);
}

static uint64_t f64_sqrt(uint64_t x)
{
	if (f64_is_nan(x))
		return x | F64_QUIET_BIT;
	if ((x & ~F64_SIGN_BIT) == 0)
		return x;
	if (x & F64_SIGN_BIT)
		return F64_DEFAULT_NAN;
	if (x == F64_EXP_MASK)
		return x;
	uint64_t bexp = x >> F64_FRAC_BITS, m = x & F64_FRAC_MASK;
	int e = 1 - F64_EXP_BIAS - F64_FRAC_BITS;
	if (bexp) {
		m |= 1ull << F64_FRAC_BITS;
		e = (int)bexp - F64_EXP_BIAS - F64_FRAC_BITS;
	}
	int exp;
	uint64_t sig = sqrt_round(m, e, F64_FRAC_BITS + 1, &exp);
	uint64_t rexp = (uint64_t)(exp + F64_FRAC_BITS + F64_EXP_BIAS);
	return rexp << F64_FRAC_BITS | (sig & F64_FRAC_MASK);
}

/* ---------------------------------------------------------------- compares */

enum fcmp { FC_EQ, FC_LT, FC_LE };

static uint64_t compare(enum fcmp k, double x, double y)
{
	switch (k) {
	case FC_EQ:
		return x == y; /* -0 == +0 */
	case FC_LT:
		return x < y;
	default:
		return x <= y;
	}
}

/* Any NaN operand compares false; f32 operands are compared promoted
 * (exactly) to double. */
static uint64_t f32_compare(enum fcmp k, uint32_t x, uint32_t y)
{
	if (f32_is_nan(x) || f32_is_nan(y))
		return 0;
	return compare(k, f32_from_bits(x), f32_from_bits(y));
}

static uint64_t f64_compare(enum fcmp k, uint64_t x, uint64_t y)
{
	if (f64_is_nan(x) || f64_is_nan(y))
		return 0;
	return compare(k, f64_from_bits(x), f64_from_bits(y));
}

/* ---------------------------------------------------------------- promote, demote */

static uint64_t f32_to_f64(uint32_t x)
{
	if (f32_is_nan(x)) /* sign kept, payload moved to the top of the fraction, quieted */
		return (uint64_t)(x & F32_SIGN_BIT) << 32 | F64_EXP_MASK | F64_QUIET_BIT |
		       (uint64_t)(x & F32_FRAC_MASK) << F64_F32_FRAC_SHIFT;
	return f64_to_bits((double)f32_from_bits(x)); /* exact */
}

static uint32_t f64_to_f32(uint64_t x)
{
	if (f64_is_nan(x)) /* sign and the top 23 payload bits kept, quieted */
		return ((uint32_t)(x >> 32) & F32_SIGN_BIT) | F32_EXP_MASK | F32_QUIET_BIT |
		       (uint32_t)((x & F64_FRAC_MASK) >> F64_F32_FRAC_SHIFT);
	return f32_to_bits((float)f64_from_bits(x)); /* rounds; overflows to inf */
}

/* ---------------------------------------------------------------- float -> integer */

enum int_kind { INT_W, INT_WU, INT_L, INT_LU };

/*
 * For each integer type: the open interval (lo, hi) of the values whose
 * truncation toward zero fits, and the saturation bounds. For l, lo is the
 * double just below -2^63, so that -2^63 itself is inside.
 */
static const struct {
	double lo, hi;
	uint64_t min, max; /* as written to the register (w/wu sign-extended) */
} int_range[] = {
    [INT_W] = {-2147483649.0, 2147483648.0, (uint64_t)(int64_t)INT32_MIN, INT32_MAX},
    [INT_WU] = {-1.0, 4294967296.0, 0, UINT64_MAX /* sext32(UINT32_MAX) */},
    [INT_L] = {-0x1.0000000000001p+63, 0x1p+63, (uint64_t)INT64_MIN, INT64_MAX},
    [INT_LU] = {-1.0, 0x1p+64, 0, UINT64_MAX},
};

/* Truncation of x (finite, inside int_range[k]) as written to the register. */
static uint64_t truncate_in_range(enum int_kind k, double x)
{
	switch (k) {
	case INT_W:
		return (uint64_t)(int64_t)(int32_t)x;
	case INT_WU: /* (-1, 0] truncates to 0 */
		return x <= 0 ? 0 : sext32((uint32_t)x);
	case INT_L:
		return (uint64_t)(int64_t)x;
	default:
		return x <= 0 ? 0 : (uint64_t)x;
	}
}

/* fcvt.{w,wu,l,lu}: x is the operand's value (an f32 promoted exactly),
 * nan whether it is a NaN, bits the trap address. */
static enum vela_trap_kind cvt_trapping(enum int_kind k, double x, bool nan, uint64_t bits,
					uint64_t *out)
{
	if (nan) {
		*out = bits;
		return VELA_TRAP_FLOAT_INVALID;
	}
	if (!(x > int_range[k].lo && x < int_range[k].hi)) { /* includes +-inf */
		*out = bits;
		return VELA_TRAP_FLOAT_RANGE;
	}
	*out = truncate_in_range(k, x);
	return VELA_TRAP_NONE;
}

/* fsat.*: NaN gives 0, values below the range the minimum, above it the maximum. */
static uint64_t cvt_saturating(enum int_kind k, double x, bool nan)
{
	if (nan)
		return 0;
	if (x <= int_range[k].lo)
		return int_range[k].min;
	if (x >= int_range[k].hi)
		return int_range[k].max;
	return truncate_in_range(k, x);
}

static enum vela_trap_kind cvt_s(enum int_kind k, bool sat, uint64_t a, uint64_t *out)
{
	uint32_t x = (uint32_t)a;
	double v = f32_is_nan(x) ? 0 : (double)f32_from_bits(x);
	if (sat) {
		*out = cvt_saturating(k, v, f32_is_nan(x));
		return VELA_TRAP_NONE;
	}
	return cvt_trapping(k, v, f32_is_nan(x), x, out);
}

static enum vela_trap_kind cvt_d(enum int_kind k, bool sat, uint64_t a, uint64_t *out)
{
	double v = f64_is_nan(a) ? 0 : f64_from_bits(a);
	if (sat) {
		*out = cvt_saturating(k, v, f64_is_nan(a));
		return VELA_TRAP_NONE;
	}
	return cvt_trapping(k, v, f64_is_nan(a), a, out);
}

/* ---------------------------------------------------------------- dispatch */

enum vela_trap_kind vela_fpu_exec(unsigned op, uint64_t a, uint64_t b, uint64_t *out)
{
	uint32_t as = (uint32_t)a, bs = (uint32_t)b; /* .s operands */

	switch ((enum vela_op)op) {
	case VELA_OP_FADDS:
		*out = sext32(f32_arith(AR_ADD, as, bs));
		break;
	case VELA_OP_FSUBS:
		*out = sext32(f32_arith(AR_SUB, as, bs));
		break;
	case VELA_OP_FMULS:
		*out = sext32(f32_arith(AR_MUL, as, bs));
		break;
	case VELA_OP_FDIVS:
		*out = sext32(f32_arith(AR_DIV, as, bs));
		break;
	case VELA_OP_FMINS:
		*out = sext32(f32_arith(AR_MIN, as, bs));
		break;
	case VELA_OP_FMAXS:
		*out = sext32(f32_arith(AR_MAX, as, bs));
		break;
	case VELA_OP_FSQRTS:
		*out = sext32(f32_sqrt(as));
		break;
	case VELA_OP_FCVTDS:
		*out = f32_to_f64(as);
		break;
	case VELA_OP_FADDD:
		*out = f64_arith(AR_ADD, a, b);
		break;
	case VELA_OP_FSUBD:
		*out = f64_arith(AR_SUB, a, b);
		break;
	case VELA_OP_FMULD:
		*out = f64_arith(AR_MUL, a, b);
		break;
	case VELA_OP_FDIVD:
		*out = f64_arith(AR_DIV, a, b);
		break;
	case VELA_OP_FMIND:
		*out = f64_arith(AR_MIN, a, b);
		break;
	case VELA_OP_FMAXD:
		*out = f64_arith(AR_MAX, a, b);
		break;
	case VELA_OP_FSQRTD:
		*out = f64_sqrt(a);
		break;
	case VELA_OP_FCVTSD:
		*out = sext32(f64_to_f32(a));
		break;

	case VELA_OP_FEQS:
		*out = f32_compare(FC_EQ, as, bs);
		break;
	case VELA_OP_FLTS:
		*out = f32_compare(FC_LT, as, bs);
		break;
	case VELA_OP_FLES:
		*out = f32_compare(FC_LE, as, bs);
		break;
	case VELA_OP_FEQD:
		*out = f64_compare(FC_EQ, a, b);
		break;
	case VELA_OP_FLTD:
		*out = f64_compare(FC_LT, a, b);
		break;
	case VELA_OP_FLED:
		*out = f64_compare(FC_LE, a, b);
		break;

	case VELA_OP_FCVTWS:
		return cvt_s(INT_W, false, a, out);
	case VELA_OP_FCVTWUS:
		return cvt_s(INT_WU, false, a, out);
	case VELA_OP_FCVTLS:
		return cvt_s(INT_L, false, a, out);
	case VELA_OP_FCVTLUS:
		return cvt_s(INT_LU, false, a, out);
	case VELA_OP_FCVTWD:
		return cvt_d(INT_W, false, a, out);
	case VELA_OP_FCVTWUD:
		return cvt_d(INT_WU, false, a, out);
	case VELA_OP_FCVTLD:
		return cvt_d(INT_L, false, a, out);
	case VELA_OP_FCVTLUD:
		return cvt_d(INT_LU, false, a, out);
	case VELA_OP_FSATWS:
		return cvt_s(INT_W, true, a, out);
	case VELA_OP_FSATWUS:
		return cvt_s(INT_WU, true, a, out);
	case VELA_OP_FSATLS:
		return cvt_s(INT_L, true, a, out);
	case VELA_OP_FSATLUS:
		return cvt_s(INT_LU, true, a, out);
	case VELA_OP_FSATWD:
		return cvt_d(INT_W, true, a, out);
	case VELA_OP_FSATWUD:
		return cvt_d(INT_WU, true, a, out);
	case VELA_OP_FSATLD:
		return cvt_d(INT_L, true, a, out);
	case VELA_OP_FSATLUD:
		return cvt_d(INT_LU, true, a, out);

	/* integer -> float: C conversions from the integer type itself are
	 * correctly rounded (no intermediate type, so no double rounding) */
	case VELA_OP_FCVTSW:
		*out = sext32(f32_to_bits((float)(int32_t)as));
		break;
	case VELA_OP_FCVTSWU:
		*out = sext32(f32_to_bits((float)as));
		break;
	case VELA_OP_FCVTSL:
		*out = sext32(f32_to_bits((float)(int64_t)a));
		break;
	case VELA_OP_FCVTSLU:
		*out = sext32(f32_to_bits((float)a));
		break;
	case VELA_OP_FCVTDW:
		*out = f64_to_bits((double)(int32_t)as);
		break;
	case VELA_OP_FCVTDWU:
		*out = f64_to_bits((double)as);
		break;
	case VELA_OP_FCVTDL:
		*out = f64_to_bits((double)(int64_t)a);
		break;
	case VELA_OP_FCVTDLU:
		*out = f64_to_bits((double)a);
		break;

	default:
		return VELA_TRAP_ILLEGAL;
	}
	return VELA_TRAP_NONE;
}
