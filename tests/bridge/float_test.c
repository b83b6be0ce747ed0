/* AetherBridge VELA-F tests: each conversion trap at its exact boundary (kind, pc
 * and the operand bits as address), the NaN, min/max and signed-zero rules against
 * values written out here, and every VELA-F opcode over special values (zeros,
 * infinities, quiet and signalling NaNs with payloads, subnormals, integer
 * boundaries as floats and as integers) against the interpreter. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bridge/unit.h"
#include "vela/fpu.h"

/* binary64 patterns */
#define D_ZERO	     0x0000000000000000ull
#define D_NZERO	     0x8000000000000000ull
#define D_ONE	     0x3ff0000000000000ull
#define D_NONE	     0xbff0000000000000ull
#define D_INF	     0x7ff0000000000000ull
#define D_NINF	     0xfff0000000000000ull
#define D_QNAN_P     0x7ff8000000000123ull /* quiet NaN with a payload */
#define D_SNAN_P     0x7ff0000000000abcull /* signalling NaN with a payload */
#define D_NSNAN_P    0xfff4000000000007ull /* negative signalling NaN */
#define D_DEF_NAN    0xfff8000000000000ull /* default NaN */
#define D_2P31	     0x41e0000000000000ull
#define D_M2P31	     0xc1e0000000000000ull
#define D_M2P31_M1   0xc1e0000000200000ull /* -2^31 - 1 */
#define D_2P32	     0x41f0000000000000ull
#define D_2P63	     0x43e0000000000000ull
#define D_M2P63	     0xc3e0000000000000ull
#define D_2P64	     0x43f0000000000000ull
#define D_BELOW_2P64 0x43efffffffffffffull /* 2^64 - 2048 */

/* binary32 patterns (upper halves are ignored, so some carry garbage) */
#define S_ONE	  0x3f800000u
#define S_NONE	  0xbf800000u
#define S_QNAN_P  0x7fc00123u
#define S_SNAN_P  0x7f800abcu
#define S_DEF_NAN 0xffc00000u
#define S_2P31	  0x4f000000u
#define S_M2P31	  0xcf000000u
#define S_2P32	  0x4f800000u
#define S_2P63	  0x5f000000u
#define S_M2P63	  0xdf000000u
#define S_2P64	  0x5f800000u
#define GARBAGE	  0x5a5a5a5a00000000ull

/* rd = any 64-bit constant: li of the top 10 bits, three shori */
static void load64(struct pbuf *b, unsigned rd, uint64_t v)
{
	pb_emit(b, VELA_OP_LI, rd, 0, 0, (int64_t)v >> 54);
	pb_emit(b, VELA_OP_SHORI, rd, 0, 0, (int64_t)(v >> 36 & 0x3ffff));
	pb_emit(b, VELA_OP_SHORI, rd, 0, 0, (int64_t)(v >> 18 & 0x3ffff));
	pb_emit(b, VELA_OP_SHORI, rd, 0, 0, (int64_t)(v & 0x3ffff));
}

static uint32_t pc_of_next(const struct pbuf *b)
{
	return b->n * 4;
}

/* op rd, r(v) for each valid v (results stored), then the trapping one. */
static void cvt_trap(const char *name, unsigned op, const uint64_t *valid, size_t nvalid,
		     uint64_t bad, unsigned kind, uint64_t addr)
{
	struct pbuf b;
	memset(&b, 0, sizeof b);
	for (size_t k = 0; k < nvalid; k++) {
		load64(&b, 9, valid[k]);
		pb_emit(&b, op, 5, 9, 0, 0);
		PB_S(&b, SD, 5, 0, (int64_t)k * 8);
	}
	load64(&b, 12, bad);
	uint32_t pc = pc_of_next(&b);
	pb_emit(&b, op, 12, 12, 0, 0); /* rd = rs1: a trap must leave it intact */
	PB_N(&b, HALT);
	expect_trap(name, &b, 4096, NULL, 0, kind, pc, addr, 0);
}

