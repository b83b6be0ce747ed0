/*
 * VELA-F reference semantics (lib/vela/fpu.c, docs/vela-isa.md section 10):
 * hand-checked vectors for every opcode (NaN choice, default NaN, zeros in
 * fmin/fmax, compares, every conversion bound, int->float ties, subnormals,
 * promote/demote payloads), then a cross-check against an independent oracle:
 * the host's SSE instructions through <emmintrin.h>, over a few hundred
 * thousand random and special operands, bit for bit.
 *
 * The expected values were worked out by hand from IEEE-754 and checked with
 * Python's struct/fractions; the comments give the real numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <emmintrin.h>

#include "vela/fpu.h"

/* an f32 result (or a w/wu integer) as the register holds it */
#define S32(u) ((uint64_t)(int64_t)(int32_t)(uint32_t)(u))

/* binary32 bit patterns */
#define P0S	0x00000000u
#define N0S	0x80000000u
#define ONES	0x3f800000u /* 1.0 */
#define TWOS	0x40000000u /* 2.0 */
#define THREES	0x40400000u /* 3.0 */
#define MONES	0xbf800000u /* -1.0 */
#define INFS	0x7f800000u
#define NINFS	0xff800000u
#define MAXS	0x7f7fffffu /* FLT_MAX */
#define MINNS	0x00800000u /* smallest normal, 2^-126 */
#define SUBS	0x00000001u /* smallest subnormal, 2^-149 */
#define QNANS	0x7fc00000u
#define QNANS_P 0x7fc12345u /* quiet NaN with a payload */
#define SNANS	0x7f800001u /* signalling NaN; quieted: 0x7fc00001 */
#define SNANS_N 0xffa00001u /* negative signalling NaN; quieted: 0xffe00001 */
#define DNANS	0xffc00000u /* default NaN */

/* binary64 bit patterns */
#define P0D	0x0000000000000000ull
#define N0D	0x8000000000000000ull
#define ONED	0x3ff0000000000000ull
#define TWOD	0x4000000000000000ull
#define THREED	0x4008000000000000ull
#define MONED	0xbff0000000000000ull
#define INFD	0x7ff0000000000000ull
#define NINFD	0xfff0000000000000ull
#define MAXD	0x7fefffffffffffffull
#define MINND	0x0010000000000000ull
#define SUBD	0x0000000000000001ull
#define QNAND	0x7ff8000000000000ull
#define QNAND_P 0x7ff80000abcdef01ull
#define SNAND	0x7ff0000000000001ull /* quieted: 0x7ff8000000000001 */
#define SNAND_N 0xfff4000020000000ull /* quieted: 0xfffc000020000000 */
#define DNAND	0xfff8000000000000ull

/* high garbage in the unused half of an .s operand's register */
#define HI 0xdeadbeef00000000ull

static uint64_t fx(unsigned op, uint64_t a, uint64_t b)
{
	uint64_t out = 0x5555;
	enum vela_trap_kind k = vela_fpu_exec(op, a, b, &out);
	if (k != VELA_TRAP_NONE)
		fail_msg("%s(%#llx, %#llx) trapped %d", vela_opinfo(op)->mnemonic,
			 (unsigned long long)a, (unsigned long long)b, k);
	return out;
}

/* op(a) must trap `kind` and report the operand bits `addr` */
static void fx_trap(unsigned op, uint64_t a, enum vela_trap_kind kind, uint64_t addr)
{
	uint64_t out = 0x5555;
	enum vela_trap_kind k = vela_fpu_exec(op, a, 0, &out);
	if (k != kind || out != addr)
		fail_msg("%s(%#llx): trap %d addr %#llx, want trap %d addr %#llx",
			 vela_opinfo(op)->mnemonic, (unsigned long long)a, k,
			 (unsigned long long)out, kind, (unsigned long long)addr);
}

#define EQ(op, a, b, want) assert_int_equal(fx(VELA_OP_##op, a, b), want)

/* ---------------------------------------------------------------- NaN rules */

static void test_nan_choice(void **state)
{
	(void)state;
	static const unsigned ops32[] = {VELA_OP_FADDS, VELA_OP_FSUBS, VELA_OP_FMULS,
					 VELA_OP_FDIVS, VELA_OP_FMINS, VELA_OP_FMAXS};
	static const unsigned ops64[] = {VELA_OP_FADDD, VELA_OP_FSUBD, VELA_OP_FMULD,
					 VELA_OP_FDIVD, VELA_OP_FMIND, VELA_OP_FMAXD};
	for (size_t i = 0; i < 6; i++) {
		unsigned s = ops32[i], d = ops64[i];
		/* rule 1: rs1 NaN, quieted, whatever rs2 is (even a signalling NaN) */
		assert_int_equal(fx(s, SNANS, ONES), S32(0x7fc00001u));
		assert_int_equal(fx(s, QNANS_P, SNANS), S32(QNANS_P));
		assert_int_equal(fx(s, SNANS_N, QNANS), S32(0xffe00001u));
		assert_int_equal(fx(s, HI | SNANS, HI | QNANS_P), S32(0x7fc00001u));
		/* rule 2: rs2 NaN when rs1 is not */
		assert_int_equal(fx(s, ONES, SNANS), S32(0x7fc00001u));
		assert_int_equal(fx(s, INFS, QNANS_P), S32(QNANS_P));
		assert_int_equal(fx(s, P0S, SNANS_N), S32(0xffe00001u));
		assert_int_equal(fx(d, SNAND, ONED), 0x7ff8000000000001ull);
		assert_int_equal(fx(d, QNAND_P, SNAND), QNAND_P);
		assert_int_equal(fx(d, SNAND_N, QNAND), 0xfffc000020000000ull);
		assert_int_equal(fx(d, ONED, SNAND), 0x7ff8000000000001ull);
		assert_int_equal(fx(d, INFD, QNAND_P), QNAND_P);
		assert_int_equal(fx(d, N0D, SNAND_N), 0xfffc000020000000ull);
	}
	/* rule 3: invalid operations give the default NaN, sign-extended for .s */
	EQ(FADDS, INFS, NINFS, 0xffffffffffc00000ull);
	EQ(FSUBS, INFS, INFS, S32(DNANS));
	EQ(FMULS, P0S, INFS, S32(DNANS));
	EQ(FMULS, NINFS, N0S, S32(DNANS));
	EQ(FDIVS, P0S, N0S, S32(DNANS));
	EQ(FDIVS, NINFS, INFS, S32(DNANS));
	EQ(FADDD, NINFD, INFD, DNAND);
	EQ(FSUBD, NINFD, NINFD, DNAND);
	EQ(FMULD, INFD, N0D, DNAND);
	EQ(FDIVD, N0D, P0D, DNAND);
	EQ(FDIVD, INFD, NINFD, DNAND);
	/* sqrt: NaN quieted, negative numbers invalid, sqrt(-0) = -0 */
	EQ(FSQRTS, SNANS, 0, S32(0x7fc00001u));
	EQ(FSQRTS, HI | SNANS_N, 0, S32(0xffe00001u));
	EQ(FSQRTS, MONES, 0, S32(DNANS));
	EQ(FSQRTS, NINFS, 0, S32(DNANS));
	EQ(FSQRTS, 0x80000001u, 0, S32(DNANS)); /* negative subnormal */
	EQ(FSQRTS, N0S, 0, S32(N0S));
	EQ(FSQRTS, INFS, 0, INFS);
	EQ(FSQRTD, SNAND, 0, 0x7ff8000000000001ull);
	EQ(FSQRTD, QNAND_P, 0, QNAND_P);
	EQ(FSQRTD, MONED, 0, DNAND);
	EQ(FSQRTD, NINFD, 0, DNAND);
	EQ(FSQRTD, N0D, 0, N0D);
	EQ(FSQRTD, INFD, 0, INFD);
}

