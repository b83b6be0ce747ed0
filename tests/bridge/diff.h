/* Differential execution: the reference interpreter against AetherBridge. */
#ifndef TESTS_BRIDGE_DIFF_H
#define TESTS_BRIDGE_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vela-run/native.h"

/* A small program builder over vela_encode. */
struct pbuf {
	uint32_t w[4096];
	uint32_t n;
	bool bad;
};

void pb_emit(struct pbuf *b, unsigned op, unsigned rd, unsigned rs1, unsigned rs2, int64_t imm);
/* the encoding of fields differs by format; these name them the way the spec does */
#define PB_R(b, op, rd, rs1, rs2)   pb_emit(b, VELA_OP_##op, rd, rs1, rs2, 0)
#define PB_I(b, op, rd, rs1, imm)   pb_emit(b, VELA_OP_##op, rd, rs1, 0, imm)
#define PB_S(b, op, src, base, off) pb_emit(b, VELA_OP_##op, 0, base, src, off)
#define PB_B(b, op, rs1, rs2, rel)  pb_emit(b, VELA_OP_##op, 0, rs1, rs2, rel)
#define PB_N(b, op)		    pb_emit(b, VELA_OP_##op, 0, 0, 0, 0)

struct diff_opts {
	uint64_t time_budget; /* 0: unbound */
	uint32_t shadow_cap;
	enum native_mode mode;
	bool expect_same_only; /* don't print details */
};

/* Run prog on the interpreter and natively with `seed`; true if every
 * observable (stop, status, trap kind/pc/addr, registers, vector registers,
 * memory, output) agrees. why gets the first difference. */
bool diff_one(const struct native_prog *p, uint64_t seed, const struct diff_opts *o, char *why,
	      size_t cap);

/* Interpreter result only (for tests that check a trap's kind and pc). */
struct vela_result diff_interp(const struct native_prog *p, const struct diff_opts *o);

/* The test syscall handler: 0 exit, 1 read (EOF), 2 write (captured). */
struct diff_io {
	char out[4096];
	size_t len;
};
int diff_syscall(void *ctx, struct vela_machine *m, uint64_t nr);

#endif