static void trap_tests(void)
{
	const uint64_t w_ok[] = {0x41dfffffffffffffull /* 2^31 - 2^-22 */, 0xc1e00000001fffffull,
				 D_M2P31, D_NZERO, 0xbfefffffffffffffull};
	cvt_trap("fcvt_w_d_2p31", VELA_OP_FCVTWD, w_ok, 5, D_2P31, VELA_TRAP_FLOAT_RANGE, D_2P31);
	cvt_trap("fcvt_w_d_below", VELA_OP_FCVTWD, w_ok, 5, D_M2P31_M1, VELA_TRAP_FLOAT_RANGE,
		 D_M2P31_M1);
	cvt_trap("fcvt_w_d_inf", VELA_OP_FCVTWD, NULL, 0, D_NINF, VELA_TRAP_FLOAT_RANGE, D_NINF);
	cvt_trap("fcvt_w_d_nan", VELA_OP_FCVTWD, NULL, 0, D_SNAN_P, VELA_TRAP_FLOAT_INVALID,
		 D_SNAN_P);
	const uint64_t ws_ok[] = {GARBAGE | S_M2P31, GARBAGE | 0x4effffffu, 0xbf7fffffu};
	cvt_trap("fcvt_w_s_2p31", VELA_OP_FCVTWS, ws_ok, 3, GARBAGE | S_2P31, VELA_TRAP_FLOAT_RANGE,
		 S_2P31);
	cvt_trap("fcvt_w_s_nan_low32", VELA_OP_FCVTWS, ws_ok, 3, 0xffffffff00000000ull | S_QNAN_P,
		 VELA_TRAP_FLOAT_INVALID, S_QNAN_P);

	const uint64_t wu_ok[] = {0x41efffffffffffffull, 0xbfefffffffffffffull, D_NZERO, D_ONE};
	cvt_trap("fcvt_wu_d_2p32", VELA_OP_FCVTWUD, wu_ok, 4, D_2P32, VELA_TRAP_FLOAT_RANGE,
		 D_2P32);
	cvt_trap("fcvt_wu_d_minus1", VELA_OP_FCVTWUD, wu_ok, 4, D_NONE, VELA_TRAP_FLOAT_RANGE,
		 D_NONE);
	const uint64_t wus_ok[] = {0x4f7fffffu, 0xbf7fffffu, GARBAGE | 0x80000000u};
	cvt_trap("fcvt_wu_s_2p32", VELA_OP_FCVTWUS, wus_ok, 3, S_2P32, VELA_TRAP_FLOAT_RANGE,
		 S_2P32);
	cvt_trap("fcvt_wu_s_minus1", VELA_OP_FCVTWUS, wus_ok, 3, GARBAGE | S_NONE,
		 VELA_TRAP_FLOAT_RANGE, S_NONE);

	const uint64_t l_ok[] = {D_M2P63, 0x43dfffffffffffffull, 0xc3dfffffffffffffull};
	cvt_trap("fcvt_l_d_2p63", VELA_OP_FCVTLD, l_ok, 3, D_2P63, VELA_TRAP_FLOAT_RANGE, D_2P63);
	cvt_trap("fcvt_l_d_below", VELA_OP_FCVTLD, l_ok, 3, D_M2P63 + 1, VELA_TRAP_FLOAT_RANGE,
		 D_M2P63 + 1);
	cvt_trap("fcvt_l_d_nan", VELA_OP_FCVTLD, l_ok, 3, D_NSNAN_P, VELA_TRAP_FLOAT_INVALID,
		 D_NSNAN_P);
	const uint64_t ls_ok[] = {S_M2P63, 0x5effffffu};
	cvt_trap("fcvt_l_s_2p63", VELA_OP_FCVTLS, ls_ok, 2, S_2P63, VELA_TRAP_FLOAT_RANGE, S_2P63);
	cvt_trap("fcvt_l_s_below", VELA_OP_FCVTLS, ls_ok, 2, S_M2P63 + 1, VELA_TRAP_FLOAT_RANGE,
		 S_M2P63 + 1);

	const uint64_t lu_ok[] = {D_BELOW_2P64, D_2P63, 0x43dfffffffffffffull,
				  0xbfefffffffffffffull, D_NZERO};
	cvt_trap("fcvt_lu_d_2p64", VELA_OP_FCVTLUD, lu_ok, 5, D_2P64, VELA_TRAP_FLOAT_RANGE,
		 D_2P64);
	cvt_trap("fcvt_lu_d_minus1", VELA_OP_FCVTLUD, lu_ok, 5, D_NONE, VELA_TRAP_FLOAT_RANGE,
		 D_NONE);
	cvt_trap("fcvt_lu_d_inf", VELA_OP_FCVTLUD, lu_ok, 5, D_INF, VELA_TRAP_FLOAT_RANGE, D_INF);
	cvt_trap("fcvt_lu_d_nan", VELA_OP_FCVTLUD, lu_ok, 5, D_DEF_NAN, VELA_TRAP_FLOAT_INVALID,
		 D_DEF_NAN);
	const uint64_t lus_ok[] = {0x5f7fffffu, S_2P63, 0xbf7fffffu};
	cvt_trap("fcvt_lu_s_2p64", VELA_OP_FCVTLUS, lus_ok, 3, S_2P64, VELA_TRAP_FLOAT_RANGE,
		 S_2P64);
	cvt_trap("fcvt_lu_s_nan", VELA_OP_FCVTLUS, lus_ok, 3, GARBAGE | S_SNAN_P,
		 VELA_TRAP_FLOAT_INVALID, S_SNAN_P);
}

