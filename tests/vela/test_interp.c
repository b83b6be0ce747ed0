/*
 * VELA reference interpreter: every opcode's semantics (docs/vela-isa.md
 * section 5) with its edge cases, the traps of section 6 and the machine
 * rules (R0, shadow stack, CFI, budgets).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vtest.h"

#define MIN64 0x8000000000000000ull
#define ALL1  0xffffffffffffffffull

static struct vt *new_vt(void)
{
	struct vt *t = malloc(sizeof(*t));
	assert_non_null(t);
	vt_init(t);
	return t;
}

static uint64_t rr(enum vela_op op, uint64_t a, uint64_t b)
{
	struct vela_result res;
	uint64_t v = vt_rr(op, a, b, &res);
	assert_int_equal(res.stop, VELA_STOP_EXIT);
	return v;
}

static enum vela_trap_kind rr_trap(enum vela_op op, uint64_t a, uint64_t b)
{
	struct vela_result res;
	vt_rr(op, a, b, &res);
	assert_int_equal(res.stop, VELA_STOP_TRAP);
	assert_int_equal(res.trap.pc, 32); /* after two 4-word li sequences */
	return res.trap.kind;
}

static uint64_t ri(enum vela_op op, uint64_t a, int64_t imm)
{
	struct vela_result res;
	uint64_t v = vt_ri(op, a, imm, &res);
	assert_int_equal(res.stop, VELA_STOP_EXIT);
	return v;
}

static void test_add_sub_logic(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_ADD, ALL1, 1), 0);
	assert_int_equal(rr(VELA_OP_ADD, 0x7fffffffffffffffull, 1), MIN64); /* wraps, no trap */
	assert_int_equal(rr(VELA_OP_SUB, 0, 1), ALL1);
	assert_int_equal(rr(VELA_OP_AND, 0xf0f0, 0xff00), 0xf000);
	assert_int_equal(rr(VELA_OP_OR, 0xf0f0, 0xff00), 0xfff0);
	assert_int_equal(rr(VELA_OP_XOR, 0xf0f0, 0xff00), 0x0ff0);
}

static void test_shifts_rotates(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_SLL, 1, 63), MIN64);
	assert_int_equal(rr(VELA_OP_SLL, 1, 64), 1); /* amount & 63 */
	assert_int_equal(rr(VELA_OP_SLL, 1, 65), 2);
	assert_int_equal(rr(VELA_OP_SRL, MIN64, 63), 1);
	assert_int_equal(rr(VELA_OP_SRL, MIN64, 64), MIN64);
	assert_int_equal(rr(VELA_OP_SRA, MIN64, 63), ALL1);
	assert_int_equal(rr(VELA_OP_SRA, MIN64, 64), MIN64);
	assert_int_equal(rr(VELA_OP_ROL, MIN64 | 1, 1), 3);
	assert_int_equal(rr(VELA_OP_ROR, 3, 1), MIN64 | 1);
	assert_int_equal(rr(VELA_OP_ROL, 0x1234, 64), 0x1234);
	assert_int_equal(rr(VELA_OP_ROR, 0x1234, 0), 0x1234);
	assert_int_equal(ri(VELA_OP_SLLI, 1, 63), MIN64);
	assert_int_equal(ri(VELA_OP_SRLI, MIN64, 63), 1);
	assert_int_equal(ri(VELA_OP_SRAI, MIN64, 63), ALL1);
	assert_int_equal(ri(VELA_OP_SRAI, MIN64, 0), MIN64);
}

static void test_w_shifts(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_SLLW, 1, 31), 0xffffffff80000000ull); /* sign-extended */
	assert_int_equal(rr(VELA_OP_SLLW, 1, 32), 1);			  /* amount & 31 */
	assert_int_equal(rr(VELA_OP_SRLW, 0xffffffff80000000ull, 31), 1);
	assert_int_equal(rr(VELA_OP_SRLW, 0x80000000ull, 0), 0xffffffff80000000ull);
	assert_int_equal(rr(VELA_OP_SRAW, 0x80000000ull, 31), ALL1);
	assert_int_equal(rr(VELA_OP_SRAW, 0x123450000ull, 4), 0x2345000);
	assert_int_equal(rr(VELA_OP_SRAW, 0xf0000000ull, 4), 0xffffffffff000000ull);
	assert_int_equal(ri(VELA_OP_SLLIW, 3, 31), 0xffffffff80000000ull);
	assert_int_equal(ri(VELA_OP_SRLIW, ALL1, 31), 1);
	assert_int_equal(ri(VELA_OP_SRAIW, 0x80000000ull, 31), ALL1);
}

static void test_compare(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_SLT, ALL1, 0), 1);
	assert_int_equal(rr(VELA_OP_SLTU, ALL1, 0), 0);
	assert_int_equal(rr(VELA_OP_SLT, MIN64, 0x7fffffffffffffffull), 1);
	assert_int_equal(rr(VELA_OP_SLT, 5, 5), 0);
	assert_int_equal(ri(VELA_OP_SLTI, ALL1, 0), 1);
	assert_int_equal(ri(VELA_OP_SLTIU, 5, -1), 1); /* -1 sign-extends to ALL1 */
	assert_int_equal(ri(VELA_OP_SLTIU, ALL1, -1), 0);
}

