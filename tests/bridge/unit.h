/* Helpers shared by the AetherBridge unit tests (bridge_test.c, float_test.c). */
#ifndef TESTS_BRIDGE_UNIT_H
#define TESTS_BRIDGE_UNIT_H

#include "bridge/diff.h"

/* One [OK]/[FAIL] line for bridge:name; err NULL means success. */
void report(const char *name, const char *err);
/* The program in b as code (one static buffer: one program at a time). */
struct native_prog prog_of(struct pbuf *b, uint64_t mem_size, const uint32_t *targets,
			   size_t ntargets);
/* Agreement with the interpreter under seeds 1..8 (agree) or 1..seeds, both guard
 * modes; NULL, or the first difference. */
const char *agree(const struct native_prog *p, uint64_t budget);
const char *agree_seeds(const struct native_prog *p, uint64_t budget, unsigned seeds);
/* Expect a trap of kind at pc with addr (native, seeds 1..4), and agreement. */
void expect_trap(const char *name, struct pbuf *b, uint64_t mem, const uint32_t *targets, size_t nt,
		 unsigned kind, uint32_t pc, uint64_t addr, uint64_t budget);

/* VELA-F: directed traps, the min/max/NaN rules, every opcode over special values. */
void float_tests(void);

#endif
