/* AetherBridge unit tests: every guard kind traps at the right pc with the right
 * address (and agrees with the interpreter), opcode semantics agree with the
 * interpreter under several ISA-ASLR seeds and both guard modes, invalid programs
 * are rejected with pc and reason, and random programs agree. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge/gen.h"
#include "bridge/unit.h"

static int fails, oks;

void report(const char *name, const char *err)
{
	if (err) {
		printf("[FAIL] bridge:%s: %s\n", name, err);
		fails++;
	} else {
		printf("[OK] bridge:%s\n", name);
		oks++;
	}
}

static uint8_t codebuf[4 * 4096];

struct native_prog prog_of(struct pbuf *b, uint64_t mem_size, const uint32_t *targets,
			   size_t ntargets)
{
	struct native_prog p;
	memset(&p, 0, sizeof p);
	for (uint32_t i = 0; i < b->n; i++)
		vela_store_word(codebuf + 4 * i, b->w[i]);
	p.code = codebuf;
	p.code_len = b->n * 4;
	p.targets = targets;
	p.ntargets = ntargets;
	p.mem_size = mem_size;
	p.caps = VELA_CAPS_ALL;
	return p;
}

const char *agree(const struct native_prog *p, uint64_t budget)
{
	return agree_seeds(p, budget, 8);
}

const char *agree_seeds(const struct native_prog *p, uint64_t budget, unsigned seeds)
{
	static char why[256];
	for (uint64_t seed = 1; seed <= seeds; seed++)
		for (int m = 0; m < 2; m++) {
			struct diff_opts o = {budget, 64, m ? NATIVE_ALL_GUARDS : NATIVE_NORMAL,
					      false};
			char w[200];
			if (!diff_one(p, seed, &o, w, sizeof w)) {
				snprintf(why, sizeof why, "seed %" PRIu64 " %s: %s", seed,
					 m ? "all-guards" : "normal", w);
				return why;
			}
		}
	return NULL;
}

void expect_trap(const char *name, struct pbuf *b, uint64_t mem, const uint32_t *targets, size_t nt,
		 unsigned kind, uint32_t pc, uint64_t addr, uint64_t budget)
{
	static char why[256];
	if (b->bad) {
		report(name, "program did not encode");
		return;
	}
	struct native_prog p = prog_of(b, mem, targets, nt);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct native_cfg cfg;
		memset(&cfg, 0, sizeof cfg);
		cfg.seed = seed;
		cfg.mode = NATIVE_ALL_GUARDS;
		cfg.shadow_cap = 64;
		cfg.time_budget = budget;
		struct diff_io io = {{0}, 0};
		cfg.syscall = diff_syscall;
		cfg.syscall_ctx = &io;
		struct native_result r;
		if (!native_run(&p, &cfg, &r)) {
			snprintf(why, sizeof why, "rejected: %s", r.error);
			native_free(&r);
			report(name, why);
			return;
		}
		bool ok = r.res.stop == VELA_STOP_TRAP && r.res.trap.kind == kind &&
			  r.res.trap.pc == pc && r.res.trap.addr == addr;
		if (!ok) {
			snprintf(why, sizeof why,
				 "seed %" PRIu64 ": got stop %d %s pc=0x%x addr=0x%" PRIx64
				 ", want %s pc=0x%x addr=0x%" PRIx64,
				 seed, r.res.stop, vela_trap_name(r.res.trap.kind), r.res.trap.pc,
				 r.res.trap.addr, vela_trap_name((enum vela_trap_kind)kind), pc,
				 addr);
			native_free(&r);
			report(name, why);
			return;
		}
		native_free(&r);
	}
	report(name, agree(&p, budget));
}

static void guard_tests(void)
{
	struct pbuf b;
	uint32_t tg[2];

	/* loads and stores at and past both ends of a 4 KiB sandbox */
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 4, 0, 4096 - 8);
	PB_I(&b, LD, 5, 4, 0); /* last 8 bytes: fine */
	PB_I(&b, LD, 5, 4, 1); /* one past: trap */
	expect_trap("oob_load_end", &b, 4096, NULL, 0, VELA_TRAP_OOB_LOAD, 8, 4096 - 7, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 4, 0, 0);
	PB_S(&b, SW, 4, 4, 0);
	PB_S(&b, SB, 4, 4, -1); /* address 2^64-1 */
	expect_trap("oob_store_negative", &b, 4096, NULL, 0, VELA_TRAP_OOB_STORE, 8, UINT64_MAX, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 9, 0, 4096 - 16);
	pb_emit(&b, VELA_OP_VSTORE, 0, 9, 1, 0);
	pb_emit(&b, VELA_OP_VLOAD, 2, 9, 0, 8);
	expect_trap("oob_vload", &b, 4096, NULL, 0, VELA_TRAP_OOB_LOAD, 8, 4096 - 8, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 1);
	PB_I(&b, SLLI, 3, 3, 63); /* INT64_MIN: huge address, wraps with offset */
	PB_I(&b, LBU, 4, 3, -1);
	PB_I(&b, LBU, 4, 3, 0);
	expect_trap("oob_load_wrap", &b, 4096, NULL, 0, VELA_TRAP_OOB_LOAD, 8,
		    0x7fffffffffffffffull, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 100);
	PB_R(&b, DIV, 5, 3, 0);
	expect_trap("div_zero_r0", &b, 4096, NULL, 0, VELA_TRAP_DIV_ZERO, 4, 0, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 100);
	PB_I(&b, LI, 12, 0, 0);
	PB_R(&b, REMU, 5, 3, 12);
	expect_trap("div_zero_remu", &b, 4096, NULL, 0, VELA_TRAP_DIV_ZERO, 8, 0, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 1);
	PB_I(&b, SLLI, 3, 3, 63);
	PB_I(&b, LI, 4, 0, -1);
	PB_R(&b, REM, 6, 3, 4); /* INT64_MIN % -1 = 0, no trap */
	PB_R(&b, DIV, 5, 3, 4);
	expect_trap("div_overflow", &b, 4096, NULL, 0, VELA_TRAP_DIV_OVERFLOW, 16, 0, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 1);
	PB_I(&b, SLLI, 3, 3, 31);
	PB_I(&b, LI, 4, 0, -1);
	PB_R(&b, REMW, 6, 3, 4);
	PB_R(&b, DIVW, 5, 3, 4);
	expect_trap("divw_overflow", &b, 4096, NULL, 0, VELA_TRAP_DIV_OVERFLOW, 16, 0, 0);

	/* CFI: a valid target works, a non-target, a misaligned one, one past the end */
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 7, 0, 12);
	PB_I(&b, JR, 0, 7, 0);
	PB_N(&b, HALT);
	PB_I(&b, LI, 7, 0, 24); /* 12: target */
	PB_I(&b, JR, 0, 7, 0);	/* 16 */
	PB_N(&b, HALT);
	PB_N(&b, HALT); /* 24: not a target */
	tg[0] = 12;
	expect_trap("cfi_non_target", &b, 4096, tg, 1, VELA_TRAP_CFI, 16, 24, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 7, 0, 6);
	PB_I(&b, CALLR, 0, 7, 0);
	PB_N(&b, HALT);
	tg[0] = 8;
	expect_trap("cfi_misaligned", &b, 4096, tg, 1, VELA_TRAP_CFI, 4, 6, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 7, 0, -4);
	PB_I(&b, JR, 0, 7, 0);
	PB_N(&b, HALT);
	expect_trap("cfi_outside", &b, 4096, tg, 1, VELA_TRAP_CFI, 4, (uint64_t)-4, 0);

	/* SHADOW: return with a forged link register; return with an empty stack */
	memset(&b, 0, sizeof b);
	PB_I(&b, CALL, 0, 0, 12); /* 0 -> 12 */
	PB_N(&b, HALT);		  /* 4 */
	PB_N(&b, HALT);		  /* 8 */
	PB_I(&b, ADDI, 1, 1, 4);  /* 12: lr = 8 */
	PB_N(&b, RET);		  /* 16 */
	expect_trap("shadow_mismatch", &b, 4096, NULL, 0, VELA_TRAP_SHADOW, 16, 8, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 1, 0, 4);
	PB_N(&b, RET);
	PB_N(&b, HALT);
	expect_trap("shadow_empty", &b, 4096, NULL, 0, VELA_TRAP_SHADOW, 4, 4, 0);

	/* CALL_DEPTH: unbounded recursion with a 64-entry shadow stack */
	memset(&b, 0, sizeof b);
	PB_I(&b, CALL, 0, 0, 0);
	expect_trap("call_depth", &b, 4096, NULL, 0, VELA_TRAP_CALL_DEPTH, 0, 0, 0);

	/* TIME: TIME.BIND 10 then a backward loop */
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 10);
	PB_I(&b, TIMEBIND, 0, 3, 0);
	PB_I(&b, ADDI, 4, 4, 1); /* 8 */
	PB_I(&b, J, 0, 0, -4);	 /* 12 -> 8 */
	expect_trap("time_budget", &b, 4096, NULL, 0, VELA_TRAP_TIME, 12, 8, 0);

	/* PROOF: 0 <= r3 <= 9 with r3 = 10 */
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 10);
	PB_I(&b, LI, 4, 0, 9);
	pb_emit(&b, VELA_OP_PROOFPATH, 3, 0, 4, 0);
	PB_N(&b, HALT);
	expect_trap("proof", &b, 4096, NULL, 0, VELA_TRAP_PROOF, 8, 10, 0);

	memset(&b, 0, sizeof b);
	PB_N(&b, NOP);
	pb_emit(&b, VELA_OP_BREAK, 0, 0, 0, 0x1234);
	expect_trap("break", &b, 4096, NULL, 0, VELA_TRAP_BREAK, 4, 0x1234, 0);

	memset(&b, 0, sizeof b);
	PB_N(&b, NOP);
	PB_N(&b, NOP);
	expect_trap("pc_past_end", &b, 4096, NULL, 0, VELA_TRAP_PC, 8, 8, 0);

	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 15, 0, 999);
	PB_N(&b, SYSCALL);
	expect_trap("syscall_unknown", &b, 4096, NULL, 0, VELA_TRAP_SYSCALL, 4, 999, 0);
}