static void test_mul(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_MUL, ALL1, ALL1), 1);
	assert_int_equal(rr(VELA_OP_MUL, MIN64, ALL1), MIN64);
	assert_int_equal(rr(VELA_OP_MULH, ALL1, ALL1), 0); /* (-1)*(-1) = 1 */
	assert_int_equal(rr(VELA_OP_MULHU, ALL1, ALL1), ALL1 - 1);
	assert_int_equal(rr(VELA_OP_MULH, MIN64, MIN64), 0x4000000000000000ull);
	assert_int_equal(rr(VELA_OP_MULH, MIN64, 2), ALL1);
	assert_int_equal(rr(VELA_OP_MULHU, MIN64, 2), 1);
	assert_int_equal(rr(VELA_OP_MULW, 0x10000, 0x10000), 0);
	assert_int_equal(rr(VELA_OP_MULW, 0x40000000, 2), 0xffffffff80000000ull);
}

static void test_div_rem(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_DIV, (uint64_t)-7, 2), (uint64_t)-3); /* toward zero */
	assert_int_equal(rr(VELA_OP_REM, (uint64_t)-7, 2), (uint64_t)-1); /* sign of dividend */
	assert_int_equal(rr(VELA_OP_DIVU, ALL1, 2), 0x7fffffffffffffffull);
	assert_int_equal(rr(VELA_OP_REMU, ALL1, 10), 5);
	assert_int_equal(rr_trap(VELA_OP_DIV, MIN64, ALL1), VELA_TRAP_DIV_OVERFLOW);
	assert_int_equal(rr(VELA_OP_REM, MIN64, ALL1), 0);
	assert_int_equal(rr(VELA_OP_DIVU, MIN64, ALL1), 0);
	for (enum vela_op op = VELA_OP_DIV; op <= VELA_OP_REMU; op++)
		assert_int_equal(rr_trap(op, 1, 0), VELA_TRAP_DIV_ZERO);
}

static void test_div_rem_w(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_DIVW, 0xfffffff9, 2), (uint64_t)-3);
	assert_int_equal(rr(VELA_OP_REMW, 0xfffffff9, 2), (uint64_t)-1);
	assert_int_equal(rr_trap(VELA_OP_DIVW, 0x80000000, 0xffffffff), VELA_TRAP_DIV_OVERFLOW);
	assert_int_equal(rr(VELA_OP_REMW, 0x80000000, 0xffffffff), 0);
	assert_int_equal(rr(VELA_OP_DIVUW, 0xffffffff, 1), ALL1); /* result sign-extended */
	assert_int_equal(rr(VELA_OP_REMUW, 0xffffffff, 0x10), 15);
	/* only the low 32 bits of the operands count */
	assert_int_equal(rr(VELA_OP_DIVW, 0x100000006, 0x200000003), 2);
	assert_int_equal(rr_trap(VELA_OP_DIVW, 5, 0x100000000ull), VELA_TRAP_DIV_ZERO);
	assert_int_equal(rr_trap(VELA_OP_DIVUW, 5, 0), VELA_TRAP_DIV_ZERO);
	assert_int_equal(rr_trap(VELA_OP_REMW, 5, 0), VELA_TRAP_DIV_ZERO);
	assert_int_equal(rr_trap(VELA_OP_REMUW, 5, 0), VELA_TRAP_DIV_ZERO);
}

static void test_w_arith(void **state)
{
	(void)state;
	assert_int_equal(rr(VELA_OP_ADDW, 0x7fffffff, 1), 0xffffffff80000000ull);
	assert_int_equal(rr(VELA_OP_ADDW, 0xffffffff00000001ull, 0), 1);
	assert_int_equal(rr(VELA_OP_SUBW, 0, 1), ALL1);
	assert_int_equal(ri(VELA_OP_ADDIW, 0x7fffffff, 1), 0xffffffff80000000ull);
	assert_int_equal(ri(VELA_OP_ADDIW, 0x1ffffffffull, 0), ALL1); /* sext.w */
}

static void test_immediates(void **state)
{
	(void)state;
	assert_int_equal(ri(VELA_OP_ADDI, 0, -2048), (uint64_t)-2048);
	assert_int_equal(ri(VELA_OP_ADDI, ALL1, 1), 0);
	assert_int_equal(ri(VELA_OP_ANDI, ALL1, -2048), ALL1 << 11);
	assert_int_equal(ri(VELA_OP_ORI, 0, -1), ALL1);
	assert_int_equal(ri(VELA_OP_XORI, 0x5555, 2047), 0x5555 ^ 2047);
}

static void test_unary(void **state)
{
	(void)state;
	assert_int_equal(ri(VELA_OP_CLZ, 0, 0), 64);
	assert_int_equal(ri(VELA_OP_CLZ, 1, 0), 63);
	assert_int_equal(ri(VELA_OP_CLZ, MIN64, 0), 0);
	assert_int_equal(ri(VELA_OP_CTZ, 0, 0), 64);
	assert_int_equal(ri(VELA_OP_CTZ, MIN64, 0), 63);
	assert_int_equal(ri(VELA_OP_POPCNT, ALL1, 0), 64);
	assert_int_equal(ri(VELA_OP_POPCNT, 0x8000000000000101ull, 0), 3);
}

