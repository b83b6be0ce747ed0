/* VRC domain tests.
 *  1. 8 bits, exhaustive in the model's sense: the very functions of
 *     lib/vrc/dom_impl.h instantiated at 8 bits; every transfer function and every
 *     branch refinement on families of abstract inputs (all narrow unsigned and
 *     signed intervals at every position, all known-bits patterns with up to three
 *     unknown bits, against every constant and against each other), each checked
 *     against EVERY concrete value the inputs contain; unary operations on ALL
 *     unsigned intervals and ALL known-bits patterns; normalisation on random
 *     constraint triples against brute force; join and widening.
 *  2. 64 bits: random abstract values and random members, against the concrete
 *     semantics of docs/vela-isa.md.
 * Prints [OK]/[FAIL] lines; exits 1 on any failure. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrc/dom.h"
#include "vrc/dom8.h"

static const char *const op_name[VRC_AOP_COUNT] = {
    "add",  "sub",   "and",  "or",   "xor",    "sll",	"srl",	"sra",	"rol",
    "ror",  "slt",   "sltu", "mul",  "mulh",   "mulhu", "div",	"divu", "rem",
    "remu", "addw",  "subw", "sllw", "srlw",   "sraw",	"mulw", "divw", "divuw",
    "remw", "remuw", "clz",  "ctz",  "popcnt", "sextw", "zextw"};
static const char *const cmp_name[6] = {"eq", "ne", "lt", "ge", "ltu", "geu"};

static int failures;
static char first[256];

static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void bad(const char *fmt, ...)
{
	if (!failures++) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(first, sizeof first, fmt, ap);
		va_end(ap);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* ------------------------------------------------------------ 8 bits */

static struct v8 from_u(unsigned lo, unsigned hi)
{
	struct v8 v = v8_top();
	v.umin = (uint8_t)lo;
	v.umax = (uint8_t)hi;
	v8_norm(&v);
	return v;
}

static struct v8 from_s(int lo, int hi)
{
	struct v8 v = v8_top();
	v.smin = (int8_t)lo;
	v.smax = (int8_t)hi;
	v8_norm(&v);
	return v;
}

static struct v8 from_t(unsigned kv, unsigned km)
{
	struct v8 v = v8_top();
	v.km = (uint8_t)km;
	v.kv = (uint8_t)(kv & ~km);
	v8_norm(&v);
	return v;
}

static struct v8 *fam;
static size_t nfam;

static void fam_add(struct v8 v)
{
	fam[nfam++] = v;
}

/* the families of abstract inputs */
static void build_families(void)
{
	fam = malloc(40000 * sizeof *fam);
	static const unsigned widths[] = {0, 1, 3, 7, 15};
	for (unsigned wi = 0; wi < 5; wi++)
		for (unsigned lo = 0; lo + widths[wi] < 256; lo++)
			fam_add(from_u(lo, lo + widths[wi]));
	for (unsigned wi = 1; wi < 5; wi++)
		for (int lo = -128; lo + (int)widths[wi] < 128; lo++)
			fam_add(from_s(lo, lo + (int)widths[wi]));
	for (unsigned km = 1; km < 256; km++)
		if (__builtin_popcount(km) <= 3)
			for (unsigned kv = 0; kv < 256; kv++)
				if (!(kv & km))
					fam_add(from_t(kv, km));
}

static bool check_bin(enum vrc_aop op, const struct v8 *a, const struct v8 *b)
{
	struct v8 r;
	bool live = v8_binop(op, a, b, &r);
	for (unsigned x = a->umin; x <= a->umax; x++) {
		if (!v8_contains(a, (uint8_t)x))
			continue;
		for (unsigned y = b->umin; y <= b->umax; y++) {
			uint8_t z;
			if (!v8_contains(b, (uint8_t)y) || !c8_op(op, (uint8_t)x, (uint8_t)y, &z))
				continue;
			if (!live || !v8_contains(&r, z)) {
				bad("8-bit %s: %u op %u = %u not in u[%u,%u] s[%d,%d] t%02x/%02x%s",
				    op_name[op], x, y, z, r.umin, r.umax, r.smin, r.smax, r.kv,
				    r.km, live ? "" : " (said: always traps)");
				return false;
			}
		}
	}
	return true;
}