/* ---------------------------------------------------------------- arithmetic */

static void test_arith(void **state)
{
	(void)state;
	EQ(FADDS, ONES, TWOS, THREES);
	EQ(FADDS, HI | ONES, 0xffffffff00000000ull | TWOS, THREES); /* high halves ignored */
	EQ(FSUBS, ONES, TWOS, S32(MONES));			    /* -1.0f sign-extended */
	EQ(FMULS, MAXS, TWOS, INFS);				    /* overflow */
	EQ(FDIVS, ONES, P0S, INFS);
	EQ(FDIVS, ONES, N0S, S32(NINFS));
	EQ(FDIVS, ONES, THREES, 0x3eaaaaabu);			/* 1/3 rounded up */
	EQ(FADDS, ONES, 0x33800000u, ONES);			/* 1 + 2^-24: tie to even */
	EQ(FADDS, 0x3f800001u, 0x33800000u, 0x3f800002u);	/* tie, odd: up */
	EQ(FSUBS, ONES, ONES, P0S);				/* exact zero is +0 */
	EQ(FADDD, 0x3fb999999999999aull, 0x3fc999999999999aull, /* 0.1 + 0.2 */
	   0x3fd3333333333334ull);
	EQ(FSUBD, ONED, TWOD, MONED);
	EQ(FMULD, MAXD, TWOD, INFD);
	EQ(FDIVD, MONED, P0D, NINFD);
	EQ(FDIVD, ONED, THREED, 0x3fd5555555555555ull);
	EQ(FSQRTS, TWOS, 0, 0x3fb504f3u);
	EQ(FSQRTS, 0x40800000u, 0, TWOS); /* sqrt(4) exact */
	EQ(FSQRTS, MAXS, 0, 0x5f7fffffu);
	EQ(FSQRTD, TWOD, 0, 0x3ff6a09e667f3bcdull);
	EQ(FSQRTD, 0x4010000000000000ull, 0, TWOD);
	EQ(FSQRTD, MAXD, 0, 0x5fefffffffffffffull);
}

static void test_subnormals(void **state)
{
	(void)state;
	EQ(FADDS, SUBS, SUBS, 0x00000002u);		  /* not flushed */
	EQ(FMULS, MINNS, 0x3f000000u, 0x00400000u);	  /* 2^-126 * 0.5 */
	EQ(FSUBS, MINNS, SUBS, 0x007fffffu);		  /* largest subnormal */
	EQ(FMULS, SUBS, 0x3f000000u, P0S);		  /* 2^-150: tie to even, 0 */
	EQ(FMULS, 0x00000003u, 0x3f000000u, 0x00000002u); /* 1.5 ulp: tie, even 2 */
	EQ(FDIVS, SUBS, TWOS, P0S);
	EQ(FSQRTS, SUBS, 0, 0x1a3504f3u);	 /* sqrt(2^-149) = 2^-75 * sqrt 2 */
	EQ(FSQRTS, 0x00000002u, 0, 0x1a800000u); /* sqrt(2^-148) = 2^-74 exactly */
	EQ(FADDD, SUBD, SUBD, 0x2ull);
	EQ(FMULD, MINND, 0x3fe0000000000000ull, 0x0008000000000000ull);
	EQ(FSQRTD, SUBD, 0, 0x1e60000000000000ull); /* sqrt(2^-1074) = 2^-537 */
	EQ(FLTS, P0S, SUBS, 1);			    /* subnormals are not zero */
	EQ(FEQD, SUBD, P0D, 0);
	EQ(FCVTDS, SUBS, 0, 0x36a0000000000000ull); /* 2^-149 exactly */
	EQ(FCVTSD, 0x36a0000000000000ull, 0, SUBS);
	EQ(FCVTSD, 0x3690000000000000ull, 0, P0S);  /* 2^-150: tie to even */
	EQ(FCVTSD, 0x369000001ad7f29bull, 0, SUBS); /* just above: up */
	EQ(FCVTSD, SUBD, 0, P0S);
	EQ(FCVTSD, N0D | SUBD, 0, S32(N0S)); /* keeps the sign */
}