static void test_constants_and_r0(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_LI, 3, 0, 0, -131072);
	vt_op(t, VELA_OP_LI, 4, 0, 0, 131071);
	vt_op(t, VELA_OP_LI, 5, 0, 0, 1);
	vt_op(t, VELA_OP_SHORI, 5, 0, 0, 0x3ffff);
	vt_op(t, VELA_OP_ADDI, 0, 0, 0, 5); /* write to R0: discarded */
	vt_op(t, VELA_OP_LI, 0, 0, 0, 7);   /* also discarded */
	vt_op(t, VELA_OP_ADD, 6, 0, 0, 0);  /* reads 0 */
	vt_op(t, VELA_OP_LD, 0, 0, 0, 0);   /* load into R0: discarded */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	t->mem[0] = 0x55;
	struct vela_result res = vt_run(t);
	assert_int_equal(res.stop, VELA_STOP_EXIT);
	assert_int_equal(t->m.r[3], (uint64_t)-131072);
	assert_int_equal(t->m.r[4], 131071);
	assert_int_equal(t->m.r[5], (1u << 18) | 0x3ffff);
	assert_int_equal(t->m.r[0], 0);
	assert_int_equal(t->m.r[6], 0);
	free(t);
}

static void test_load_sign_extension(void **state)
{
	(void)state;
	static const struct {
		enum vela_op op;
		uint64_t want;
	} cases[] = {
	    {VELA_OP_LB, 0xffffffffffffff88ull}, {VELA_OP_LBU, 0x88},
	    {VELA_OP_LH, 0xffffffffffff9988ull}, {VELA_OP_LHU, 0x9988},
	    {VELA_OP_LW, 0xffffffffbbaa9988ull}, {VELA_OP_LWU, 0xbbaa9988ull},
	    {VELA_OP_LD, 0xffeeddccbbaa9988ull},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vt *t = new_vt();
		vt_op(t, VELA_OP_LI, 4, 0, 0, 0x100);
		vt_op(t, cases[i].op, 3, 4, 0, 3); /* misaligned on purpose: address 0x103 */
		vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
		uint64_t v = 0xffeeddccbbaa9988ull;
		for (int k = 0; k < 8; k++)
			t->mem[0x103 + k] = (uint8_t)(v >> (8 * k));
		struct vela_result res = vt_run(t);
		assert_int_equal(res.stop, VELA_STOP_EXIT);
		assert_int_equal(t->m.r[3], cases[i].want);
		free(t);
	}
	/* positive values zero-fill the top */
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_LB, 3, 0, 0, 0);
	vt_op(t, VELA_OP_LH, 4, 0, 0, 0);
	vt_op(t, VELA_OP_LW, 5, 0, 0, 0);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	memcpy(t->mem, "\x7f\x7f\x7f\x7f", 4);
	vt_run(t);
	assert_int_equal(t->m.r[3], 0x7f);
	assert_int_equal(t->m.r[4], 0x7f7f);
	assert_int_equal(t->m.r[5], 0x7f7f7f7f);
	free(t);
}

static void test_stores(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_li(t, 3, 0x1122334455667788ull);
	vt_op(t, VELA_OP_LI, 4, 0, 0, 0x200);
	vt_op(t, VELA_OP_SB, 0, 4, 3, 0);
	vt_op(t, VELA_OP_SH, 0, 4, 3, 16);
	vt_op(t, VELA_OP_SW, 0, 4, 3, 32);
	vt_op(t, VELA_OP_SD, 0, 4, 3, -16); /* negative offset */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	vt_run(t);
	assert_memory_equal(t->mem + 0x200, "\x88\x00", 2);
	assert_memory_equal(t->mem + 0x210, "\x88\x77\x00", 3);
	assert_memory_equal(t->mem + 0x220, "\x88\x77\x66\x55\x00", 5);
	assert_memory_equal(t->mem + 0x1f0, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	free(t);
}

/* A load/store of `op` at address `addr`: the trap (or none) it raises. */
static struct vela_result access_at(enum vela_op op, uint64_t addr, struct vt **keep)
{
	struct vt *t = new_vt();
	vt_li(t, 4, addr);
	vt_li(t, 5, 0x1234);
	if (vela_ops[op].cls == VELA_CLS_STORE || op == VELA_OP_VSTORE)
		vt_op(t, op, 0, 4, 5, 0);
	else
		vt_op(t, op, 3, 4, 0, 0);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	struct vela_result res = vt_run(t);
	if (keep)
		*keep = t;
	else
		free(t);
	return res;
}

static void test_bounds(void **state)
{
	(void)state;
	static const enum vela_op ops[] = {VELA_OP_LB,	  VELA_OP_LHU,	 VELA_OP_LW, VELA_OP_LD,
					   VELA_OP_SB,	  VELA_OP_SH,	 VELA_OP_SW, VELA_OP_SD,
					   VELA_OP_VLOAD, VELA_OP_VSTORE};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		unsigned size = vela_ops[ops[i]].msize;
		bool store = vela_ops[ops[i]].cls == VELA_CLS_STORE || ops[i] == VELA_OP_VSTORE;
		enum vela_trap_kind kind = store ? VELA_TRAP_OOB_STORE : VELA_TRAP_OOB_LOAD;
		struct vela_result r = access_at(ops[i], VT_MEM - size, NULL);
		if (r.stop != VELA_STOP_EXIT)
			fail_msg("%s at the last %u bytes: stop %d trap %d",
				 vela_ops[ops[i]].mnemonic, size, r.stop, r.trap.kind);
		uint64_t bad[] = {VT_MEM - size + 1, VT_MEM,	       ALL1, MIN64,
				  ALL1 - 1,	     VT_MEM * 2 - size};
		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			struct vt *t;
			r = access_at(ops[i], bad[k], &t);
			assert_int_equal(r.stop, VELA_STOP_TRAP);
			assert_int_equal(r.trap.kind, kind);
			assert_int_equal(r.trap.pc, 32);
			assert_int_equal(r.trap.addr, bad[k]);
			/* a trapping store writes nothing */
			for (unsigned b = VT_MEM - 16; b < VT_MEM; b++)
				assert_int_equal(t->mem[b], 0);
			free(t);
		}
	}
}

