/* Helpers for the VELA interpreter tests: build a small program word by word
 * and run it in a 64 KiB sandbox. */
#ifndef VELA_VTEST_H
#define VELA_VTEST_H

#include <stdint.h>

#include "vela/interp.h"

#define VT_MEM 65536

struct vt {
	uint8_t code[4096];
	uint32_t n; /* bytes of code */
	uint8_t mem[VT_MEM];
	uint64_t shadow[8];
	uint8_t targets[128];
	struct vela_machine m;
	uint64_t max_steps;
};

void vt_init(struct vt *t);
/* Append one instruction (asserts that it encodes). */
void vt_op(struct vt *t, enum vela_op op, unsigned rd, unsigned rs1, unsigned rs2, int64_t imm);
void vt_op3(struct vt *t, enum vela_op op, unsigned rs1, unsigned rs2, unsigned rs3);
/* Append the 4-instruction li/shori sequence for any 64-bit value. */
void vt_li(struct vt *t, unsigned rd, uint64_t value);
/* Mark pc as a valid indirect target. */
void vt_target(struct vt *t, uint32_t pc);
/* Set up the machine (all caps, no handler unless set after) and run. */
void vt_start(struct vt *t);
struct vela_result vt_go(struct vt *t);
struct vela_result vt_run(struct vt *t);

/* Opcodes that appear in a program some test ran (for the coverage check). */
extern uint8_t vt_seen[256];

/* r3 = a OP b for a register-register op; returns the result (stop in *res). */
uint64_t vt_rr(enum vela_op op, uint64_t a, uint64_t b, struct vela_result *res);
/* r3 = a OP imm for I/SH formats. */
uint64_t vt_ri(enum vela_op op, uint64_t a, int64_t imm, struct vela_result *res);

#endif