/* A case of the exact-value tests: op on two values and the result it must give. */
struct fcase {
	uint8_t op;
	uint64_t a, b, want;
};

static const struct fcase exact[] = {
    /* WebAssembly min/max: signed zeros in both orders */
    {VELA_OP_FMIND, D_NZERO, D_ZERO, D_NZERO},
    {VELA_OP_FMIND, D_ZERO, D_NZERO, D_NZERO},
    {VELA_OP_FMAXD, D_NZERO, D_ZERO, D_ZERO},
    {VELA_OP_FMAXD, D_ZERO, D_NZERO, D_ZERO},
    {VELA_OP_FMINS, 0x80000000u, 0, 0xffffffff80000000ull},
    {VELA_OP_FMAXS, 0x80000000u, 0, 0},
    /* a NaN operand: rs1 quieted first, else rs2 quieted */
    {VELA_OP_FMIND, D_QNAN_P, D_ONE, D_QNAN_P},
    {VELA_OP_FMIND, D_ONE, D_SNAN_P, D_SNAN_P | 0x0008000000000000ull},
    {VELA_OP_FMAXD, D_SNAN_P, D_NSNAN_P, D_SNAN_P | 0x0008000000000000ull},
    {VELA_OP_FMAXD, D_NINF, D_NSNAN_P, D_NSNAN_P | 0x0008000000000000ull},
    {VELA_OP_FMINS, S_ONE, S_SNAN_P, 0x7fc00abcu},
    {VELA_OP_FMAXS, S_QNAN_P, S_SNAN_P, S_QNAN_P},
    {VELA_OP_FMIND, D_ONE, D_NONE, D_NONE},
    {VELA_OP_FMAXD, D_INF, D_NINF, D_INF},
    /* arithmetic NaNs and invalid operations */
    {VELA_OP_FADDD, D_INF, D_NINF, D_DEF_NAN},
    {VELA_OP_FMULD, D_ZERO, D_INF, D_DEF_NAN},
    {VELA_OP_FDIVD, D_NZERO, D_ZERO, D_DEF_NAN},
    {VELA_OP_FSUBD, D_SNAN_P, D_QNAN_P, D_SNAN_P | 0x0008000000000000ull},
    {VELA_OP_FADDD, D_ONE, D_NSNAN_P, D_NSNAN_P | 0x0008000000000000ull},
    {VELA_OP_FADDS, 0x7f800000u, 0xff800000u, 0xffffffffffc00000ull},
    {VELA_OP_FDIVS, S_ONE, S_SNAN_P, 0x7fc00abcu},
    {VELA_OP_FSQRTD, D_NONE, 0, D_DEF_NAN},
    {VELA_OP_FSQRTD, D_NZERO, 0, D_NZERO},
    {VELA_OP_FSQRTS, 0xbf800000u, 0, 0xffffffffffc00000ull},
    /* promote / demote keep a NaN's sign and payload, quieted */
    {VELA_OP_FCVTDS, 0xff800abcu, 0, 0xfff8015780000000ull},
    {VELA_OP_FCVTSD, D_NSNAN_P, 0, 0xffffffffffe00000ull},
    {VELA_OP_FCVTSD, 0x7ff0123456789abcull, 0, 0x7fc091a2u},
    /* compares: NaN false, -0 = +0 */
    {VELA_OP_FEQD, D_NZERO, D_ZERO, 1},
    {VELA_OP_FEQD, D_QNAN_P, D_QNAN_P, 0},
    {VELA_OP_FLED, D_QNAN_P, D_ONE, 0},
    {VELA_OP_FLTD, D_NONE, D_NZERO, 1},
    {VELA_OP_FLES, 0x80000000u, 0, 1},
    {VELA_OP_FLTS, 0, 0x80000000u, 0},
    /* saturation, sign extension of 32-bit results */
    {VELA_OP_FSATWUD, 0x41edcd6500000000ull /* 4e9 */, 0, 0xffffffffee6b2800ull},
    {VELA_OP_FSATWD, D_2P63, 0, 0x7fffffff},
    {VELA_OP_FSATWD, D_QNAN_P, 0, 0},
    {VELA_OP_FSATLUD, D_NONE, 0, 0},
    {VELA_OP_FSATLUD, D_INF, 0, UINT64_MAX},
    {VELA_OP_FSATLD, D_2P63, 0, INT64_MAX},
    {VELA_OP_FSATLS, S_M2P63, 0, (uint64_t)INT64_MIN},
    /* integer -> float: u64 with a sticky bit, u32 from the low half */
    {VELA_OP_FCVTDLU, 0x8000000000000401ull, 0, 0x43e0000000000001ull},
    {VELA_OP_FCVTDLU, 0x8000000000000400ull, 0, D_2P63},
    {VELA_OP_FCVTDLU, UINT64_MAX, 0, D_2P64},
    {VELA_OP_FCVTSLU, 0x8000008000000001ull, 0, 0x5f000001u},
    {VELA_OP_FCVTSLU, 0x8000008000000000ull, 0, S_2P63},
    {VELA_OP_FCVTDWU, 0x12345678ffffffffull, 0, 0x41efffffffe00000ull},
    {VELA_OP_FCVTSW, 0x1234567880000000ull, 0, 0xffffffffcf000000ull},
    {VELA_OP_FCVTDL, (uint64_t)INT64_MIN, 0, D_M2P63},
};