static struct vela_result branch(enum vela_op op, uint64_t a, uint64_t b)
{
	struct vt *t = new_vt();
	vt_li(t, 4, a);
	vt_li(t, 5, b);
	vt_op(t, VELA_OP_LI, 3, 0, 0, 0);
	vt_op(t, op, 0, 4, 5, 8); /* skip the next instruction if taken */
	vt_op(t, VELA_OP_LI, 3, 0, 0, 1);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	struct vela_result r = vt_run(t);
	free(t);
	return r;
}

static void test_branches(void **state)
{
	(void)state;
	/* status 0 = taken, 1 = not taken */
	assert_int_equal(branch(VELA_OP_BEQ, 5, 5).status, 0);
	assert_int_equal(branch(VELA_OP_BEQ, 5, 6).status, 1);
	assert_int_equal(branch(VELA_OP_BNE, 5, 6).status, 0);
	assert_int_equal(branch(VELA_OP_BNE, 5, 5).status, 1);
	assert_int_equal(branch(VELA_OP_BLT, ALL1, 0).status, 0);
	assert_int_equal(branch(VELA_OP_BLTU, ALL1, 0).status, 1);
	assert_int_equal(branch(VELA_OP_BGE, 0, ALL1).status, 0);
	assert_int_equal(branch(VELA_OP_BGEU, 0, ALL1).status, 1);
	assert_int_equal(branch(VELA_OP_BGE, 7, 7).status, 0);
	assert_int_equal(branch(VELA_OP_BGEU, 7, 7).status, 0);
	assert_int_equal(branch(VELA_OP_BLT, MIN64, 0x7fffffffffffffffull).status, 0);
	assert_int_equal(branch(VELA_OP_BLTU, MIN64, 0x7fffffffffffffffull).status, 1);
}

static void test_call_ret_shadow(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_CALL, 0, 0, 0, 12);  /* 0: call 12 */
	vt_op(t, VELA_OP_ADDI, 3, 3, 0, 100); /* 4 */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);   /* 8 */
	vt_op(t, VELA_OP_ADDI, 3, 1, 0, 0);   /* 12: r3 = lr = 4 */
	vt_op(t, VELA_OP_RET, 0, 0, 0, 0);    /* 16 */
	struct vela_result r = vt_run(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	assert_int_equal(r.status, 104);
	assert_int_equal(t->m.shadow_top, 0);
	free(t);

	/* a forged lr traps at RET; so does RET with an empty shadow stack */
	t = new_vt();
	vt_op(t, VELA_OP_CALL, 0, 0, 0, 8);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	vt_op(t, VELA_OP_ADDI, 1, 1, 0, 4); /* 8: lr += 4 */
	vt_op(t, VELA_OP_RET, 0, 0, 0, 0);
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_SHADOW);
	assert_int_equal(r.trap.pc, 12);
	assert_int_equal(r.trap.addr, 8);
	free(t);
	t = new_vt();
	vt_op(t, VELA_OP_RET, 0, 0, 0, 0);
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_SHADOW);
	free(t);

	/* unbounded recursion: the shadow stack (8 entries here) fills up */
	t = new_vt();
	vt_op(t, VELA_OP_CALL, 0, 0, 0, 0);
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_CALL_DEPTH);
	assert_int_equal(t->m.shadow_top, 8);
	free(t);
}

static void test_indirect_cfi(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_LI, 4, 0, 0, 16);   /* 0 */
	vt_op(t, VELA_OP_CALLR, 0, 4, 0, 0); /* 4 */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);  /* 8 */
	vt_op(t, VELA_OP_NOP, 0, 0, 0, 0);   /* 12 */
	vt_op(t, VELA_OP_LI, 3, 0, 0, 42);   /* 16: function */
	vt_op(t, VELA_OP_RET, 0, 0, 0, 0);
	vt_target(t, 16);
	struct vela_result r = vt_run(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	assert_int_equal(r.status, 42);
	/* not a target, misaligned, outside the code, negative */
	uint64_t bad[] = {12, 17, 4096, ALL1 - 3};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (int jr = 0; jr < 2; jr++) {
			t->n = 0;
			vt_li(t, 4, bad[i]);
			vt_op(t, jr ? VELA_OP_JR : VELA_OP_CALLR, 0, 4, 0, 0);
			vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
			memset(t->targets, 0, sizeof(t->targets));
			vt_target(t, 8);
			r = vt_run(t);
			assert_int_equal(r.trap.kind, VELA_TRAP_CFI);
			assert_int_equal(r.trap.pc, 16);
			assert_int_equal(r.trap.addr, bad[i]);
			assert_int_equal(t->m.shadow_top, 0);
		}
	}
	/* callr through lr itself: the target is read before lr is written */
	t->n = 0;
	vt_op(t, VELA_OP_LI, 1, 0, 0, 12);
	vt_op(t, VELA_OP_CALLR, 0, 1, 0, 0);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	vt_op(t, VELA_OP_ADDI, 3, 1, 0, 0); /* 12: r3 = lr = 8 */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	memset(t->targets, 0, sizeof(t->targets));
	vt_target(t, 12);
	r = vt_run(t);
	assert_int_equal(r.status, 8);
	free(t);
}