/* ---------------------------------------------------------------- fmin, fmax */

static void test_min_max(void **state)
{
	(void)state;
	/* -0 < +0, in either order */
	EQ(FMINS, N0S, P0S, S32(N0S));
	EQ(FMINS, P0S, N0S, S32(N0S));
	EQ(FMAXS, N0S, P0S, P0S);
	EQ(FMAXS, P0S, N0S, P0S);
	EQ(FMINS, N0S, N0S, S32(N0S));
	EQ(FMAXS, N0S, N0S, S32(N0S));
	EQ(FMIND, N0D, P0D, N0D);
	EQ(FMIND, P0D, N0D, N0D);
	EQ(FMAXD, N0D, P0D, P0D);
	EQ(FMAXD, P0D, N0D, P0D);
	/* ordinary values */
	EQ(FMINS, ONES, TWOS, ONES);
	EQ(FMINS, TWOS, ONES, ONES);
	EQ(FMAXS, MONES, ONES, ONES);
	EQ(FMINS, NINFS, MAXS, S32(NINFS));
	EQ(FMAXS, SUBS, P0S, SUBS);
	EQ(FMINS, HI | MONES, 0, S32(MONES));
	EQ(FMIND, MONED, ONED, MONED);
	EQ(FMAXD, INFD, MAXD, INFD);
	EQ(FMIND, 0x8000000000000001ull, N0D, 0x8000000000000001ull);
	/* a NaN wins over anything (rules 1-2), unlike SSE's minss */
	EQ(FMINS, QNANS, ONES, S32(QNANS));
	EQ(FMAXS, ONES, SNANS, S32(0x7fc00001u));
	EQ(FMIND, NINFD, QNAND_P, QNAND_P);
	EQ(FMAXD, SNAND, INFD, 0x7ff8000000000001ull);
}

/* ---------------------------------------------------------------- compares */

static void test_compare(void **state)
{
	(void)state;
	static const unsigned cmps[] = {VELA_OP_FEQS, VELA_OP_FLTS, VELA_OP_FLES,
					VELA_OP_FEQD, VELA_OP_FLTD, VELA_OP_FLED};
	/* any NaN operand gives 0, even the same NaN twice */
	for (size_t i = 0; i < 6; i++) {
		bool d = i >= 3;
		uint64_t nans[] = {d ? QNAND : QNANS, d ? SNAND : SNANS, d ? SNAND_N : SNANS_N};
		uint64_t one = d ? ONED : ONES;
		for (size_t j = 0; j < 3; j++) {
			assert_int_equal(fx(cmps[i], nans[j], one), 0);
			assert_int_equal(fx(cmps[i], one, nans[j]), 0);
			assert_int_equal(fx(cmps[i], nans[j], nans[j]), 0);
		}
	}
	/* -0 = +0 */
	EQ(FEQS, N0S, P0S, 1);
	EQ(FLTS, N0S, P0S, 0);
	EQ(FLES, P0S, N0S, 1);
	EQ(FEQD, P0D, N0D, 1);
	EQ(FLTD, N0D, P0D, 0);
	EQ(FLED, N0D, P0D, 1);
	/* ordinary */
	EQ(FEQS, ONES, ONES, 1);
	EQ(FEQS, ONES, 0x3f800001u, 0);
	EQ(FLTS, ONES, 0x3f800001u, 1);
	EQ(FLTS, 0x3f800001u, ONES, 0);
	EQ(FLES, ONES, ONES, 1);
	EQ(FLES, TWOS, ONES, 0);
	EQ(FLTS, NINFS, MONES, 1);
	EQ(FLTS, HI | MONES, ONES, 1); /* high halves ignored */
	EQ(FEQS, HI | ONES, ONES, 1);
	EQ(FLTD, MONED, ONED, 1);
	EQ(FLTD, ONED, MONED, 0);
	EQ(FLED, INFD, INFD, 1);
	EQ(FLTD, INFD, INFD, 0);
	EQ(FEQD, ONED, 0x3ff0000000000001ull, 0);
	EQ(FLED, MAXD, INFD, 1);
}

/* ---------------------------------------------------------------- float -> integer */

enum { OK, INV, RNG };

struct cvt_case {
	uint64_t in;
	int what;     /* OK, INV (FLOAT_INVALID) or RNG (FLOAT_RANGE) */
	uint64_t out; /* the result when OK; the saturated value otherwise */
};

/* Run one table through fcvt.* (trapping) and fsat.* (saturating). */
static void cvt_table(unsigned cvt, unsigned sat, bool s, const struct cvt_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t addr = s ? (uint32_t)c[i].in : c[i].in;
		if (c[i].what == OK)
			assert_int_equal(fx(cvt, c[i].in, 0), c[i].out);
		else
			fx_trap(cvt, c[i].in,
				c[i].what == INV ? VELA_TRAP_FLOAT_INVALID : VELA_TRAP_FLOAT_RANGE,
				addr);
		uint64_t got = fx(sat, c[i].in, 0);
		if (got != c[i].out)
			fail_msg("%s(%#llx) = %#llx, want %#llx", vela_opinfo(sat)->mnemonic,
				 (unsigned long long)c[i].in, (unsigned long long)got,
				 (unsigned long long)c[i].out);
	}
}

#define TABLE(cvt, sat, s, t) cvt_table(VELA_OP_##cvt, VELA_OP_##sat, s, t, sizeof t / sizeof t[0])

static const uint64_t I32MIN = 0xffffffff80000000ull, I32MAX = 0x7fffffffull;
static const uint64_t I64MIN = 0x8000000000000000ull, I64MAX = 0x7fffffffffffffffull;
static const uint64_t ALL1 = 0xffffffffffffffffull;