static bool check_ref(enum vrc_cmp c, const struct v8 *a, const struct v8 *b)
{
	struct v8 ra = *a, rb = *b;
	bool live = v8_refine(c, &ra, &rb);
	for (unsigned x = a->umin; x <= a->umax; x++) {
		if (!v8_contains(a, (uint8_t)x))
			continue;
		for (unsigned y = b->umin; y <= b->umax; y++) {
			if (!v8_contains(b, (uint8_t)y) || !c8_cmp(c, (uint8_t)x, (uint8_t)y))
				continue;
			if (!live || !v8_contains(&ra, (uint8_t)x) ||
			    !v8_contains(&rb, (uint8_t)y)) {
				bad("8-bit refine %s: (%u, %u) lost", cmp_name[c], x, y);
				return false;
			}
		}
	}
	return true;
}

static bool unary(enum vrc_aop op)
{
	return op >= VRC_CLZ;
}

static void test8_ops(void)
{
	for (int op = 0; op < VRC_AOP_COUNT; op++) {
		int before = failures;
		long pairs = 0;
		if (unary((enum vrc_aop)op)) {
			struct v8 zero = v8_const(0);
			for (unsigned lo = 0; lo < 256 && failures == before; lo++)
				for (unsigned hi = lo; hi < 256; hi++, pairs++) {
					struct v8 a = from_u(lo, hi);
					if (!check_bin((enum vrc_aop)op, &a, &zero))
						break;
				}
			for (unsigned km = 0; km < 256 && failures == before; km++)
				for (unsigned kv = 0; kv < 256; kv++)
					if (!(kv & km)) {
						struct v8 a = from_t(kv, km);
						pairs++;
						if (!check_bin((enum vrc_aop)op, &a, &zero))
							break;
					}
		} else {
			for (size_t i = 0; i < nfam && failures == before; i++)
				for (unsigned c = 0; c < 256; c += (i < 1270 ? 1 : 17)) {
					struct v8 b = v8_const((uint8_t)c);
					pairs += 2;
					if (!check_bin((enum vrc_aop)op, &fam[i], &b) ||
					    !check_bin((enum vrc_aop)op, &b, &fam[i]))
						break;
				}
			for (size_t i = 0; i < nfam && failures == before; i += 7)
				for (size_t j = 0; j < nfam; j += 29) {
					pairs++;
					if (!check_bin((enum vrc_aop)op, &fam[i], &fam[j]))
						break;
				}
		}
		if (failures == before)
			printf("[OK] vrc-domain:8bit_%s (%ld abstract input pairs, every member)\n",
			       op_name[op], pairs);
		else
			printf("[FAIL] vrc-domain:8bit_%s: %s\n", op_name[op], first);
	}
	for (int c = 0; c < 6; c++) {
		int before = failures;
		long pairs = 0;
		for (size_t i = 0; i < nfam && failures == before; i++)
			for (unsigned k = 0; k < 256; k += (i < 1270 ? 1 : 17)) {
				struct v8 b = v8_const((uint8_t)k);
				pairs += 2;
				if (!check_ref((enum vrc_cmp)c, &fam[i], &b) ||
				    !check_ref((enum vrc_cmp)c, &b, &fam[i]))
					break;
			}
		for (size_t i = 0; i < nfam && failures == before; i += 5)
			for (size_t j = 0; j < nfam; j += 23) {
				pairs++;
				if (!check_ref((enum vrc_cmp)c, &fam[i], &fam[j]))
					break;
			}
		if (failures == before)
			printf("[OK] vrc-domain:8bit_refine_%s (%ld abstract input pairs)\n",
			       cmp_name[c], pairs);
		else
			printf("[FAIL] vrc-domain:8bit_refine_%s: %s\n", cmp_name[c], first);
	}
}