static void test_pc_and_illegal(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_NOP, 0, 0, 0, 0);
	struct vela_result r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_PC);
	assert_int_equal(r.trap.pc, 4);
	t->n = 0;
	vt_op(t, VELA_OP_NOP, 0, 0, 0, 0);
	vela_store_word(t->code + 4, 0x00000000);
	t->n = 8;
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_ILLEGAL);
	assert_int_equal(r.trap.pc, 4);
	vela_store_word(t->code + 4, 0x01000001); /* add with imm6 set: reserved */
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_ILLEGAL);
	assert_int_equal(r.trap.addr, 0x01000001);
	free(t);
}

static int handler(void *ctx, struct vela_machine *m, uint64_t nr)
{
	uint64_t *seen = ctx;
	seen[0] = nr;
	seen[1] = m->r[3] + m->r[4] + m->r[5] + m->r[6] + m->r[7] + m->r[8];
	if (nr == 0) {
		m->exit_status = (int64_t)m->r[3];
		return VELA_SYS_EXIT;
	}
	if (nr == 99)
		return VELA_TRAP_SYSCALL;
	m->r[3] = 777;
	return VELA_SYS_CONTINUE;
}

static void test_syscall_halt_break(void **state)
{
	(void)state;
	uint64_t seen[2] = {0, 0};
	struct vt *t = new_vt();
	for (unsigned r = 3; r <= 8; r++)
		vt_op(t, VELA_OP_LI, r, 0, 0, r);
	vt_op(t, VELA_OP_LI, 15, 0, 0, 5);
	vt_op(t, VELA_OP_SYSCALL, 0, 0, 0, 0);
	vt_op(t, VELA_OP_ADDI, 9, 3, 0, 0);
	vt_op(t, VELA_OP_LI, 15, 0, 0, 0);
	vt_op(t, VELA_OP_LI, 3, 0, 0, 9);
	vt_op(t, VELA_OP_SYSCALL, 0, 0, 0, 0);
	vt_start(t);
	t->m.syscall = handler;
	t->m.syscall_ctx = seen;
	struct vela_result r = vt_go(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	assert_int_equal(r.status, 9);
	assert_int_equal(t->m.r[9], 777);
	assert_int_equal(seen[0], 0);
	/* no handler: SYSCALL trap with the number */
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_SYSCALL);
	assert_int_equal(r.trap.addr, 5);
	/* halt: status r3 */
	t->n = 0;
	vt_op(t, VELA_OP_LI, 3, 0, 0, -2);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	r = vt_run(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	assert_int_equal(r.status, -2);
	assert_int_equal(t->m.steps, 2);
	/* break */
	t->n = 0;
	vt_op(t, VELA_OP_BREAK, 0, 0, 0, 0xabcdef);
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_BREAK);
	assert_int_equal(r.trap.addr, 0xabcdef);
	free(t);
}

static void test_services_and_caps(void **state)
{
	(void)state;
	uint64_t seen[2] = {0, 0};
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_CRYPTORAND, 0, 0, 0, 0);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	vt_start(t);
	t->m.syscall = handler;
	t->m.syscall_ctx = seen;
	struct vela_result r = vt_go(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	assert_int_equal(seen[0], VELA_SVC_NR(VELA_OP_CRYPTORAND));
	assert_int_equal(r.status, 777);
	vt_start(t);
	t->m.syscall = handler;
	t->m.caps = VELA_CAPS_ALL & ~(1u << VELA_CAP_CRYPTO);
	r = vt_go(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_CAPABILITY);
	assert_int_equal(r.trap.addr, VELA_OP_CRYPTORAND);
	/* every service opcode: its own number with its capability, a
	 * CAPABILITY trap without it */
	for (unsigned op = 0; op < 256; op++) {
		const struct vela_opinfo *oi = vela_opinfo(op);
		if (!oi || oi->cls != VELA_CLS_SERVICE)
			continue;
		t->n = 0;
		vt_op(t, (enum vela_op)op, 0, 0, 0, 0);
		vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
		vt_start(t);
		t->m.syscall = handler;
		t->m.syscall_ctx = seen;
		t->m.caps = 1u << oi->cap;
		r = vt_go(t);
		assert_int_equal(r.stop, VELA_STOP_EXIT);
		assert_int_equal(seen[0], VELA_SVC_NR(op));
		vt_start(t);
		t->m.syscall = handler;
		t->m.caps = VELA_CAPS_ALL & ~(1u << oi->cap);
		r = vt_go(t);
		assert_int_equal(r.trap.kind, VELA_TRAP_CAPABILITY);
		assert_int_equal(r.trap.pc, 0);
	}
	free(t);
}

/*
 * VELA-F through the interpreter (section 10): every opcode once, with the
 * operands in registers, .s operands carrying high garbage, .s and 32-bit
 * results sign-extended, and the conversion traps: kind, pc, the operand bits
 * as address, and rd left untouched. tests/vela/test_fpu.c has the full
 * vectors and the SSE cross-check of lib/vela/fpu.c.
 */
#define FHI 0xa5a5a5a500000000ull /* ignored half of an .s operand */

