/* VRC on programs with expected outcomes: which guards go, which stay, what the
 * checker accepts and refuses, and that the translated programs still behave
 * exactly like the interpreter. Prints [OK]/[FAIL] lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge/diff.h"
#include "vrc/vrc.h"

static int fails;

#define R(op, rd, rs1, rs2)  PB_R(&b, op, rd, rs1, rs2)
#define I(op, rd, rs1, imm)  PB_I(&b, op, rd, rs1, imm)
#define S(op, src, base, o)  PB_S(&b, op, src, base, o)
#define BR(op, x, y, target) PB_B(&b, op, x, y, ((int64_t)(target) - (int64_t)b.n) * 4)

struct prog {
	uint8_t code[4 * 4096];
	struct native_prog np;
	uint32_t targets[4];
	void *work;
	struct vrc_result res;
	struct vrc_check_error err;
	bool ok;
};

/* Analyse + certify + check the program in b. */
static void run_vrc(struct prog *p, struct pbuf *b, uint64_t mem, const uint32_t *tg, size_t nt)
{
	for (uint32_t i = 0; i < b->n; i++)
		vela_store_word(p->code + 4 * i, b->w[i]);
	memset(&p->np, 0, sizeof p->np);
	if (nt)
		memcpy(p->targets, tg, nt * 4);
	p->np.code = p->code;
	p->np.code_len = b->n * 4;
	p->np.mem_size = mem;
	p->np.targets = p->targets;
	p->np.ntargets = nt;
	p->np.caps = VELA_CAPS_ALL;
	struct vrc_options o = {mem, 0, p->targets, nt};
	size_t ws = vrc_prepare_work_size(b->n * 4, nt);
	p->work = malloc(ws);
	p->ok = vrc_prepare(p->code, b->n * 4, &o, p->work, ws, &p->res, &p->err);
}

static void check(bool cond, const char *name, const char *why)
{
	if (cond) {
		printf("[OK] vrc-programs:%s\n", name);
	} else {
		printf("[FAIL] vrc-programs:%s: %s\n", name, why);
		fails++;
	}
}

static bool claimed(const struct prog *p, uint32_t idx, uint8_t what)
{
	return p->res.cert.claims && (p->res.cert.claims[idx] & what);
}

/* interpreter and translation (VRC elision) agree under a few seeds */
static bool same(const struct prog *p)
{
	struct diff_opts o = {0, 64, NATIVE_NORMAL, true};
	char why[256];
	for (uint64_t seed = 1; seed < 4; seed++)
		if (!diff_one(&p->np, seed, &o, why, sizeof why)) {
			printf("# differs: %s\n", why);
			return false;
		}
	return true;
}

/* a[i] for i in [0, 256): both accesses of the body proven */
static void fixed_array(void)
{
	struct pbuf b = {0};
	struct prog p;
	I(LI, 9, 0, 0x1000);
	I(LI, 14, 0, 0);
	I(LI, 15, 0, 256);
	uint32_t loop = b.n;
	I(SLLI, 4, 14, 3);
	R(ADD, 4, 9, 4);
	S(SD, 14, 4, 0); /* 5 */
	I(LD, 5, 4, 0);	 /* 6 */
	I(ADDI, 14, 14, 1);
	BR(BLT, 14, 15, loop);
	I(ADD, 3, 5, 0);
	PB_N(&b, HALT);
	run_vrc(&p, &b, 1 << 16, NULL, 0);
	check(p.ok && claimed(&p, 5, VRC_CLAIM_MEM) && claimed(&p, 6, VRC_CLAIM_MEM) &&
		  p.res.stats.mem_elided == p.res.stats.mem_guards,
	      "fixed_array_loop_all_elided", "a guard of the array loop stayed");
	check(p.res.stats.disagreements == 0, "fixed_array_loop_no_disagreement",
	      "the checker withdrew a claim");
	check(same(&p), "fixed_array_loop_runs", "translation differs from the interpreter");
	free(p.work);
}

/* an address read from memory (input) keeps its guard; the constant one goes */
static void address_from_input(void)
{
	struct pbuf b = {0};
	struct prog p;
	I(LI, 9, 0, 0x100);
	I(LD, 4, 9, 0); /* 1: constant address */
	I(LD, 5, 4, 8); /* 2: address from input */
	S(SB, 5, 4, 0); /* 3 */
	PB_N(&b, HALT);
	run_vrc(&p, &b, 1 << 16, NULL, 0);
	check(p.ok && claimed(&p, 1, VRC_CLAIM_MEM), "constant_address_elided",
	      "the constant address kept its guard");
	check(p.ok && !claimed(&p, 2, VRC_CLAIM_MEM) && !claimed(&p, 3, VRC_CLAIM_MEM),
	      "input_address_kept", "an input address lost its guard");
	check(same(&p), "input_address_runs", "translation differs from the interpreter");
	free(p.work);
}

/* a loop whose bound comes from input keeps the guard that depends on it; once
 * the program masks the bound, the guard goes */