/* norm against brute force; join and widening contain their inputs */
static void test8_lattice(void)
{
	int before = failures;
	for (int t = 0; t < 300000 && failures == before; t++) {
		struct v8 v;
		unsigned a = rnd() & 255, b = rnd() & 255;
		int c = (int8_t)rnd(), d = (int8_t)rnd();
		v.umin = (uint8_t)(a < b ? a : b);
		v.umax = (uint8_t)(a < b ? b : a);
		v.smin = (int8_t)(c < d ? c : d);
		v.smax = (int8_t)(c < d ? d : c);
		v.km = (uint8_t)(rnd() | rnd());
		v.kv = (uint8_t)(rnd() & ~v.km);
		struct v8 n = v;
		bool ok = v8_norm(&n);
		for (unsigned x = 0; x < 256; x++) {
			bool in = x >= v.umin && x <= v.umax && (int8_t)x >= v.smin &&
				  (int8_t)x <= v.smax && (x & ~v.km & 255) == v.kv;
			if (in && (!ok || !v8_contains(&n, (uint8_t)x))) {
				bad("norm lost %u", x);
				break;
			}
		}
	}
	printf(failures == before ? "[OK] vrc-domain:8bit_norm (300000 random constraint triples)\n"
				  : "[FAIL] vrc-domain:8bit_norm: %s\n",
	       first);
	before = failures;
	uint8_t uth[] = {0, 3, 10, 100, 200, 255};
	int8_t sth[] = {-128, -50, -1, 0, 7, 100, 127};
	for (int t = 0; t < 200000 && failures == before; t++) {
		struct v8 a = fam[rnd() % nfam], b = fam[rnd() % nfam];
		struct v8 j = v8_join(&a, &b), w = v8_widen(&a, &j, uth, 6, sth, 7);
		for (unsigned x = 0; x < 256; x++)
			if ((v8_contains(&a, (uint8_t)x) || v8_contains(&b, (uint8_t)x)) &&
			    (!v8_contains(&j, (uint8_t)x) || !v8_contains(&w, (uint8_t)x))) {
				bad("join/widen lost %u", x);
				break;
			}
	}
	printf(failures == before ? "[OK] vrc-domain:8bit_join_widen (200000 random pairs)\n"
				  : "[FAIL] vrc-domain:8bit_join_widen: %s\n",
	       first);
}

/* ----------------------------------------------------------- 64 bits */

static uint64_t sx32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

static bool c64_op(enum vrc_aop op, uint64_t a, uint64_t b, uint64_t *r)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;
	unsigned k = b & 63, kw = b & 31;
	switch (op) {
	case VRC_ADD:
		*r = a + b;
		return true;
	case VRC_SUB:
		*r = a - b;
		return true;
	case VRC_AND:
		*r = a & b;
		return true;
	case VRC_OR:
		*r = a | b;
		return true;
	case VRC_XOR:
		*r = a ^ b;
		return true;
	case VRC_SLL:
		*r = a << k;
		return true;
	case VRC_SRL:
		*r = a >> k;
		return true;
	case VRC_SRA:
		*r = (uint64_t)(sa >> k);
		return true;
	case VRC_ROL:
		*r = k ? a << k | a >> (64 - k) : a;
		return true;
	case VRC_ROR:
		*r = k ? a >> k | a << (64 - k) : a;
		return true;
	case VRC_SLT:
		*r = sa < sb;
		return true;
	case VRC_SLTU:
		*r = a < b;
		return true;
	case VRC_MUL:
		*r = a * b;
		return true;
	case VRC_MULH:
		*r = (uint64_t)(((__int128)sa * sb) >> 64);
		return true;
	case VRC_MULHU:
		*r = (uint64_t)(((unsigned __int128)a * b) >> 64);
		return true;
	case VRC_DIV:
		if (!b || (sa == INT64_MIN && sb == -1))
			return false;
		*r = (uint64_t)(sa / sb);
		return true;
	case VRC_DIVU:
		if (!b)
			return false;
		*r = a / b;
		return true;
	case VRC_REM:
		if (!b)
			return false;
		*r = sa == INT64_MIN && sb == -1 ? 0 : (uint64_t)(sa % sb);
		return true;
	case VRC_REMU:
		if (!b)
			return false;
		*r = a % b;
		return true;
	case VRC_ADDW:
		*r = sx32(a + b);
		return true;
	case VRC_SUBW:
		*r = sx32(a - b);
		return true;
	case VRC_SLLW:
		*r = sx32((uint32_t)a << kw);
		return true;
	case VRC_SRLW:
		*r = sx32((uint32_t)a >> kw);
		return true;
	case VRC_SRAW:
		*r = sx32((uint32_t)((int32_t)(uint32_t)a >> kw));
		return true;
	case VRC_MULW:
		*r = sx32((uint32_t)a * (uint32_t)b);
		return true;
	case VRC_DIVW:
	case VRC_REMW: {
		int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;
		if (!y)
			return false;
		if (x == INT32_MIN && y == -1) {
			if (op == VRC_DIVW)
				return false;
			*r = 0;
			return true;
		}
		*r = (uint64_t)(int64_t)(op == VRC_DIVW ? x / y : x % y);
		return true;
	}
	case VRC_DIVUW:
	case VRC_REMUW: {
		uint32_t x = (uint32_t)a, y = (uint32_t)b;
		if (!y)
			return false;
		*r = sx32(op == VRC_DIVUW ? x / y : x % y);
		return true;
	}
	case VRC_CLZ:
		*r = a ? (uint64_t)__builtin_clzll(a) : 64;
		return true;
	case VRC_CTZ:
		*r = a ? (uint64_t)__builtin_ctzll(a) : 64;
		return true;
	case VRC_POPCNT:
		*r = (uint64_t)__builtin_popcountll(a);
		return true;
	case VRC_SEXTW:
		*r = sx32(a);
		return true;
	case VRC_ZEXTW:
		*r = (uint32_t)a;
		return true;
	default:
		return false;
	}
}