static void test_float(void **state)
{
	(void)state;
	static const struct {
		enum vela_op op;
		uint64_t a, b, want;
	} v[] = {
	    {VELA_OP_FADDS, FHI | 0x3f800000, FHI | 0x40000000, 0x40400000}, /* 1+2 */
	    {VELA_OP_FSUBS, 0x3f800000, 0x40000000, 0xffffffffbf800000ull},  /* -1 */
	    {VELA_OP_FMULS, 0x40000000, 0x40400000, 0x40c00000},	     /* 6 */
	    {VELA_OP_FDIVS, 0x3f800000, 0x40400000, 0x3eaaaaab},	     /* 1/3 */
	    {VELA_OP_FMINS, 0x00000000, 0x80000000, 0xffffffff80000000ull},  /* -0 */
	    {VELA_OP_FMAXS, 0x80000000, 0x00000000, 0},			     /* +0 */
	    {VELA_OP_FSQRTS, FHI | 0x40800000, 0, 0x40000000},		     /* sqrt 4 */
	    {VELA_OP_FCVTDS, 0x7f800001, 0, 0x7ff8000020000000ull},	     /* sNaN */
	    {VELA_OP_FADDD, 0x3fb999999999999aull, 0x3fc999999999999aull, 0x3fd3333333333334ull},
	    {VELA_OP_FSUBD, 0x3ff0000000000000ull, 0x4000000000000000ull, 0xbff0000000000000ull},
	    {VELA_OP_FMULD, 0x4000000000000000ull, 0x4008000000000000ull, 0x4018000000000000ull},
	    {VELA_OP_FDIVD, 0x3ff0000000000000ull, 0x4008000000000000ull, 0x3fd5555555555555ull},
	    {VELA_OP_FMIND, 0x3ff0000000000000ull, 0x7ff0000000000001ull, 0x7ff8000000000001ull},
	    {VELA_OP_FMAXD, 0x8000000000000000ull, 0, 0},
	    {VELA_OP_FSQRTD, 0x4000000000000000ull, 0, 0x3ff6a09e667f3bcdull},
	    {VELA_OP_FCVTSD, 0x7fefffffffffffffull, 0, 0x7f800000}, /* DBL_MAX -> inf */
	    {VELA_OP_FEQS, 0x80000000, FHI, 1},			    /* -0 = +0 */
	    {VELA_OP_FLTS, 0x3f800000, 0x40000000, 1},
	    {VELA_OP_FLES, 0x7fc00000, 0x3f800000, 0}, /* NaN */
	    {VELA_OP_FEQD, 0x7ff8000000000000ull, 0x7ff8000000000000ull, 0},
	    {VELA_OP_FLTD, 0xbff0000000000000ull, 0x3ff0000000000000ull, 1},
	    {VELA_OP_FLED, 0x4000000000000000ull, 0x3ff0000000000000ull, 0},
	    {VELA_OP_FCVTWS, FHI | 0xbfc00000, 0, ALL1},			/* -1.5 */
	    {VELA_OP_FCVTWUS, 0x4f000000, 0, 0xffffffff80000000ull},		/* 2^31 */
	    {VELA_OP_FCVTLS, 0xdf000000, 0, MIN64},				/* -2^63 */
	    {VELA_OP_FCVTLUS, 0x5f000000, 0, MIN64},				/* 2^63 */
	    {VELA_OP_FCVTWD, 0xc1e00000001fffffull, 0, 0xffffffff80000000ull},	/* -2^31-0.99 */
	    {VELA_OP_FCVTWUD, 0x41edcd6500000000ull, 0, 0xffffffffee6b2800ull}, /* 4e9 */
	    {VELA_OP_FCVTLD, 0x43dfffffffffffffull, 0, 0x7ffffffffffffc00ull},
	    {VELA_OP_FCVTLUD, 0x43efffffffffffffull, 0, 0xfffffffffffff800ull},
	    {VELA_OP_FSATWS, 0x7fc00000, 0, 0},				       /* NaN */
	    {VELA_OP_FSATWUS, 0xbf800000, 0, 0},			       /* -1 */
	    {VELA_OP_FSATLS, 0xff800000, 0, MIN64},			       /* -inf */
	    {VELA_OP_FSATLUS, 0x7f800000, 0, ALL1},			       /* +inf */
	    {VELA_OP_FSATWD, 0x41e0000000000000ull, 0, 0x7fffffff},	       /* 2^31 */
	    {VELA_OP_FSATWUD, 0x41f0000000000000ull, 0, ALL1},		       /* 2^32 */
	    {VELA_OP_FSATLD, 0x43e0000000000000ull, 0, 0x7fffffffffffffffull}, /* 2^63 */
	    {VELA_OP_FSATLUD, 0xbff0000000000000ull, 0, 0},		       /* -1 */
	    {VELA_OP_FCVTSW, FHI | 16777217, 0, 0x4b800000},		       /* tie: even */
	    {VELA_OP_FCVTSWU, FHI | 0xffffffff, 0, 0x4f800000},
	    {VELA_OP_FCVTSL, ALL1, 0, 0xffffffffbf800000ull},
	    {VELA_OP_FCVTSLU, 0x8000008000000001ull, 0, 0x5f000001}, /* no double rounding */
	    {VELA_OP_FCVTDW, FHI | 0x80000000, 0, 0xc1e0000000000000ull},
	    {VELA_OP_FCVTDWU, FHI | 0xffffffff, 0, 0x41efffffffe00000ull},
	    {VELA_OP_FCVTDL, (1ull << 53) + 1, 0, 0x4340000000000000ull},
	    {VELA_OP_FCVTDLU, ALL1, 0, 0x43f0000000000000ull},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		bool r2 = vela_opinfo(v[i].op)->fmt == VELA_FMT_R2;
		uint64_t got = r2 ? ri(v[i].op, v[i].a, 0) : rr(v[i].op, v[i].a, v[i].b);
		if (got != v[i].want)
			fail_msg("%s(%#llx, %#llx) = %#llx, want %#llx",
				 vela_opinfo(v[i].op)->mnemonic, (unsigned long long)v[i].a,
				 (unsigned long long)v[i].b, (unsigned long long)got,
				 (unsigned long long)v[i].want);
	}

	static const struct {
		enum vela_op op;
		uint64_t a;
		enum vela_trap_kind kind;
		uint64_t addr;
	} traps[] = {
	    {VELA_OP_FCVTWS, FHI | 0x4f000000, VELA_TRAP_FLOAT_RANGE, 0x4f000000}, /* 2^31 */
	    {VELA_OP_FCVTWUS, 0xbf800000, VELA_TRAP_FLOAT_RANGE, 0xbf800000},	   /* -1 */
	    {VELA_OP_FCVTLS, FHI | 0xffc00000, VELA_TRAP_FLOAT_INVALID, 0xffc00000},
	    {VELA_OP_FCVTLUS, 0xff800000, VELA_TRAP_FLOAT_RANGE, 0xff800000}, /* -inf */
	    {VELA_OP_FCVTWD, 0xfff4000000000000ull, VELA_TRAP_FLOAT_INVALID, 0xfff4000000000000ull},
	    {VELA_OP_FCVTWUD, 0x41f0000000000000ull, VELA_TRAP_FLOAT_RANGE, 0x41f0000000000000ull},
	    {VELA_OP_FCVTLD, 0x43e0000000000000ull, VELA_TRAP_FLOAT_RANGE, 0x43e0000000000000ull},
	    {VELA_OP_FCVTLUD, 0xbff0000000000000ull, VELA_TRAP_FLOAT_RANGE, 0xbff0000000000000ull},
	};
	for (size_t i = 0; i < sizeof traps / sizeof traps[0]; i++) {
		struct vt *t = new_vt();
		vt_li(t, 3, 0x1234); /* a trapping instruction leaves rd alone */
		vt_li(t, 4, traps[i].a);
		vt_op(t, traps[i].op, 3, 4, 0, 0);
		vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
		struct vela_result res = vt_run(t);
		assert_int_equal(res.stop, VELA_STOP_TRAP);
		assert_int_equal(res.trap.kind, traps[i].kind);
		assert_int_equal(res.trap.pc, 32);
		assert_int_equal(res.trap.addr, traps[i].addr);
		assert_int_equal(t->m.r[3], 0x1234);
		assert_int_equal(t->m.pc, 32);
		free(t);
	}
	assert_string_equal(vela_trap_name(VELA_TRAP_FLOAT_INVALID), "FLOAT_INVALID");
	assert_string_equal(vela_trap_name(VELA_TRAP_FLOAT_RANGE), "FLOAT_RANGE");
}