static void test_cvt_from_s(void **state)
{
	(void)state;
	const struct cvt_case w[] = {
	    {0x4f000000u, RNG, I32MAX},	    /* 2^31 */
	    {0x4effffffu, OK, 0x7fffff80u}, /* 2147483520, the largest below */
	    {0xcf000000u, OK, I32MIN},	    /* -2^31 fits */
	    {0xcf000001u, RNG, I32MIN},	    /* -2147483904 */
	    {0x3ffeb852u, OK, 1},	    /* 1.99 truncates */
	    {0xbfc00000u, OK, ALL1},	    /* -1.5 -> -1 */
	    {0xbf7d70a4u, OK, 0},	    /* -0.99 -> 0 */
	    {N0S, OK, 0},
	    {SUBS, OK, 0},
	    {INFS, RNG, I32MAX},
	    {NINFS, RNG, I32MIN},
	    {QNANS, INV, 0},
	    {HI | SNANS_N, INV, 0},	 /* address: low 32 bits only */
	    {HI | 0x42f60000u, OK, 123}, /* 123.0, high half ignored */
	};
	TABLE(FCVTWS, FSATWS, true, w);
	const struct cvt_case wu[] = {
	    {0x4f800000u, RNG, ALL1},		 /* 2^32 (saturates to 0xffffffff, sign-extended) */
	    {0x4f7fffffu, OK, S32(0xffffff00u)}, /* 4294967040 */
	    {0x4f000000u, OK, S32(0x80000000u)}, /* 2^31 written sign-extended */
	    {0xbf7d70a4u, OK, 0},		 /* -0.99 */
	    {0xbf800000u, RNG, 0},		 /* -1.0 */
	    {N0S, OK, 0},
	    {NINFS, RNG, 0},
	    {INFS, RNG, ALL1},
	    {SNANS, INV, 0},
	};
	TABLE(FCVTWUS, FSATWUS, true, wu);
	const struct cvt_case l[] = {
	    {0x5f000000u, RNG, I64MAX},		       /* 2^63 */
	    {0x5effffffu, OK, 9223371487098961920ull}, /* 2^63 - 2^39 */
	    {0xdf000000u, OK, I64MIN},		       /* -2^63 fits */
	    {0xdf000001u, RNG, I64MIN},		       /* -(2^63 + 2^40) */
	    {0xcf000000u, OK, I32MIN},		       /* -2^31 */
	    {0xbfc00000u, OK, ALL1},
	    {INFS, RNG, I64MAX},
	    {NINFS, RNG, I64MIN},
	    {QNANS_P, INV, 0},
	};
	TABLE(FCVTLS, FSATLS, true, l);
	const struct cvt_case lu[] = {
	    {0x5f800000u, RNG, ALL1},			/* 2^64 */
	    {0x5f7fffffu, OK, 18446742974197923840ull}, /* 2^64 - 2^40 */
	    {0x5f000000u, OK, I64MIN},			/* 2^63 */
	    {0xbf7d70a4u, OK, 0},			/* -0.99 */
	    {0xbf800000u, RNG, 0},			/* -1.0 */
	    {N0S, OK, 0},
	    {INFS, RNG, ALL1},
	    {NINFS, RNG, 0},
	    {SNANS_N, INV, 0},
	};
	TABLE(FCVTLUS, FSATLUS, true, lu);
}

static void test_cvt_from_d(void **state)
{
	(void)state;
	const struct cvt_case w[] = {
	    {0x41e0000000000000ull, RNG, I32MAX}, /* 2^31 */
	    {0x41dfffffffffffffull, OK, I32MAX},  /* 2147483647.9999998 */
	    {0x41dfffffffc00000ull, OK, I32MAX},  /* 2147483647.0 */
	    {0xc1e0000000000000ull, OK, I32MIN},  /* -2^31 */
	    {0xc1e00000001fffffull, OK, I32MIN},  /* -2147483648.9999995 */
	    {0xc1e0000000200000ull, RNG, I32MIN}, /* -2147483649.0 */
	    {0xbfefae147ae147aeull, OK, 0},	  /* -0.99 */
	    {0xbff8000000000000ull, OK, ALL1},	  /* -1.5 */
	    {N0D, OK, 0},
	    {SUBD, OK, 0},
	    {INFD, RNG, I32MAX},
	    {NINFD, RNG, I32MIN},
	    {QNAND, INV, 0},
	    {SNAND_N, INV, 0},
	};
	TABLE(FCVTWD, FSATWD, false, w);
	const struct cvt_case wu[] = {
	    {0x41f0000000000000ull, RNG, ALL1},			/* 2^32 */
	    {0x41efffffffffffffull, OK, ALL1},			/* 4294967295.9999995 */
	    {0x41edcd6500000000ull, OK, 0xffffffffee6b2800ull}, /* 4e9, the spec's example */
	    {0xbfefffffffffffffull, OK, 0},			/* -0.9999999999999999 */
	    {0xbfefae147ae147aeull, OK, 0},			/* -0.99 */
	    {MONED, RNG, 0},					/* -1.0 */
	    {INFD, RNG, ALL1},
	    {NINFD, RNG, 0},
	    {SNAND, INV, 0},
	};
	TABLE(FCVTWUD, FSATWUD, false, wu);
	const struct cvt_case l[] = {
	    {0x43e0000000000000ull, RNG, I64MAX},		/* 2^63 */
	    {0x43dfffffffffffffull, OK, 0x7ffffffffffffc00ull}, /* 2^63 - 1024 */
	    {0xc3e0000000000000ull, OK, I64MIN},		/* -2^63 */
	    {0xc3e0000000000001ull, RNG, I64MIN},		/* -(2^63 + 2048) */
	    {0x41f0000000000000ull, OK, 0x100000000ull},	/* 2^32 */
	    {INFD, RNG, I64MAX},
	    {NINFD, RNG, I64MIN},
	    {QNAND_P, INV, 0},
	};
	TABLE(FCVTLD, FSATLD, false, l);
	const struct cvt_case lu[] = {
	    {0x43f0000000000000ull, RNG, ALL1},			/* 2^64 */
	    {0x43efffffffffffffull, OK, 0xfffffffffffff800ull}, /* 2^64 - 2048 */
	    {0x43e0000000000000ull, OK, I64MIN},		/* 2^63 */
	    {0xbfefffffffffffffull, OK, 0},
	    {MONED, RNG, 0},
	    {N0D, OK, 0},
	    {INFD, RNG, ALL1},
	    {NINFD, RNG, 0},
	    {DNAND, INV, 0},
	};
	TABLE(FCVTLUD, FSATLUD, false, lu);
}

