/*
 * Whole-module lowering: layout of the sandbox, runtime routines, every
 * function, the entry stub (initialisation, start function, _start or the
 * spec-test driver) and the VELA object. docs/vela-wasm.md.
 */
#ifndef WASM_MODULE_H
#define WASM_MODULE_H

#include "wasm/lower.h"

/* One call of the spec-test driver: export, arguments (as many as the
 * function has parameters); every result printed. */
struct wasm_invoke {
	struct wasm_name name;
	uint32_t nargs;
	const uint64_t *args;
	bool silent; /* replayed for its effect only */
};

struct wasm_opts {
	enum wasm_mode mode;
	uint32_t default_max_pages; /* for memories without a maximum */
	uint64_t stack_size;
	const struct wasm_invoke *invokes; /* driver instead of _start when non-NULL */
	uint32_t ninvokes;
};

/* Lower a parsed module into a VELA object written to out (cap bytes);
 * *out_len is the size needed. Returns false with err set on refusal. */
bool wasm_lower(const struct wasm_module *m, const struct wasm_opts *o, struct wasm_arena *a,
		uint8_t *out, size_t cap, size_t *out_len, struct wasm_err *err);

#endif
