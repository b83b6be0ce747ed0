/* Random valid VELA programs (tests/bridge/gen.c). */
#ifndef TESTS_BRIDGE_GEN_H
#define TESTS_BRIDGE_GEN_H

#include "bridge/diff.h"

struct gen_prog {
	struct pbuf pb;
	uint8_t code[4 * 4096];
	uint32_t targets[4];
	size_t ntargets;
	uint32_t label;
	uint64_t mem_size;
	struct native_prog prog;
};

/* Build a program from a byte string (any length; short strings are extended
 * deterministically). */
void gen_program(struct gen_prog *g, const uint8_t *bytes, size_t len);

#endif