/* r1 = -1, r3 = 1, r4 = INT64_MIN, r5 = INT32_MIN, r6 = 63, r7 = 64, r8 = INT32_MAX,
 * the rest wide values built with LI + SHORI. */
static void load_values(struct pbuf *b)
{
	PB_I(b, LI, 1, 0, -1);
	PB_I(b, LI, 3, 0, 1);
	PB_I(b, LI, 4, 0, 1);
	PB_I(b, SLLI, 4, 4, 63);
	PB_I(b, LI, 5, 0, 1);
	PB_I(b, SLLIW, 5, 5, 31);
	PB_I(b, LI, 6, 0, 63);
	PB_I(b, LI, 7, 0, 64);
	PB_I(b, LI, 8, 0, 1);
	PB_I(b, SLLI, 8, 8, 31);
	PB_I(b, ADDI, 8, 8, -1);
	for (unsigned r = 9; r < 16; r++) {
		PB_I(b, LI, r, 0, (int64_t)(r * 40503 % 262144) - 131072);
		if (r % 2)
			PB_I(b, SHORI, r, 0, (r * 7919) % 262144);
		if (r % 3)
			PB_I(b, SHORI, r, 0, (r * 104729) % 262144);
	}
}

/* Programs over every opcode with all registers live (so some are spilled). */
static void semantic_tests(void)
{
	struct pbuf b;
	static const uint8_t rops[] = {
	    VELA_OP_ADD,  VELA_OP_SUB,	VELA_OP_AND,   VELA_OP_OR,   VELA_OP_XOR,  VELA_OP_SLL,
	    VELA_OP_SRL,  VELA_OP_SRA,	VELA_OP_ROL,   VELA_OP_ROR,  VELA_OP_SLT,  VELA_OP_SLTU,
	    VELA_OP_MUL,  VELA_OP_MULH, VELA_OP_MULHU, VELA_OP_DIV,  VELA_OP_DIVU, VELA_OP_REM,
	    VELA_OP_REMU, VELA_OP_ADDW, VELA_OP_SUBW,  VELA_OP_SLLW, VELA_OP_SRLW, VELA_OP_SRAW,
	    VELA_OP_MULW, VELA_OP_DIVW, VELA_OP_DIVUW, VELA_OP_REMW, VELA_OP_REMUW};
	char name[64];
	for (size_t o = 0; o < sizeof rops; o++) {
		memset(&b, 0, sizeof b);
		/* values: all registers loaded (edges and wide randoms), then the op
		 * over many register pairs */
		load_values(&b);
		for (unsigned k = 0; k < 40; k++) {
			unsigned rd = 1 + (k * 7) % 15, a = (k * 3) % 16, c = (k * 5 + 1) % 16;
			bool div = rops[o] >= VELA_OP_DIV && rops[o] <= VELA_OP_REMU;
			div = div || (rops[o] >= VELA_OP_DIVW && rops[o] <= VELA_OP_REMUW);
			if (div) {
				/* keep divisor nonzero: divisor |= 1 into r2 trick */
				PB_I(&b, ORI, 2, c, 1);
				c = 2;
			}
			if (rd == 2)
				rd = 3;
			pb_emit(&b, rops[o], rd, a, c, 0);
		}
		PB_N(&b, HALT);
		struct native_prog p = prog_of(&b, 4096, NULL, 0);
		snprintf(name, sizeof name, "op_%s", vela_opinfo(rops[o])->mnemonic);
		report(name, b.bad ? "encode" : agree(&p, 0));
	}

	/* immediates, shifts, unary, loads/stores of each size, vectors */
	memset(&b, 0, sizeof b);
	load_values(&b);
	PB_I(&b, SHORI, 5, 0, 0x2abcd);
	PB_I(&b, SHORI, 5, 0, 0x12345);
	static const uint8_t iops[] = {VELA_OP_ADDI, VELA_OP_ANDI,  VELA_OP_ORI,  VELA_OP_XORI,
				       VELA_OP_SLTI, VELA_OP_SLTIU, VELA_OP_ADDIW};
	for (unsigned k = 0; k < 60; k++)
		pb_emit(&b, iops[k % 7], 1 + k % 15, (k * 7) % 16, 0,
			(int64_t)(k * 131 % 4096) - 2048);
	static const uint8_t sops[] = {VELA_OP_SLLI,  VELA_OP_SRLI,  VELA_OP_SRAI,
				       VELA_OP_SLLIW, VELA_OP_SRLIW, VELA_OP_SRAIW};
	for (unsigned k = 0; k < 48; k++)
		pb_emit(&b, sops[k % 6], 1 + k % 15, (k * 11) % 16, 0, k % 6 < 3 ? k % 64 : k % 32);
	for (unsigned k = 0; k < 15; k++) {
		pb_emit(&b, VELA_OP_CLZ, 1 + k, (k * 4) % 16, 0, 0);
		pb_emit(&b, VELA_OP_CTZ, 1 + (k + 3) % 15, (k * 5) % 16, 0, 0);
		pb_emit(&b, VELA_OP_POPCNT, 1 + (k + 6) % 15, (k * 6) % 16, 0, 0);
	}
	PB_N(&b, HALT);
	struct native_prog p = prog_of(&b, 4096, NULL, 0);
	report("imm_shift_unary", b.bad ? "encode" : agree(&p, 0));

	memset(&b, 0, sizeof b);
	load_values(&b);
	static const uint8_t st[] = {VELA_OP_SB, VELA_OP_SH, VELA_OP_SW, VELA_OP_SD};
	static const uint8_t ld[] = {VELA_OP_LB, VELA_OP_LBU, VELA_OP_LH, VELA_OP_LHU,
				     VELA_OP_LW, VELA_OP_LWU, VELA_OP_LD};
	for (unsigned k = 0; k < 64; k++)
		PB_S(&b, SD, 1 + k % 15, 0, (int64_t)k * 8);
	for (unsigned k = 0; k < 40; k++)
		pb_emit(&b, st[k % 4], 0, 0, 1 + (k * 7) % 15, (int64_t)(k * 37 % 500));
	for (unsigned k = 0; k < 60; k++)
		pb_emit(&b, ld[k % 7], 1 + k % 15, 0, 0, (int64_t)(k * 29 % 500));
	for (unsigned k = 0; k < 8; k++) {
		pb_emit(&b, VELA_OP_VLOAD, k, 0, 0, (int64_t)k * 24);
		pb_emit(&b, VELA_OP_VSCALARW, (k + 1) % 8, 1 + k, 0, 0);
		pb_emit(&b, VELA_OP_VSPLATW, (k + 2) % 8, 3 + k, 0, 0);
	}
	static const uint8_t vo[] = {VELA_OP_VADDD, VELA_OP_VADDQ, VELA_OP_VAND, VELA_OP_VOR,
				     VELA_OP_VXOR};
	for (unsigned k = 0; k < 40; k++)
		pb_emit(&b, vo[k % 5], k % 8, (k * 3) % 8, (k * 5 + 1) % 8, 0);
	for (unsigned k = 0; k < 16; k++)
		pb_emit(&b, VELA_OP_VGETW, 1 + k % 15, k % 8, 0, k % 4);
	pb_emit(&b, VELA_OP_VZERO, 3, 0, 0, 0);
	for (unsigned k = 0; k < 8; k++)
		pb_emit(&b, VELA_OP_VSTORE, 0, 0, k, 1024 + (int64_t)k * 16);
	PB_N(&b, HALT);
	p = prog_of(&b, 4096, NULL, 0);
	report("loads_stores_vectors", b.bad ? "encode" : agree(&p, 0));

	/* loops, calls and returns, indirect calls, write syscall, exit syscall */
	memset(&b, 0, sizeof b);
	uint32_t tg[1];
	PB_I(&b, LI, 3, 0, 0);	   /* 0 */
	PB_I(&b, LI, 4, 0, 100);   /* 4 */
	PB_I(&b, CALL, 0, 0, 40);  /* 8 -> 48 */
	PB_I(&b, ADDI, 4, 4, -1);  /* 12 */
	PB_B(&b, BNE, 4, 0, -8);   /* 16 -> 8 */
	PB_I(&b, LI, 7, 0, 48);	   /* 20 */
	PB_I(&b, CALLR, 0, 7, 0);  /* 24 */
	PB_S(&b, SD, 3, 0, 64);	   /* 28 */
	PB_I(&b, LI, 15, 0, 2);	   /* 32: write(1, 64, 8) */
	PB_I(&b, LI, 4, 0, 64);	   /* 36 */
	PB_I(&b, J, 0, 0, 28);	   /* 40 -> 68 */
	PB_N(&b, HALT);		   /* 44 */
	PB_R(&b, ADD, 3, 3, 4);	   /* 48: fn */
	PB_I(&b, ADDI, 2, 2, -16); /* 52 */
	PB_S(&b, SD, 1, 2, 0);	   /* 56 */
	PB_I(&b, LD, 1, 2, 0);	   /* 60 */
	PB_N(&b, RET);		   /* 64 */
	PB_I(&b, LI, 5, 0, 8);	   /* 68 */
	PB_I(&b, ADDI, 2, 2, 32);  /* 72 */
	PB_R(&b, ADD, 3, 0, 0);	   /* 76 */
	PB_I(&b, ADDI, 3, 3, 1);   /* 80 */
	PB_N(&b, SYSCALL);	   /* 84 */
	PB_I(&b, LI, 15, 0, 0);	   /* 88 */
	PB_I(&b, LI, 3, 0, 42);	   /* 92 */
	PB_N(&b, SYSCALL);	   /* 96 */
	tg[0] = 48;
	p = prog_of(&b, 4096, tg, 1);
	report("calls_loops_syscalls", b.bad ? "encode" : agree(&p, 0));
	report("calls_loops_budget", b.bad ? "encode" : agree(&p, 150));

	/* li + shori folding must not swallow a shori that a branch enters */
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 3, 0, 1);	  /* 0 */
	PB_I(&b, SHORI, 3, 0, 5); /* 4: target of the loop below */
	PB_I(&b, SHORI, 3, 0, 7); /* 8 */
	PB_I(&b, ADDI, 4, 4, 1);  /* 12 */
	PB_I(&b, LI, 5, 0, 3);	  /* 16 */
	PB_B(&b, BLT, 4, 5, -16); /* 20 -> 4 */
	PB_I(&b, LI, 6, 0, -1);	  /* 24: folded: li, shori, shori */
	PB_I(&b, SHORI, 6, 0, 0x3ffff);
	PB_I(&b, SHORI, 6, 0, 0x12345);
	PB_N(&b, HALT);
	p = prog_of(&b, 4096, NULL, 0);
	report("li_shori_folding", b.bad ? "encode" : agree(&p, 0));

	/* CHAOS in a loop: re-translation mid-run keeps every value */
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 4, 0, 5);
	PB_N(&b, CHAOS);
	PB_I(&b, ADDI, 3, 3, 3);
	PB_I(&b, ADDI, 4, 4, -1);
	PB_B(&b, BNE, 4, 0, -12);
	PB_N(&b, HALT);
	p = prog_of(&b, 4096, NULL, 0);
	report("chaos_redraw", b.bad ? "encode" : agree(&p, 0));
}