/* ---------------------------------------------------------------- integer -> float */

static void test_cvt_to_float(void **state)
{
	(void)state;
	/* w: low 32 bits, signed */
	EQ(FCVTSW, 16777217, 0, 0x4b800000u); /* 2^24 + 1: tie to even, 2^24 */
	EQ(FCVTSW, 16777219, 0, 0x4b800002u); /* 2^24 + 3: tie to even, 2^24 + 4 */
	EQ(FCVTSW, 0x80000000u, 0, S32(0xcf000000u));
	EQ(FCVTSW, HI | 0xffffffffu, 0, S32(MONES));
	EQ(FCVTSW, 0x7fffffffu, 0, 0x4f000000u); /* rounds up to 2^31 */
	EQ(FCVTDW, 0x80000000u, 0, 0xc1e0000000000000ull);
	EQ(FCVTDW, HI | 3, 0, THREED);
	/* wu: low 32 bits, unsigned */
	EQ(FCVTSWU, 0xffffffffu, 0, 0x4f800000u);
	EQ(FCVTSWU, HI | 1, 0, ONES);
	EQ(FCVTDWU, 0xffffffffu, 0, 0x41efffffffe00000ull);
	EQ(FCVTDWU, HI | 0x80000000u, 0, 0x41e0000000000000ull);
	/* l: 64 bits, signed */
	EQ(FCVTSL, (1ull << 53) + 1, 0, 0x5a000000u);
	EQ(FCVTSL, I64MIN, 0, S32(0xdf000000u));
	EQ(FCVTSL, I64MAX, 0, 0x5f000000u);
	EQ(FCVTSL, ALL1, 0, S32(MONES));
	/* 2^62 + 2^38 + 1 is just above the halfway point: up. Through double
	 * first it would become the tie 2^62 + 2^38 and then round to even. */
	EQ(FCVTSL, (1ull << 62) + (1ull << 38) + 1, 0, 0x5e800001u);
	EQ(FCVTSL, (1ull << 62) + (1ull << 38), 0, 0x5e800000u);
	EQ(FCVTDL, (1ull << 53) + 1, 0, 0x4340000000000000ull); /* tie, even */
	EQ(FCVTDL, (1ull << 53) + 3, 0, 0x4340000000000002ull); /* tie, even (up) */
	EQ(FCVTDL, I64MIN, 0, 0xc3e0000000000000ull);
	EQ(FCVTDL, I64MAX, 0, 0x43e0000000000000ull);
	/* lu: 64 bits, unsigned */
	EQ(FCVTSLU, ALL1, 0, 0x5f800000u);			      /* 2^64 */
	EQ(FCVTSLU, (1ull << 63) + (1ull << 39) + 1, 0, 0x5f000001u); /* no double rounding */
	EQ(FCVTSLU, (1ull << 63) + (1ull << 39), 0, 0x5f000000u);
	EQ(FCVTDLU, ALL1, 0, 0x43f0000000000000ull);
	EQ(FCVTDLU, (1ull << 63) + 1024, 0, 0x43e0000000000000ull); /* tie, even */
	EQ(FCVTDLU, (1ull << 63) + 1025, 0, 0x43e0000000000001ull);
	EQ(FCVTDLU, (1ull << 63) + 3072, 0, 0x43e0000000000002ull); /* tie, even (up) */
	EQ(FCVTDLU, 0, 0, P0D);
	EQ(FCVTSLU, 0, 0, P0S);
}

/* ---------------------------------------------------------------- promote, demote */

static void test_promote_demote(void **state)
{
	(void)state;
	EQ(FCVTDS, ONES, 0, ONED);
	EQ(FCVTDS, HI | MONES, 0, MONED);
	EQ(FCVTDS, N0S, 0, N0D);
	EQ(FCVTDS, NINFS, 0, NINFD);
	EQ(FCVTDS, MAXS, 0, 0x47efffffe0000000ull);
	/* NaN: sign kept, 23 payload bits at the top of the 52, quieted */
	EQ(FCVTDS, SNANS, 0, 0x7ff8000020000000ull);
	EQ(FCVTDS, SNANS_N, 0, 0xfffc000020000000ull);
	EQ(FCVTDS, QNANS_P, 0, 0x7ff82468a0000000ull);
	EQ(FCVTDS, DNANS, 0, DNAND);
	EQ(FCVTSD, ONED, 0, ONES);
	EQ(FCVTSD, N0D, 0, S32(N0S));
	EQ(FCVTSD, NINFD, 0, S32(NINFS));
	/* NaN: sign and the top 23 payload bits kept, quieted */
	EQ(FCVTSD, SNAND, 0, QNANS); /* low payload bit lost */
	EQ(FCVTSD, SNAND_N, 0, S32(0xffe00001u));
	EQ(FCVTSD, 0x7ff82468a0000000ull, 0, QNANS_P);
	EQ(FCVTSD, DNAND, 0, S32(DNANS));
	/* rounding, and overflow to infinity */
	EQ(FCVTSD, 0x3ff0000010000000ull, 0, ONES);	   /* 1 + 2^-24: tie, even */
	EQ(FCVTSD, 0x3ff0000030000000ull, 0, 0x3f800002u); /* 1 + 3*2^-24: tie, up */
	EQ(FCVTSD, 0x3fb999999999999aull, 0, 0x3dcccccdu); /* 0.1 */
	EQ(FCVTSD, MAXD, 0, INFS);
	EQ(FCVTSD, 0xc8078287f49c4a1dull, 0, S32(NINFS)); /* -1e39 */
	EQ(FCVTSD, 0x47effffff0000000ull, 0, INFS);	  /* halfway FLT_MAX..2^128: even is inf */
	EQ(FCVTSD, 0x47efffffefffffffull, 0, MAXS);	  /* just below: FLT_MAX */
	EQ(FCVTSD, 0x47efffffe0000000ull, 0, MAXS);
}