/* Every case of `exact` natively under 4 seeds (results in memory), then the
 * same program against the interpreter. */
static void exact_tests(void)
{
	struct pbuf b;
	static char why[256];
	const size_t n = sizeof exact / sizeof exact[0];
	memset(&b, 0, sizeof b);
	for (size_t k = 0; k < n; k++) {
		unsigned ra = 3 + k % 13, rb = 3 + (k + 5) % 13, rd = 3 + (k + 9) % 13;
		load64(&b, ra, exact[k].a);
		load64(&b, rb, exact[k].b);
		pb_emit(&b, exact[k].op, rd, ra, rb, 0);
		if (vela_opinfo(exact[k].op)->fmt == VELA_FMT_R2) {
			b.n--; /* no rs2 field */
			pb_emit(&b, exact[k].op, rd, ra, 0, 0);
		}
		PB_S(&b, SD, rd, 0, (int64_t)k * 8);
	}
	PB_N(&b, HALT);
	if (b.bad) {
		report("float_exact_values", "program did not encode");
		return;
	}
	struct native_prog p = prog_of(&b, 4096, NULL, 0);
	const char *err = NULL;
	for (uint64_t seed = 1; seed <= 4 && !err; seed++) {
		struct native_cfg cfg;
		memset(&cfg, 0, sizeof cfg);
		cfg.seed = seed;
		cfg.mode = NATIVE_ALL_GUARDS;
		cfg.shadow_cap = 64;
		struct diff_io io = {{0}, 0};
		cfg.syscall = diff_syscall;
		cfg.syscall_ctx = &io;
		struct native_result r;
		if (!native_run(&p, &cfg, &r)) {
			snprintf(why, sizeof why, "rejected: %s", r.error);
			err = why;
		} else if (r.res.stop != VELA_STOP_EXIT) {
			snprintf(why, sizeof why, "seed %" PRIu64 ": stopped with a trap", seed);
			err = why;
		}
		for (size_t k = 0; k < n && !err; k++) {
			uint64_t got;
			memcpy(&got, r.mem + 8 * k, 8);
			if (got != exact[k].want) {
				snprintf(why, sizeof why,
					 "seed %" PRIu64 ": %s 0x%" PRIx64 ", 0x%" PRIx64
					 " gave 0x%" PRIx64 ", want 0x%" PRIx64,
					 seed, vela_opinfo(exact[k].op)->mnemonic, exact[k].a,
					 exact[k].b, got, exact[k].want);
				err = why;
			}
		}
		native_free(&r);
	}
	report("float_exact_values", err ? err : agree(&p, 0));
}