/* Runs last: every opcode of the ISA table appeared in a program above. */
static void test_every_opcode_covered(void **state)
{
	(void)state;
	for (unsigned op = 0; op < 256; op++)
		if (vela_opinfo(op) && !vt_seen[op])
			fail_msg("opcode %s has no semantics test", vela_opinfo(op)->mnemonic);
}

static void test_vectors(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_li(t, 4, 0xffffffff00000001ull);
	vt_op(t, VELA_OP_VSPLATW, 1, 4, 0, 0);	/* vr1 = {1,1,1,1} */
	vt_op(t, VELA_OP_VSCALARW, 2, 4, 0, 0); /* vr2 = {1,0,0,0} */
	vt_op(t, VELA_OP_LI, 5, 0, 0, 0x100);
	vt_op(t, VELA_OP_VLOAD, 3, 5, 0, 0); /* vr3 = mem[0x100..] */
	vt_op(t, VELA_OP_VADDD, 4, 3, 1, 0); /* lanes + 1, wrapping per lane */
	vt_op(t, VELA_OP_VADDQ, 5, 3, 2, 0); /* 64-bit lanes */
	vt_op(t, VELA_OP_VAND, 6, 3, 1, 0);
	vt_op(t, VELA_OP_VOR, 7, 3, 1, 0);
	vt_op(t, VELA_OP_VSTORE, 0, 5, 4, 16);
	vt_op(t, VELA_OP_VSTORE, 0, 5, 5, 32);
	vt_op(t, VELA_OP_VSTORE, 0, 5, 6, 48);
	vt_op(t, VELA_OP_VSTORE, 0, 5, 7, 64);
	vt_op(t, VELA_OP_VXOR, 7, 7, 7, 0);
	vt_op(t, VELA_OP_VSTORE, 0, 5, 7, 80);
	vt_op(t, VELA_OP_VGETW, 3, 3, 0, 1); /* sign-extended lane 1 */
	vt_op(t, VELA_OP_VZERO, 3, 0, 0, 0);
	vt_op(t, VELA_OP_VGETW, 6, 3, 0, 3);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	uint32_t lanes[4] = {0xffffffff, 0x80000000, 2, 0x7fffffff};
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 4; k++)
			t->mem[0x100 + 4 * i + k] = (uint8_t)(lanes[i] >> (8 * k));
	memset(t->mem + 0x150, 0xaa, 16);
	struct vela_result r = vt_run(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	uint32_t got[4];
	memcpy(got, t->mem + 0x110, 16);
	assert_int_equal(got[0], 0);
	assert_int_equal(got[1], 0x80000001);
	assert_int_equal(got[2], 3);
	assert_int_equal(got[3], 0x80000000);
	uint64_t q[2];
	memcpy(q, t->mem + 0x120, 16);
	assert_int_equal(q[0],
			 0x8000000100000000ull); /* 0x80000000ffffffff + 1: carry crosses lanes */
	assert_int_equal(q[1], 0x7fffffff00000002ull);
	memcpy(got, t->mem + 0x130, 16);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], 0);
	memcpy(got, t->mem + 0x140, 16);
	assert_int_equal(got[1], 0x80000001);
	for (int i = 0; i < 16; i++)
		assert_int_equal(t->mem[0x150 + i], 0);
	assert_int_equal(t->m.r[3], 0xffffffff80000000ull);
	assert_int_equal(t->m.r[6], 0);
	assert_int_equal(t->m.v[2][0], 1);
	assert_int_equal(t->m.v[2][1], 0);
	free(t);
}