/* a random abstract value around a random value, and its random members */
static uint64_t interesting(void)
{
	static const uint64_t edge[] = {0,
					1,
					2,
					63,
					64,
					4095,
					4096,
					0x7fffffff,
					0x80000000,
					0xffffffff,
					0x100000000ull,
					0x7fffffffffffffffull,
					0x8000000000000000ull,
					UINT64_MAX,
					UINT64_MAX - 7};
	switch (rnd() % 4) {
	case 0:
		return edge[rnd() % (sizeof edge / sizeof edge[0])] + (rnd() % 5) - 2;
	case 1:
		return rnd() % 256;
	case 2:
		return rnd() >> (rnd() % 64);
	default:
		return rnd();
	}
}

static struct vrc_val rand_val(uint64_t *member)
{
	uint64_t x = interesting();
	uint64_t w = rnd() >> (rnd() % 64);
	struct vrc_val v = vrc_top();
	switch (rnd() % 4) {
	case 0:
		v = vrc_const(x);
		break;
	case 1:
		v.umin = x;
		v.umax = x + w < x ? UINT64_MAX : x + w;
		break;
	case 2:
		v.smin = (int64_t)x;
		v.smax = (int64_t)x + (int64_t)(w >> 1) < (int64_t)x
			     ? INT64_MAX
			     : (int64_t)x + (int64_t)(w >> 1);
		break;
	default:
		v.km = rnd() & rnd();
		v.kv = x & ~v.km;
		break;
	}
	vrc_norm(&v);
	*member = x;
	return v;
}

static uint64_t rand_member(const struct vrc_val *v, uint64_t hint)
{
	for (int t = 0; t < 64; t++) {
		uint64_t x;
		switch (rnd() % 3) {
		case 0: {
			uint64_t span = v->umax - v->umin;
			x = v->umin + (span == UINT64_MAX ? rnd() : span ? rnd() % (span + 1) : 0);
			break;
		}
		case 1:
			x = t & 1 ? v->umax : v->umin;
			break;
		default:
			x = hint + (rnd() % 17) - 8;
			break;
		}
		x = (x & v->km) | v->kv;
		if (vrc_contains(v, x))
			return x;
	}
	return hint;
}

static void test64(void)
{
	for (int op = 0; op < VRC_AOP_COUNT; op++) {
		int before = failures;
		long n = 0;
		for (int t = 0; t < 20000 && failures == before; t++) {
			uint64_t ha, hb;
			struct vrc_val a = rand_val(&ha), b = rand_val(&hb), r;
			bool live = vrc_binop((enum vrc_aop)op, &a, &b, &r);
			for (int s = 0; s < 40; s++) {
				uint64_t x = rand_member(&a, ha), y = rand_member(&b, hb), z;
				if (!vrc_contains(&a, x) || !vrc_contains(&b, y) ||
				    !c64_op((enum vrc_aop)op, x, y, &z))
					continue;
				n++;
				if (!live || !vrc_contains(&r, z)) {
					bad("64-bit %s: %#" PRIx64 " op %#" PRIx64 " = %#" PRIx64
					    " not in the result",
					    op_name[op], x, y, z);
					break;
				}
			}
		}
		if (failures == before)
			printf("[OK] vrc-domain:64bit_%s (%ld sampled concrete pairs)\n",
			       op_name[op], n);
		else
			printf("[FAIL] vrc-domain:64bit_%s: %s\n", op_name[op], first);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1)
		vrc_mutation = atoi(argv[1]);
	build_families();
	test8_ops();
	test8_lattice();
	test64();
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