/* Special operands: .d patterns, .s patterns (some with upper garbage) and
 * integers at the conversion boundaries. */
static const uint64_t specials[] = {
    D_ZERO,
    D_NZERO,
    D_ONE,
    D_NONE,
    D_INF,
    D_NINF,
    D_QNAN_P,
    D_SNAN_P,
    D_NSNAN_P,
    D_DEF_NAN,
    0x0000000000000001ull, /* smallest subnormal */
    0x800fffffffffffffull, /* largest negative subnormal */
    0x0010000000000000ull, /* smallest normal */
    0x7fefffffffffffffull, /* largest finite */
    0x3ff8000000000000ull, /* 1.5 */
    0xbfe0000000000000ull, /* -0.5 */
    D_2P31,
    D_M2P31,
    D_M2P31_M1,
    0x41dfffffffffffffull,
    D_2P32,
    0x41efffffffe00000ull, /* 2^32 - 1 */
    D_2P63,
    D_M2P63,
    0x43dfffffffffffffull,
    D_2P64,
    D_BELOW_2P64,
    0x4330000000000001ull, /* 2^52 + 1 */
    GARBAGE | S_ONE,
    S_NONE,
    0x7f800000u,
    0xffffffffff800000ull,
    S_QNAN_P,
    GARBAGE | S_SNAN_P,
    0xffa00007u,
    0x00000001u,
    0x807fffffu,
    0x7f7fffffu,
    S_2P31,
    S_M2P31,
    0x4effffffu,
    S_2P32,
    0x4f7fffffu,
    S_2P63,
    S_M2P63,
    0x5effffffu,
    S_2P64,
    0x5f7fffffu,
    0x7fffffffu,
    0x80000000u,
    0xffffffffu,
    0x7fffffffffffffffull,
    0x8000000000000400ull,
    0x8000000000000401ull,
    0x8000008000000000ull,
    0x8000008000000001ull,
    0xffffffffffffffffull,
    0x0020000000000001ull, /* 2^53 + 1 */
    0x0000000001000001ull, /* 2^24 + 1 */
};
#define NSPECIAL (sizeof specials / sizeof specials[0])
#define CHUNK	 6 /* values per register bank */

/* One binary op over chunk i x chunk j of the specials (both orders, the same
 * register twice, rd = rs1 and rd = rs2), every result stored. */