/* ---------------------------------------------------------------- the oracle */

/*
 * The host's SSE instructions compute the same operations independently:
 * addss/addsd, ..., sqrtss/sqrtsd, cvtss2sd/cvtsd2ss and the conversions pick
 * NaNs exactly as section 10 says (that was the point of the rules), so every
 * result must be equal bit for bit. fmin/fmax are compared where SSE's
 * minss/maxss agree with WebAssembly (no NaN, not two zeros); fcvt and fsat
 * are derived from cvttss2si/cvttsd2si, whose "integer indefinite" answer
 * marks NaN and out-of-range inputs.
 */

#define MXCSR_RC_MASK 0x6000u /* rounding control: 00 = nearest even */
#define MXCSR_FTZ     0x8000u
#define MXCSR_DAZ     0x0040u

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void) /* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static const uint32_t special32[] = {
    P0S,	 N0S,	      ONES,	   MONES,	INFS,	     NINFS,	  MAXS,
    0xff7fffffu, MINNS,	      0x80800000u, SUBS,	0x80000001u, 0x007fffffu, QNANS,
    QNANS_P,	 SNANS,	      SNANS_N,	   DNANS,	0x4f000000u, 0x4effffffu, 0xcf000000u,
    0xcf000001u, 0x4f800000u, 0x4f7fffffu, 0x5f000000u, 0x5effffffu, 0xdf000000u, 0xdf000001u,
    0x5f800000u, 0x5f7fffffu, 0xbf7d70a4u, 0x3f000000u, 0xbf000000u, 0x33800000u, 0x3f800001u,
};

static const uint64_t special64[] = {
    P0D,
    N0D,
    ONED,
    MONED,
    INFD,
    NINFD,
    MAXD,
    0xffefffffffffffffull,
    MINND,
    0x8010000000000000ull,
    SUBD,
    0x8000000000000001ull,
    0x000fffffffffffffull,
    QNAND,
    QNAND_P,
    SNAND,
    SNAND_N,
    DNAND,
    0x41e0000000000000ull,
    0x41dfffffffffffffull,
    0xc1e0000000000000ull,
    0xc1e00000001fffffull,
    0xc1e0000000200000ull,
    0x41f0000000000000ull,
    0x41efffffffffffffull,
    0x43e0000000000000ull,
    0x43dfffffffffffffull,
    0xc3e0000000000000ull,
    0xc3e0000000000001ull,
    0x43f0000000000000ull,
    0x43efffffffffffffull,
    0xbfefffffffffffffull,
    0xbff0000000000000ull,
    0x3fe0000000000000ull,
    0x3ff0000000000001ull,
};

/* A random f32 pattern: a special value, one near it, random bits, or a
 * value with an exponent near the conversion bounds (2^22 .. 2^65). */
static uint32_t pick32(void)
{
	uint64_t r = rnd();
	size_t ns = sizeof special32 / sizeof special32[0];
	switch (r % 5) {
	case 0:
		return special32[(r >> 8) % ns];
	case 1:
		return special32[(r >> 8) % ns] + (uint32_t)((r >> 40) % 5) - 2;
	case 2: {
		uint32_t exp = 127 + 22 + (uint32_t)((r >> 8) % 44);
		return ((uint32_t)(r >> 32) & 0x807fffffu) | exp << 23;
	}
	default:
		return (uint32_t)(r >> 16);
	}
}

static uint64_t pick64(void)
{
	uint64_t r = rnd(), x = rnd();
	size_t ns = sizeof special64 / sizeof special64[0];
	switch (r % 5) {
	case 0:
		return special64[(r >> 8) % ns];
	case 1:
		return special64[(r >> 8) % ns] + (r >> 40) % 5 - 2;
	case 2: {
		uint64_t exp = 1023 + 22 + (r >> 8) % 44;
		return (x & 0x800fffffffffffffull) | exp << 52;
	}
	default:
		return x;
	}
}

static float f32v(uint32_t u)
{
	float f;
	memcpy(&f, &u, 4);
	return f;
}

static double f64v(uint64_t u)
{
	double d;
	memcpy(&d, &u, 8);
	return d;
}

static uint32_t ss_bits(__m128 v)
{
	return (uint32_t)_mm_cvtsi128_si32(_mm_castps_si128(v));
}

static uint64_t sd_bits(__m128d v)
{
	return (uint64_t)_mm_cvtsi128_si64(_mm_castpd_si128(v));
}

static __m128 ss(uint32_t u)
{
	return _mm_castsi128_ps(_mm_cvtsi32_si128((int)u));
}

static __m128d sd(uint64_t u)
{
	return _mm_castsi128_pd(_mm_cvtsi64_si128((long long)u));
}

static unsigned long oracle_checks;

