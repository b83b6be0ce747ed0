/* ISA-ASLR: the per-process random register map.
 *
 * Every host register except rsp is drawn at random into a role: sandbox base,
 * context pointer, two scratch registers, and homes for 11 VELA registers. The
 * four least used VELA registers (uses weighted by loop depth, jittered by the
 * draw) live in the context block. Vector registers, the callee-saved push order
 * and the context-register bias are drawn too, so the same VELA program yields
 * different x86 bytes for every seed. */
#include "bridge/internal.h"

/* splitmix64: small, good enough to spread a seed over a few permutations */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void shuffle(uint8_t *a, unsigned n, uint64_t *s)
{
	for (unsigned i = n - 1; i > 0; i--) {
		unsigned j = (unsigned)(next(s) % (i + 1));
		uint8_t t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

void bridge_draw_map(struct bridge_map *m, uint64_t seed, const uint32_t use[VELA_NREGS])
{
	uint64_t s = seed ^ 0x41657468657242ull; /* "AetherB" */
	uint8_t pool[15];
	unsigned k = 0;
	for (unsigned r = 0; r < 16; r++)
		if (r != X86_RSP)
			pool[k++] = (uint8_t)r;
	shuffle(pool, 15, &s);
	m->membase = pool[0];
	m->ctx = pool[1];
	m->s1 = pool[2];
	m->s2 = pool[3];

	/* VELA registers ordered by use count, random tie-break */
	uint8_t order[15];
	uint64_t key[16];
	for (unsigned v = 1; v < 16; v++) {
		order[v - 1] = (uint8_t)v;
		/* the weight jittered by up to +-25%, so that which registers spill is
		 * part of the draw too (hot loop registers still win by orders) */
		uint64_t r = next(&s);
		key[v] = ((uint64_t)use[v] * (192 + (r & 127))) << 20 | (r >> 44);
	}
	for (unsigned i = 1; i < 15; i++) /* insertion sort, descending key */
		for (unsigned j = i; j > 0 && key[order[j]] > key[order[j - 1]]; j--) {
			uint8_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	m->host[0] = NOREG;
	for (unsigned i = 0; i < 15; i++)
		m->host[order[i]] = i < 11 ? pool[4 + i] : NOREG;

	uint8_t x[16];
	for (unsigned i = 0; i < 16; i++)
		x[i] = (uint8_t)i;
	shuffle(x, 16, &s);
	for (unsigned i = 0; i < VELA_NVREGS; i++)
		m->xmm[i] = x[i];
	m->xs = x[8];
	m->xt = x[9]; /* VELA-F's second scratch */

	static const uint8_t callee[6] = {X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15};
	for (unsigned i = 0; i < 6; i++)
		m->saved[i] = callee[i];
	shuffle(m->saved, 6, &s);
	m->bias = (int32_t)(next(&s) % 32) * 8;
}