static void bound_from_input(void)
{
	for (int masked = 0; masked < 2; masked++) {
		struct pbuf b = {0};
		struct prog p;
		I(LI, 9, 0, 0x1000);
		I(LD, 15, 0, 0x40); /* n = input */
		if (masked)
			I(ANDI, 15, 15, 255);
		I(LI, 14, 0, 0);
		uint32_t head = b.n;
		BR(BGE, 14, 15, head + 5);
		R(ADD, 4, 9, 14);
		S(SB, 14, 4, 0); /* the guarded store */
		I(ADDI, 14, 14, 1);
		BR(BEQ, 0, 0, head);
		PB_N(&b, HALT);
		uint32_t st = head + 2;
		run_vrc(&p, &b, 1 << 16, NULL, 0);
		if (!masked)
			check(p.ok && !claimed(&p, st, VRC_CLAIM_MEM), "input_bound_kept",
			      "the store of a loop bounded by input lost its guard");
		else
			check(p.ok && claimed(&p, st, VRC_CLAIM_MEM), "masked_bound_elided",
			      "the store of a loop with a masked bound kept its guard");
		check(same(&p), masked ? "masked_bound_runs" : "input_bound_runs",
		      "translation differs from the interpreter");
		free(p.work);
	}
}

/* a constant indirect target and a constant syscall number are proven */
static void cfi_and_syscall(void)
{
	struct pbuf b = {0};
	struct prog p;
	I(LI, 13, 0, 4 * 3);
	pb_emit(&b, VELA_OP_JR, 0, 13, 0, 0); /* 1 */
	PB_N(&b, HALT);
	I(LI, 15, 0, 2); /* 3: target */
	I(LI, 3, 0, 1);
	I(LI, 4, 0, 0);
	I(LI, 5, 0, 0);
	PB_N(&b, SYSCALL); /* 7 */
	R(ADD, 13, 3, 0);
	pb_emit(&b, VELA_OP_JR, 0, 13, 0, 0); /* 9: unknown target */
	PB_N(&b, HALT);
	uint32_t tg[1] = {4 * 3};
	run_vrc(&p, &b, 1 << 16, tg, 1);
	uint64_t nr = 99;
	check(p.ok && claimed(&p, 1, VRC_CLAIM_CFI) && !claimed(&p, 9, VRC_CLAIM_CFI),
	      "constant_indirect_target", "CFI claims wrong");
	check(p.ok && vrc_syscall_number(&p.res, 4 * 7, &nr) && nr == 2, "syscall_number_proven",
	      "syscall number not proven");
	free(p.work);
}

/* the checker refuses forged certificates */
static void forged(void)
{
	struct pbuf b = {0};
	struct prog p;
	I(LI, 9, 0, 0x1000);
	I(LI, 14, 0, 0);
	I(LI, 15, 0, 64);
	uint32_t loop = b.n;
	R(ADD, 4, 9, 14);
	I(LBU, 5, 4, 0); /* 4 */
	I(LD, 6, 6, 0);	 /* 5: address from memory */
	I(ADDI, 14, 14, 1);
	BR(BLT, 14, 15, loop);
	PB_N(&b, HALT);
	run_vrc(&p, &b, 1 << 16, NULL, 0);
	size_t cw = vrc_check_work_size(b.n * 4);
	void *w = malloc(cw);
	struct vrc_check_error e;
	const struct vrc_cert *c = &p.res.cert;
	bool base = vrc_check(p.code, b.n * 4, 1 << 16, 0, NULL, 0, c, w, cw, &e);
	check(base && claimed(&p, 4, VRC_CLAIM_MEM), "genuine_accepted",
	      "genuine certificate refused");
	c->claims[5] |= VRC_CLAIM_MEM; /* claim the input address safe */
	bool r1 = vrc_check(p.code, b.n * 4, 1 << 16, 0, NULL, 0, c, w, cw, &e);
	check(!r1 && e.kind == VRC_FAIL_CLAIM && e.pc == 20, "forged_claim_refused", e.msg);
	c->claims[5] &= (uint8_t)~VRC_CLAIM_MEM;
	/* narrow the loop head's fact on the counter: no longer inductive */
	uint32_t L = 0;
	while (c->leader_pc[L] != loop * 4)
		L++;
	struct vrc_range keep = c->regs[L][14];
	c->regs[L][14].umax = 10;
	c->regs[L][14].smax = 10;
	bool r2 = vrc_check(p.code, b.n * 4, 1 << 16, 0, NULL, 0, c, w, cw, &e);
	check(!r2 && e.kind == VRC_FAIL_EDGE, "forged_fact_refused", e.msg);
	c->regs[L][14] = keep;
	/* a smaller sandbox than the certificate was made for */
	bool r3 = vrc_check(p.code, b.n * 4, 1 << 12, 0, NULL, 0, c, w, cw, &e);
	check(!r3, "other_sandbox_refused", "accepted for a 4 KiB sandbox");
	/* mark the loop unreachable */
	c->live[L] = 0;
	bool r4 = vrc_check(p.code, b.n * 4, 1 << 16, 0, NULL, 0, c, w, cw, &e);
	check(!r4 && e.kind == VRC_FAIL_EDGE, "forged_unreachable_refused", e.msg);
	c->live[L] = 1;
	c->leader_pc[L] += 4;
	bool r5 = vrc_check(p.code, b.n * 4, 1 << 16, 0, NULL, 0, c, w, cw, &e);
	check(!r5 && e.kind == VRC_FAIL_SHAPE, "forged_leaders_refused", e.msg);
	free(w);
	free(p.work);
}