static void agree(unsigned op, uint64_t a, uint64_t b, uint64_t want)
{
	uint64_t got = fx(op, a, b);
	oracle_checks++;
	if (got != want)
		fail_msg("%s(%#llx, %#llx) = %#llx, SSE says %#llx", vela_opinfo(op)->mnemonic,
			 (unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
			 (unsigned long long)want);
}

/* fcvt.<k> and fsat.<k> of an operand against the SSE derivation: nan tells
 * whether it is a NaN, range whether SSE found it out of range, v the
 * truncated value otherwise, neg the sign (for saturation), addr the bits. */
static void agree_cvt(unsigned cvt, unsigned sat, uint64_t a, bool nan, bool range, uint64_t v,
		      bool neg, uint64_t min, uint64_t max, uint64_t addr)
{
	uint64_t out = 0;
	enum vela_trap_kind k = vela_fpu_exec(cvt, a, 0, &out);
	enum vela_trap_kind want = nan	   ? VELA_TRAP_FLOAT_INVALID
				   : range ? VELA_TRAP_FLOAT_RANGE
					   : VELA_TRAP_NONE;
	uint64_t want_out = want != VELA_TRAP_NONE ? addr : v;
	oracle_checks += 2;
	if (k != want || out != want_out)
		fail_msg("%s(%#llx): trap %d out %#llx, SSE says trap %d out %#llx",
			 vela_opinfo(cvt)->mnemonic, (unsigned long long)a, k,
			 (unsigned long long)out, want, (unsigned long long)want_out);
	uint64_t sat_want = nan ? 0 : range ? (neg ? min : max) : v;
	uint64_t got = fx(sat, a, 0);
	if (got != sat_want)
		fail_msg("%s(%#llx) = %#llx, SSE derivation says %#llx", vela_opinfo(sat)->mnemonic,
			 (unsigned long long)a, (unsigned long long)got,
			 (unsigned long long)sat_want);
}

#define TWO63 9223372036854775808.0

/* Truncation of a double (any f32 value is one exactly) to the four integer
 * types by cvttsd2si, the way a compiler without the VELA-F rules would do
 * it; r_* say whether SSE's answer is out of range. */
static void oracle_cvt_double(double x, bool nan, uint64_t a, bool s)
{
	uint64_t addr = s ? (uint32_t)a : a;
	bool neg = x < 0;
	__m128d v = _mm_set_sd(nan ? 0 : x);
	int32_t w = _mm_cvttsd_si32(v);
	int64_t l = _mm_cvttsd_si64(v);
	/* l: indefinite INT64_MIN unless the value really is -2^63 (no double
	 * lies strictly between -2^63 - 1 and -2^63) */
	bool rl = l == INT64_MIN && x != -TWO63;
	/* w: the exact 64-bit truncation must fit in 32 bits; then the 32-bit
	 * conversion gives the value */
	bool rw = rl || l < INT32_MIN || l > INT32_MAX;
	if (!rw && w != l)
		fail_msg("oracle: cvttsd2si %d and %lld differ", w, (long long)l);
	/* wu: the 64-bit truncation must lie in [0, 2^32) */
	bool rwu = rl || l < 0 || l > (int64_t)UINT32_MAX;
	/* lu: below 2^63 as for l and not negative; from 2^63 subtract 2^63
	 * (exact there) and convert again */
	uint64_t lu;
	bool rlu;
	if (x < TWO63) {
		lu = (uint64_t)l;
		rlu = rl || l < 0;
	} else {
		int64_t hi = _mm_cvttsd_si64(_mm_sub_sd(v, _mm_set_sd(TWO63)));
		lu = (uint64_t)hi + (1ull << 63);
		rlu = hi == INT64_MIN;
	}
	if (s) {
		agree_cvt(VELA_OP_FCVTWS, VELA_OP_FSATWS, a, nan, rw, S32(w), neg, I32MIN, I32MAX,
			  addr);
		agree_cvt(VELA_OP_FCVTWUS, VELA_OP_FSATWUS, a, nan, rwu, S32(l), neg, 0, ALL1,
			  addr);
		agree_cvt(VELA_OP_FCVTLS, VELA_OP_FSATLS, a, nan, rl, (uint64_t)l, neg, I64MIN,
			  I64MAX, addr);
		agree_cvt(VELA_OP_FCVTLUS, VELA_OP_FSATLUS, a, nan, rlu, lu, neg, 0, ALL1, addr);
	} else {
		agree_cvt(VELA_OP_FCVTWD, VELA_OP_FSATWD, a, nan, rw, S32(w), neg, I32MIN, I32MAX,
			  addr);
		agree_cvt(VELA_OP_FCVTWUD, VELA_OP_FSATWUD, a, nan, rwu, S32(l), neg, 0, ALL1,
			  addr);
		agree_cvt(VELA_OP_FCVTLD, VELA_OP_FSATLD, a, nan, rl, (uint64_t)l, neg, I64MIN,
			  I64MAX, addr);
		agree_cvt(VELA_OP_FCVTLUD, VELA_OP_FSATLUD, a, nan, rlu, lu, neg, 0, ALL1, addr);
	}
}

static void oracle_pair32(uint64_t a, uint64_t b)
{
	uint32_t x = (uint32_t)a, y = (uint32_t)b;
	__m128 va = ss(x), vb = ss(y);
	agree(VELA_OP_FADDS, a, b, S32(ss_bits(_mm_add_ss(va, vb))));
	agree(VELA_OP_FSUBS, a, b, S32(ss_bits(_mm_sub_ss(va, vb))));
	agree(VELA_OP_FMULS, a, b, S32(ss_bits(_mm_mul_ss(va, vb))));
	agree(VELA_OP_FDIVS, a, b, S32(ss_bits(_mm_div_ss(va, vb))));
	agree(VELA_OP_FSQRTS, a, 0, S32(ss_bits(_mm_sqrt_ss(va))));
	agree(VELA_OP_FCVTDS, a, 0, sd_bits(_mm_cvtss_sd(_mm_setzero_pd(), va)));
	bool nan = f32v(x) != f32v(x), ynan = f32v(y) != f32v(y);
	if (!nan && !ynan && ((x | y) & 0x7fffffffu) != 0) {
		agree(VELA_OP_FMINS, a, b, S32(ss_bits(_mm_min_ss(va, vb))));
		agree(VELA_OP_FMAXS, a, b, S32(ss_bits(_mm_max_ss(va, vb))));
	}
	agree(VELA_OP_FEQS, a, b, ss_bits(_mm_cmpeq_ss(va, vb)) & 1);
	agree(VELA_OP_FLTS, a, b, ss_bits(_mm_cmplt_ss(va, vb)) & 1);
	agree(VELA_OP_FLES, a, b, ss_bits(_mm_cmple_ss(va, vb)) & 1);
	oracle_cvt_double(nan ? 0 : (double)f32v(x), nan, a, true);
}

static void oracle_pair64(uint64_t a, uint64_t b)
{
	__m128d va = sd(a), vb = sd(b);
	agree(VELA_OP_FADDD, a, b, sd_bits(_mm_add_sd(va, vb)));
	agree(VELA_OP_FSUBD, a, b, sd_bits(_mm_sub_sd(va, vb)));
	agree(VELA_OP_FMULD, a, b, sd_bits(_mm_mul_sd(va, vb)));
	agree(VELA_OP_FDIVD, a, b, sd_bits(_mm_div_sd(va, vb)));
	agree(VELA_OP_FSQRTD, a, 0, sd_bits(_mm_sqrt_sd(_mm_setzero_pd(), va)));
	agree(VELA_OP_FCVTSD, a, 0, S32(ss_bits(_mm_cvtsd_ss(_mm_setzero_ps(), va))));
	bool nan = f64v(a) != f64v(a), ynan = f64v(b) != f64v(b);
	if (!nan && !ynan && ((a | b) << 1) != 0) {
		agree(VELA_OP_FMIND, a, b, sd_bits(_mm_min_sd(va, vb)));
		agree(VELA_OP_FMAXD, a, b, sd_bits(_mm_max_sd(va, vb)));
	}
	agree(VELA_OP_FEQD, a, b, sd_bits(_mm_cmpeq_sd(va, vb)) & 1);
	agree(VELA_OP_FLTD, a, b, sd_bits(_mm_cmplt_sd(va, vb)) & 1);
	agree(VELA_OP_FLED, a, b, sd_bits(_mm_cmple_sd(va, vb)) & 1);
	oracle_cvt_double(nan ? 0 : f64v(a), nan, a, false);
}

/* integer -> float: cvtsi2ss/sd from the signed 32/64-bit forms; the
 * unsigned 32-bit value through the (exact) 64-bit signed form; the unsigned
 * 64-bit value through an x87 long double (64-bit significand: exact), then
 * one rounding to the target. */
static void oracle_int(uint64_t a)
{
	__m128 z = _mm_setzero_ps();
	__m128d zd = _mm_setzero_pd();
	agree(VELA_OP_FCVTSW, a, 0, S32(ss_bits(_mm_cvtsi32_ss(z, (int32_t)(uint32_t)a))));
	agree(VELA_OP_FCVTSWU, a, 0, S32(ss_bits(_mm_cvtsi64_ss(z, (int64_t)(uint32_t)a))));
	agree(VELA_OP_FCVTSL, a, 0, S32(ss_bits(_mm_cvtsi64_ss(z, (int64_t)a))));
	agree(VELA_OP_FCVTDW, a, 0, sd_bits(_mm_cvtsi32_sd(zd, (int32_t)(uint32_t)a)));
	agree(VELA_OP_FCVTDWU, a, 0, sd_bits(_mm_cvtsi64_sd(zd, (int64_t)(uint32_t)a)));
	agree(VELA_OP_FCVTDL, a, 0, sd_bits(_mm_cvtsi64_sd(zd, (int64_t)a)));
	long double ld = (long double)a;
	float f = (float)ld;
	double d = (double)ld;
	uint32_t fb;
	uint64_t db;
	memcpy(&fb, &f, 4);
	memcpy(&db, &d, 8);
	agree(VELA_OP_FCVTSLU, a, 0, S32(fb));
	agree(VELA_OP_FCVTDLU, a, 0, db);
}

/* integers near the rounding boundaries of f32 and f64: a power of two plus
 * or minus a few units, with random low bits sometimes */
static uint64_t pick_int(void)
{
	uint64_t r = rnd(), x = rnd();
	unsigned sh = (unsigned)((r >> 8) % 64);
	switch (r % 4) {
	case 0:
		return (1ull << sh) + (r >> 20) % 7 - 3;
	case 1:
		return ~(1ull << sh) + (r >> 20) % 7 - 3;
	case 2:
		return x >> ((r >> 20) % 64);
	default:
		return x;
	}
}

#define ORACLE_ROUNDS 150000

static void test_sse_oracle(void **state)
{
	(void)state;
	/* the oracle's own precondition: round to nearest, no FTZ/DAZ */
	assert_int_equal(_mm_getcsr() & (MXCSR_RC_MASK | MXCSR_FTZ | MXCSR_DAZ), 0);
	size_t n32 = sizeof special32 / sizeof special32[0];
	size_t n64 = sizeof special64 / sizeof special64[0];
	/* every pair of special values */
	for (size_t i = 0; i < n32; i++)
		for (size_t j = 0; j < n32; j++)
			oracle_pair32(special32[i], special32[j]);
	for (size_t i = 0; i < n64; i++)
		for (size_t j = 0; j < n64; j++)
			oracle_pair64(special64[i], special64[j]);
	/* random pairs; .s operands carry random high halves */
	for (unsigned i = 0; i < ORACLE_ROUNDS; i++) {
		uint64_t hi = rnd() & 0xffffffff00000000ull;
		uint32_t x = pick32(), y = (rnd() & 3) ? pick32() : x + (uint32_t)(rnd() % 3);
		oracle_pair32(hi | x, (hi >> 7 << 32) | y);
		uint64_t a = pick64(), b = (rnd() & 3) ? pick64() : a + rnd() % 3;
		oracle_pair64(a, b);
		oracle_int(pick_int());
	}
	print_message("%lu results equal to SSE's\n", oracle_checks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nan_choice),	   cmocka_unit_test(test_arith),
	    cmocka_unit_test(test_subnormals),	   cmocka_unit_test(test_min_max),
	    cmocka_unit_test(test_compare),	   cmocka_unit_test(test_cvt_from_s),
	    cmocka_unit_test(test_cvt_from_d),	   cmocka_unit_test(test_cvt_to_float),
	    cmocka_unit_test(test_promote_demote), cmocka_unit_test(test_sse_oracle),
	};
	return cmocka_run_group_tests_name("vela-fpu", tests, NULL, NULL);
}