static void reject(const char *name, const uint32_t *w, size_t n, uint32_t entry,
		   const uint32_t *tg, size_t nt, uint32_t caps, const char *want)
{
	uint8_t code[64];
	for (size_t i = 0; i < n; i++)
		vela_store_word(code + 4 * i, w[i]);
	struct native_prog p;
	memset(&p, 0, sizeof p);
	p.code = code;
	p.code_len = (uint32_t)(n * 4);
	if (strcmp(name, "reject_code_size") == 0)
		p.code_len -= 2;
	p.entry = entry;
	p.targets = tg;
	p.ntargets = nt;
	p.mem_size = strcmp(name, "reject_mem_size") == 0 ? 5000 : 4096;
	p.caps = caps;
	struct native_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	struct native_result r;
	char why[256];
	if (native_run(&p, &cfg, &r)) {
		native_free(&r);
		report(name, "accepted an invalid program");
		return;
	}
	if (!strstr(r.error, want)) {
		snprintf(why, sizeof why, "message '%s' lacks '%s'", r.error, want);
		native_free(&r);
		report(name, why);
		return;
	}
	native_free(&r);
	report(name, NULL);
}

static void reject_tests(void)
{
	const uint32_t halt = (uint32_t)VELA_OP_HALT << 24, nop = (uint32_t)VELA_OP_NOP << 24;
	uint32_t w[4];
	uint32_t tg[1];
#define R(nm, e, t, nt, caps, want, ...)                                                           \
	do {                                                                                       \
		const uint32_t ws[] = {__VA_ARGS__};                                               \
		reject(nm, ws, sizeof ws / 4, e, t, nt, caps, want);                               \
	} while (0)
	R("reject_undefined", 0, NULL, 0, VELA_CAPS_ALL, "pc=0x4 : undefined opcode", nop,
	  0xd0000000u, halt);
	R("reject_zero_word", 0, NULL, 0, VELA_CAPS_ALL, "pc=0x8 : undefined opcode", nop, nop, 0,
	  halt);
	/* 0xb3 is a hole in the VELA-F compares; fsqrt.s (R2) has no rs2 field */
	R("reject_vela_f_hole", 0, NULL, 0, VELA_CAPS_ALL, "undefined opcode", 0xb3000000u);
	R("reject_vela_f_reserved", 0, NULL, 0, VELA_CAPS_ALL, "reserved bits",
	  (uint32_t)VELA_OP_FSQRTS << 24 | 3u << 18 | 4u << 12 | 5u << 6);
	R("reject_reserved_n", 0, NULL, 0, VELA_CAPS_ALL, "pc=0x0 : reserved bits", halt | 1);
	R("reject_reserved_r", 0, NULL, 0, VELA_CAPS_ALL, "reserved bits",
	  (uint32_t)VELA_OP_ADD << 24 | 5);
	R("reject_register", 0, NULL, 0, VELA_CAPS_ALL, "register number out of range",
	  (uint32_t)VELA_OP_ADD << 24 | 17u << 18);
	R("reject_vregister", 0, NULL, 0, VELA_CAPS_ALL, "register number out of range",
	  (uint32_t)VELA_OP_VADDD << 24 | 9u << 18);
	R("reject_shift_w", 0, NULL, 0, VELA_CAPS_ALL, "immediate out of range",
	  (uint32_t)VELA_OP_SLLIW << 24 | 1u << 18 | 40);
	R("reject_lane", 0, NULL, 0, VELA_CAPS_ALL, "immediate out of range",
	  (uint32_t)VELA_OP_VGETW << 24 | 1u << 18 | 5);
	R("reject_branch_target", 0, NULL, 0, VELA_CAPS_ALL, "pc=0x4 : branch target outside", nop,
	  (uint32_t)VELA_OP_BEQ << 24 | 0x100, halt);
	R("reject_jump_back", 0, NULL, 0, VELA_CAPS_ALL, "branch target outside",
	  (uint32_t)VELA_OP_J << 24 | 0xffffff);
	R("reject_call_target", 0, NULL, 0, VELA_CAPS_ALL, "branch target outside",
	  (uint32_t)VELA_OP_CALL << 24 | 8);
	R("reject_capability", 0, NULL, 0, 0, "capability", nop, (uint32_t)VELA_OP_FSOPEN << 24);
	R("reject_code_size", 0, NULL, 0, VELA_CAPS_ALL, "code size", nop, halt);
	R("reject_entry_outside", 8, NULL, 0, VELA_CAPS_ALL, "pc=0x8 : entry point", nop, halt);
	R("reject_entry_misaligned", 2, NULL, 0, VELA_CAPS_ALL, "entry point", nop, halt);
	tg[0] = 6;
	R("reject_target_misaligned", 0, tg, 1, VELA_CAPS_ALL, "pc=0x6 : indirect target", nop,
	  halt);
	tg[0] = 64;
	R("reject_target_outside", 0, tg, 1, VELA_CAPS_ALL, "indirect target", nop, halt);
	R("reject_mem_size", 0, NULL, 0, VELA_CAPS_ALL, "power of two", halt);
	(void)w;
#undef R
}