/*
 * VELA-F: a float result is anything, a float compare 0 or 1. An index known
 * to be 8 proves its access until a float op (fadd.d, fcvt.l.d, fcvt.d.l)
 * overwrites it; an unknown index turned into a compare result (flt.d) proves
 * the access at index*8 in [0, 8]. The translation is not compared here (the
 * VELA-F translator cases are tested in tests/bridge).
 */
static void float_ranges(void)
{
	static const struct {
		unsigned op; /* VELA_OP_INVALID: no float op (control) */
		bool proven;
		const char *name;
	} cases[] = {
	    {VELA_OP_INVALID, true, "float_control_known_index_elided"},
	    {VELA_OP_FADDD, false, "float_result_kills_range"},
	    {VELA_OP_FCVTLD, false, "fcvt_result_kills_range"},
	    {VELA_OP_FCVTDL, false, "int_to_float_kills_range"},
	    {VELA_OP_FLTD, true, "fcmp_result_in_0_1"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct pbuf b = {0};
		struct prog p;
		bool cmp = cases[k].op == VELA_OP_FLTD;
		I(LI, 9, 0, 0x1000);
		I(LD, 6, 0, 0x40); /* inputs */
		I(LD, 7, 0, 0x48);
		if (cmp)
			I(LD, 5, 0, 0x50); /* index unknown before the compare */
		else
			I(LI, 5, 0, 8);
		if (cases[k].op != VELA_OP_INVALID)
			pb_emit(&b, cases[k].op, 5, cmp ? 6 : 5, cmp ? 7 : 0, 0);
		if (cmp)
			I(SLLI, 5, 5, 3);
		R(ADD, 4, 9, 5);
		uint32_t ld = b.n;
		I(LD, 8, 4, 0);
		PB_N(&b, HALT);
		run_vrc(&p, &b, 1 << 16, NULL, 0);
		check(p.ok && claimed(&p, ld, VRC_CLAIM_MEM) == cases[k].proven, cases[k].name,
		      cases[k].proven ? "the access kept its guard" : "the access lost its guard");
		char name[64];
		snprintf(name, sizeof name, "%s_agreed", cases[k].name);
		check(p.res.stats.disagreements == 0, name, "analyzer and checker disagree");
		if (!cases[k].proven) {
			/* the independent checker refuses the claim too */
			size_t cw = vrc_check_work_size(b.n * 4);
			void *w = malloc(cw);
			struct vrc_check_error e;
			p.res.cert.claims[ld] |= VRC_CLAIM_MEM;
			bool r =
			    vrc_check(p.code, b.n * 4, 1 << 16, 0, NULL, 0, &p.res.cert, w, cw, &e);
			snprintf(name, sizeof name, "%s_forged_refused", cases[k].name);
			check(!r && e.kind == VRC_FAIL_CLAIM, name,
			      "the checker accepted a claim on a float-derived address");
			free(w);
		}
		free(p.work);
	}
}

/* SP at entry is only known to lie under the argument block (a multiple of 16
 * in [mem_size - AE_ARGBLOCK_MAX_BYTES, mem_size]): an address that is in
 * bounds only if SP were exactly mem_size keeps its guard, a slot just under
 * SP is still proven */
static void sp_at_entry(void)
{
	struct pbuf b = {0};
	struct prog p;
	I(LI, 14, 0, 65536 - 8);
	R(SUB, 14, 2, 14); /* sp - (mem_size - 8): 8 only if sp == mem_size */
	I(LD, 3, 14, 0);   /* 2 */
	S(SD, 3, 2, -16);  /* 3: a stack slot */
	PB_N(&b, HALT);
	run_vrc(&p, &b, 1 << 16, NULL, 0);
	check(p.ok && !claimed(&p, 2, VRC_CLAIM_MEM), "sp_derived_address_kept",
	      "an address valid only for sp == mem_size lost its guard");
	check(p.ok && claimed(&p, 3, VRC_CLAIM_MEM), "stack_slot_under_sp_elided",
	      "a store 16 bytes under the entry SP kept its guard");
	check(same(&p), "sp_at_entry_runs", "translation differs from the interpreter");
	free(p.work);
}

int main(void)
{
	fixed_array();
	address_from_input();
	bound_from_input();
	cfi_and_syscall();
	forged();
	float_ranges();
	sp_at_entry();
	return fails ? 1 : 0;
}