static bool binary_chunk(struct pbuf *b, unsigned op, size_t i, size_t j)
{
	memset(b, 0, sizeof *b);
	for (unsigned k = 0; k < CHUNK; k++) {
		load64(b, 3 + k, specials[(i * CHUNK + k) % NSPECIAL]);
		load64(b, 9 + k, specials[(j * CHUNK + k) % NSPECIAL]);
	}
	PB_I(b, LI, 1, 0, 0);
	for (unsigned a = 3; a < 15; a++)
		for (unsigned c = 3; c < 15; c++) {
			pb_emit(b, op, 2, a, c, 0);
			PB_S(b, SD, 2, 1, 0);
			PB_I(b, ADDI, 1, 1, 8);
		}
	pb_emit(b, op, 15, 15, 15, 0);
	pb_emit(b, op, 3, 3, 9, 0);
	pb_emit(b, op, 10, 4, 10, 0);
	pb_emit(b, op, 0, 5, 11, 0);
	pb_emit(b, op, 6, 0, 12, 0);
	pb_emit(b, op, 7, 13, 0, 0);
	PB_N(b, HALT);
	return !b->bad;
}

/* One unary op (format R2) over all specials in every register. */
static bool unary_all(struct pbuf *b, unsigned op)
{
	memset(b, 0, sizeof *b);
	PB_I(b, LI, 1, 0, 0);
	for (size_t k = 0; k < NSPECIAL; k++) {
		unsigned r = 3 + (unsigned)(k % 13);
		load64(b, r, specials[k]);
		pb_emit(b, op, k % 3 ? 2 : r, r, 0, 0);
		PB_S(b, SD, k % 3 ? 2 : r, 1, 0);
		PB_I(b, ADDI, 1, 1, 8);
	}
	pb_emit(b, op, 0, 7, 0, 0);
	pb_emit(b, op, 8, 0, 0, 0);
	PB_N(b, HALT);
	return !b->bad;
}

/* A trapping conversion of each special on its own (the first trap ends a program). */
static const char *cvt_each(unsigned op)
{
	struct pbuf b;
	for (size_t k = 0; k < NSPECIAL; k++) {
		memset(&b, 0, sizeof b);
		unsigned r = 1 + (unsigned)(k % 15);
		load64(&b, r, specials[k]);
		pb_emit(&b, op, 1 + (unsigned)((k + 4) % 15), r, 0, 0);
		PB_N(&b, HALT);
		struct native_prog p = prog_of(&b, 4096, NULL, 0);
		const char *err = b.bad ? "program did not encode" : agree_seeds(&p, 0, 2);
		if (err) {
			static char why[300];
			snprintf(why, sizeof why, "value 0x%" PRIx64 ": %s", specials[k], err);
			return why;
		}
	}
	return NULL;
}

static void sweep_tests(void)
{
	struct pbuf b;
	char name[64];
	static char why[300];
	const size_t nchunks = (NSPECIAL + CHUNK - 1) / CHUNK;
	for (unsigned op = VELA_FPU_OP_FIRST; op <= VELA_FPU_OP_LAST; op++) {
		const struct vela_opinfo *oi = vela_opinfo(op);
		if (!oi)
			continue;
		snprintf(name, sizeof name, "float_%s", oi->mnemonic);
		const char *err = NULL;
		if (oi->cls == VELA_CLS_FCVT) {
			err = cvt_each(op);
		} else if (oi->fmt == VELA_FMT_R2) {
			err = unary_all(&b, op) ? NULL : "program did not encode";
			struct native_prog p = prog_of(&b, 4096, NULL, 0);
			err = err ? err : agree_seeds(&p, 0, 4);
		} else {
			for (size_t i = 0; i < nchunks && !err; i++)
				for (size_t j = 0; j < nchunks && !err; j++) {
					if (!binary_chunk(&b, op, i, j)) {
						err = "program did not encode";
						break;
					}
					struct native_prog p = prog_of(&b, 4096, NULL, 0);
					err = agree_seeds(&p, 0, 1);
					if (err) {
						snprintf(why, sizeof why, "chunks %zu,%zu: %s", i,
							 j, err);
						err = why;
					}
				}
		}
		report(name, err);
	}
}

void float_tests(void)
{
	trap_tests();
	exact_tests();
	sweep_tests();
}