/* The local elision pass: what it may drop, what it must keep, and why. */
static void elision_tests(void)
{
	struct pbuf b;
	memset(&b, 0, sizeof b);
	PB_I(&b, LI, 4, 0, 64);
	PB_I(&b, LD, 3, 4, 0);	   /* 4: kept, r4 covers [0,8) */
	PB_I(&b, LD, 5, 4, 8);	   /* 8: kept, hull [0,16) */
	PB_I(&b, LW, 6, 4, 4);	   /* 12: elided, inside [0,16) */
	PB_I(&b, LD, 7, 0, 128);   /* 16: elided, constant address */
	PB_I(&b, ADDI, 4, 4, 100); /* 20: r4 changes */
	PB_I(&b, LW, 6, 4, 4);	   /* 24: kept again */
	PB_I(&b, LD, 4, 4, 0);	   /* 28: kept (covers [0,8)), then r4 is overwritten */
	PB_I(&b, LD, 6, 4, 0);	   /* 32: kept: r4 is a new value */
	PB_B(&b, BEQ, 0, 0, 4);	   /* 36: block ends */
	PB_I(&b, LD, 6, 9, 0);	   /* 40: kept */
	PB_I(&b, LD, 6, 9, 0);	   /* 44: elided */
	PB_I(&b, LD, 6, 0, 4096);  /* 48: constant but outside: kept */
	PB_N(&b, HALT);
	uint8_t code[4 * 64], elide[64];
	struct bridge_fact facts[64];
	for (uint32_t i = 0; i < b.n; i++)
		vela_store_word(code + 4 * i, b.w[i]);
	bridge_elide_local(code, b.n * 4, 4096, NULL, 0, elide, facts);
	static const uint8_t want[] = {0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0};
	char why[128] = "";
	for (uint32_t i = 0; i < b.n && !why[0]; i++)
		if (!!elide[i] != want[i])
			snprintf(why, sizeof why, "pc=0x%x: elided=%d, expected %d", i * 4,
				 elide[i], want[i]);
	if (!why[0] && (facts[3].kind != BRIDGE_FACT_COVER || facts[3].lo != 0 ||
			facts[3].hi != 16 || facts[3].reg != 4))
		snprintf(why, sizeof why, "pc=0xc: wrong fact");
	if (!why[0] && facts[4].kind != BRIDGE_FACT_CONST)
		snprintf(why, sizeof why, "pc=0x10: wrong fact");
	char text[96];
	bridge_fact_str(&facts[3], text, sizeof text);
	if (!why[0] && !strstr(text, "covered by guard at pc=0x8 on r4 [0,16)"))
		snprintf(why, sizeof why, "fact text '%s'", text);
	report("local_elision", why[0] ? why : NULL);
	struct native_prog p = prog_of(&b, 4096, NULL, 0);
	report("local_elision_agrees", agree(&p, 0));
}