static void test_time_bind(void **state)
{
	(void)state;
	/* budget 5: a backward loop of 10 iterations traps on the 6th back-edge */
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_LI, 4, 0, 0, 5);
	vt_op(t, VELA_OP_TIMEBIND, 0, 4, 0, 0);
	vt_op(t, VELA_OP_LI, 5, 0, 0, 10);
	vt_op(t, VELA_OP_ADDI, 3, 3, 0, 1); /* 12 */
	vt_op(t, VELA_OP_BLT, 0, 3, 5, -4); /* 16 */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	struct vela_result r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_TIME);
	assert_int_equal(r.trap.pc, 16);
	assert_int_equal(r.trap.addr, 12);
	assert_int_equal(t->m.r[3], 6);
	/* budget 9 is enough for 9 back-edges: completes */
	vela_store_word(t->code, 0x40100009); /* li r4, 9 */
	r = vt_run(t);
	assert_int_equal(r.stop, VELA_STOP_EXIT);
	assert_int_equal(t->m.time_budget, 0);
	/* TIME.BIND cannot raise the budget */
	t->n = 0;
	vt_op(t, VELA_OP_LI, 4, 0, 0, 1);
	vt_op(t, VELA_OP_TIMEBIND, 0, 4, 0, 0);
	vt_op(t, VELA_OP_LI, 4, 0, 0, 1000);
	vt_op(t, VELA_OP_TIMEBIND, 0, 4, 0, 0);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	vt_run(t);
	assert_int_equal(t->m.time_budget, 1);
	/* forward branches are not budget points; calls are */
	t->n = 0;
	vt_op(t, VELA_OP_TIMEBIND, 0, 0, 0, 0); /* budget 0 */
	vt_op(t, VELA_OP_BEQ, 0, 0, 0, 8);	/* forward: fine */
	vt_op(t, VELA_OP_NOP, 0, 0, 0, 0);
	vt_op(t, VELA_OP_CALL, 0, 0, 0, 4); /* 12: traps */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_TIME);
	assert_int_equal(r.trap.pc, 12);
	assert_int_equal(t->m.shadow_top, 0);
	free(t);
}

static void test_proof_chaos(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_LI, 4, 0, 0, -5);
	vt_op(t, VELA_OP_LI, 5, 0, 0, 5);
	vt_op(t, VELA_OP_CHAOS, 0, 0, 0, 0);
	vt_op3(t, VELA_OP_PROOFPATH, 4, 4, 5); /* -5 in [-5, 5] */
	vt_op3(t, VELA_OP_PROOFPATH, 5, 4, 5); /* 5 in [-5, 5] */
	vt_op3(t, VELA_OP_PROOFPATH, 0, 4, 5); /* 0 */
	vt_op3(t, VELA_OP_PROOFPATH, 4, 0, 5); /* -5 in [0, 5]: signed, false */
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	struct vela_result r = vt_run(t);
	assert_int_equal(r.trap.kind, VELA_TRAP_PROOF);
	assert_int_equal(r.trap.pc, 24);
	assert_int_equal(r.trap.addr, (uint64_t)-5);
	assert_int_equal(t->m.chaos_requests, 1);
	free(t);
}

static void test_step_budget(void **state)
{
	(void)state;
	struct vt *t = new_vt();
	vt_op(t, VELA_OP_ADDI, 3, 3, 0, 1);
	vt_op(t, VELA_OP_J, 0, 0, 0, -4);
	t->max_steps = 1001;
	struct vela_result r = vt_run(t);
	assert_int_equal(r.stop, VELA_STOP_BUDGET);
	assert_int_equal(t->m.steps, 1001);
	assert_int_equal(t->m.r[3], 501);
	r = vela_interp_run(&t->m, 1); /* resumes */
	assert_int_equal(t->m.r[3], 501);
	assert_int_equal(t->m.steps, 1002);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_sub_logic),
	    cmocka_unit_test(test_shifts_rotates),
	    cmocka_unit_test(test_w_shifts),
	    cmocka_unit_test(test_compare),
	    cmocka_unit_test(test_mul),
	    cmocka_unit_test(test_div_rem),
	    cmocka_unit_test(test_div_rem_w),
	    cmocka_unit_test(test_w_arith),
	    cmocka_unit_test(test_immediates),
	    cmocka_unit_test(test_unary),
	    cmocka_unit_test(test_constants_and_r0),
	    cmocka_unit_test(test_load_sign_extension),
	    cmocka_unit_test(test_stores),
	    cmocka_unit_test(test_bounds),
	    cmocka_unit_test(test_branches),
	    cmocka_unit_test(test_call_ret_shadow),
	    cmocka_unit_test(test_indirect_cfi),
	    cmocka_unit_test(test_pc_and_illegal),
	    cmocka_unit_test(test_syscall_halt_break),
	    cmocka_unit_test(test_services_and_caps),
	    cmocka_unit_test(test_vectors),
	    cmocka_unit_test(test_time_bind),
	    cmocka_unit_test(test_proof_chaos),
	    cmocka_unit_test(test_step_budget),
	    cmocka_unit_test(test_float),
	    cmocka_unit_test(test_every_opcode_covered),
	};
	return cmocka_run_group_tests_name("vela-interp", tests, NULL, NULL);
}
