/* The built-in local guard-elision pass (what "normal" mode uses until VRC lands).
 *
 * Inside one basic block, a base register that has not been written since a kept
 * guard on it carries a proven range: if guards at offsets lo..hi_end of the same
 * unchanged base passed, then base+lo did not wrap and base+hi_end <= mem_size, so
 * any access [base+off, base+off+size) with lo <= off and off+size <= hi_end is in
 * bounds (offsets are simm12, the sandbox <= 2^46: no 64-bit wrap in between). A
 * constant address (base R0) in bounds needs no guard either. The state is reset at
 * every block boundary: branch and indirect targets, after every control transfer.
 * The fact behind each elision is recorded for --dump-x86 and a checker. */
#include "bridge/bridge.h"

#include <string.h>

struct range {
	uint32_t gen; /* valid while equal to the current block's generation */
	int64_t lo, hi;
	uint32_t from_pc;
};

static bool ends_block(unsigned cls)
{
	switch (cls) {
	case VELA_CLS_BRANCH:
	case VELA_CLS_JUMP:
	case VELA_CLS_CALL:
	case VELA_CLS_IJUMP:
	case VELA_CLS_ICALL:
	case VELA_CLS_RET:
	case VELA_CLS_SYSCALL:
	case VELA_CLS_SERVICE:
	case VELA_CLS_HALT:
	case VELA_CLS_BREAK:
	case VELA_CLS_CHAOS:
		return true;
	default:
		return false;
	}
}

static bool writes_rd(unsigned fmt)
{
	switch (fmt) {
	case VELA_FMT_R:
	case VELA_FMT_R2:
	case VELA_FMT_SH:
	case VELA_FMT_SHW:
	case VELA_FMT_I:
	case VELA_FMT_L:
	case VELA_FMT_U:
	case VELA_FMT_VG:
		return true;
	default:
		return false;
	}
}

void bridge_elide_local(const uint8_t *code, size_t code_len, uint64_t mem_size,
			const uint32_t *targets, size_t ntargets, uint8_t *elide,
			struct bridge_fact *facts)
{
	uint32_t n = (uint32_t)(code_len / 4);
	struct range st[VELA_NREGS];
	/* block leaders first, stored in elide[] temporarily as bit 1 */
	memset(elide, 0, n);
	memset(facts, 0, n * sizeof *facts);
	for (size_t k = 0; k < ntargets; k++)
		if (targets[k] / 4 < n)
			elide[targets[k] / 4] = 2;
	for (uint32_t i = 0; i < n; i++) {
		/* only the opcode and, for direct branches, the offset field matter here */
		uint32_t w = vela_load_word(code + 4 * i);
		const struct vela_opinfo *oi = vela_opinfo(w >> 24);
		if (!oi)
			continue;
		if (oi->fmt == VELA_FMT_B || oi->fmt == VELA_FMT_J) {
			unsigned bits = oi->fmt == VELA_FMT_B ? 12 : 24;
			uint32_t m = 1u << (bits - 1);
			int64_t rel = (int64_t)((w & ((m << 1) - 1)) ^ m) - (int64_t)m;
			int64_t t = (int64_t)i * 4 + rel * 4;
			if (t >= 0 && t / 4 < n)
				elide[t / 4] = 2;
		}
		if (ends_block(oi->cls) && i + 1 < n)
			elide[i + 1] = 2;
	}
	memset(st, 0, sizeof st);
	uint32_t gen = 1;
	for (uint32_t i = 0; i < n; i++) {
		if (elide[i] & 2)
			gen++; /* a block leader: forget every range */
		elide[i] = 0;
		struct vela_insn in;
		vela_decode_raw(vela_load_word(code + 4 * i), &in);
		const struct vela_opinfo *oi = vela_opinfo(in.op);
		/* an invalid program is rejected by the translator; just stay in bounds */
		if (!oi || in.rd >= VELA_NREGS || in.rs1 >= VELA_NREGS)
			continue;
		if (oi->msize) {
			int64_t off = in.imm, end = in.imm + oi->msize;
			struct range *r = &st[in.rs1];
			if (in.rs1 == 0) {
				if (off >= 0 && (uint64_t)end <= mem_size) {
					elide[i] = 1;
					facts[i].kind = BRIDGE_FACT_CONST;
					facts[i].lo = off;
					facts[i].hi = end;
				}
			} else if (r->gen == gen && off >= r->lo && end <= r->hi) {
				elide[i] = 1;
				facts[i].kind = BRIDGE_FACT_COVER;
				facts[i].reg = in.rs1;
				facts[i].from_pc = r->from_pc;
				facts[i].lo = r->lo;
				facts[i].hi = r->hi;
			} else if (r->gen == gen) {
				r->lo = off < r->lo ? off : r->lo;
				r->hi = end > r->hi ? end : r->hi;
				r->from_pc = i * 4;
			} else {
				r->gen = gen;
				r->lo = off;
				r->hi = end;
				r->from_pc = i * 4;
			}
		}
		if (writes_rd(oi->fmt))
			st[in.rd].gen = 0;
	}
}