/* The UNSAFE no-guards mode is compiled only into benchmark builds. */
static void unsafe_absent(void)
{
	struct pbuf b;
	memset(&b, 0, sizeof b);
	PB_N(&b, HALT);
	struct native_prog p = prog_of(&b, 4096, NULL, 0);
	struct native_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.mode = NATIVE_UNSAFE;
	struct native_result r;
	bool ran = native_run(&p, &cfg, &r);
	bool ok = !ran && strstr(r.error, "only in benchmark builds");
	native_free(&r);
	report("unsafe_mode_absent", ok ? NULL : "the unsafe mode ran in a normal build");
}

static void random_tests(void)
{
	uint8_t bytes[512];
	uint64_t s = 0x12345;
	int bad = 0;
	char why[256] = "", first[300] = "";
	static struct gen_prog g;
	for (int k = 0; k < 300; k++) {
		for (size_t i = 0; i < sizeof bytes; i++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			bytes[i] = (uint8_t)(s >> 56);
		}
		gen_program(&g, bytes, sizeof bytes);
		if (g.pb.bad)
			continue;
		if (getenv("BRIDGE_DUMP") && atoi(getenv("BRIDGE_DUMP")) == k) {
			struct native_cfg cfg;
			memset(&cfg, 0, sizeof cfg);
			cfg.seed = (uint64_t)k * 7919 + 1;
			cfg.mode = k % 2 ? NATIVE_ALL_GUARDS : NATIVE_NORMAL;
			cfg.dump = stdout;
			cfg.time_budget = 20000;
			struct native_result r;
			native_run(&g.prog, &cfg, &r);
			native_free(&r);
		}
		struct diff_opts o = {20000, 32, k % 2 ? NATIVE_ALL_GUARDS : NATIVE_NORMAL, true};
		if (!diff_one(&g.prog, (uint64_t)k * 7919 + 1, &o, why, sizeof why)) {
			if (!bad)
				snprintf(first, sizeof first, "program %d: %s", k, why);
			bad++;
		}
	}
	report("random_programs_300", bad ? first : NULL);
}

int main(void)
{
	guard_tests();
	semantic_tests();
	reject_tests();
	elision_tests();
	unsafe_absent();
	random_tests();
	float_tests();
	printf("bridge: %d ok, %d failed\n", oks, fails);
	return fails ? 1 : 0;
}
