#include "vtest.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void vt_init(struct vt *t)
{
	memset(t, 0, sizeof(*t));
	t->max_steps = 100000;
}

static void put(struct vt *t, const struct vela_insn *in)
{
	uint32_t w = 0;
	assert_true(vela_encode(in, &w));
	assert_true(t->n + 4 <= sizeof(t->code));
	vela_store_word(t->code + t->n, w);
	t->n += 4;
}

void vt_op(struct vt *t, enum vela_op op, unsigned rd, unsigned rs1, unsigned rs2, int64_t imm)
{
	struct vela_insn in = {.op = (uint8_t)op,
			       .rd = (uint8_t)rd,
			       .rs1 = (uint8_t)rs1,
			       .rs2 = (uint8_t)rs2,
			       .imm = imm};
	put(t, &in);
}

void vt_op3(struct vt *t, enum vela_op op, unsigned rs1, unsigned rs2, unsigned rs3)
{
	struct vela_insn in = {
	    .op = (uint8_t)op, .rs1 = (uint8_t)rs1, .rs2 = (uint8_t)rs2, .rs3 = (uint8_t)rs3};
	put(t, &in);
}

void vt_li(struct vt *t, unsigned rd, uint64_t v)
{
	vt_op(t, VELA_OP_LI, rd, 0, 0, (int64_t)v >> 54);
	vt_op(t, VELA_OP_SHORI, rd, 0, 0, (int64_t)((v >> 36) & 0x3ffff));
	vt_op(t, VELA_OP_SHORI, rd, 0, 0, (int64_t)((v >> 18) & 0x3ffff));
	vt_op(t, VELA_OP_SHORI, rd, 0, 0, (int64_t)(v & 0x3ffff));
}

void vt_target(struct vt *t, uint32_t pc)
{
	t->targets[pc / 32] |= (uint8_t)(1u << ((pc / 4) % 8));
}

void vt_start(struct vt *t)
{
	vela_machine_init(&t->m, t->code, t->n, t->mem, VT_MEM, t->shadow, 8, 0);
	t->m.targets = t->targets;
}

uint8_t vt_seen[256];

struct vela_result vt_go(struct vt *t)
{
	for (uint32_t pc = 0; pc + 4 <= t->n; pc += 4) {
		struct vela_insn in;
		if (vela_decode(vela_load_word(t->code + pc), &in))
			vt_seen[in.op] = 1;
	}
	return vela_interp_run(&t->m, t->max_steps);
}

struct vela_result vt_run(struct vt *t)
{
	vt_start(t);
	return vt_go(t);
}

uint64_t vt_rr(enum vela_op op, uint64_t a, uint64_t b, struct vela_result *res)
{
	struct vt *t = malloc(sizeof(*t));
	assert_non_null(t);
	vt_init(t);
	vt_li(t, 4, a);
	vt_li(t, 5, b);
	vt_op(t, op, 3, 4, 5, 0);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	*res = vt_run(t);
	uint64_t r = t->m.r[3];
	free(t);
	return r;
}

uint64_t vt_ri(enum vela_op op, uint64_t a, int64_t imm, struct vela_result *res)
{
	struct vt *t = malloc(sizeof(*t));
	assert_non_null(t);
	vt_init(t);
	vt_li(t, 4, a);
	vt_op(t, op, 3, 4, 0, imm);
	vt_op(t, VELA_OP_HALT, 0, 0, 0, 0);
	*res = vt_run(t);
	uint64_t r = t->m.r[3];
	free(t);
	return r;
}
