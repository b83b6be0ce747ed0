/*
 * libFuzzer target: arbitrary bytes (and mutated spec-suite modules) through
 * the WebAssembly reader, validator and lowering. The importer must refuse
 * or succeed without crashing, and whatever it writes must be a VELA object
 * that parses and whose code validates: a lowering that produced an invalid
 * program would be a bug even if the loader refused it later.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vela/obj.h"
#include "vela/vela.h"
#include "wasm/module.h"
#include "wasm/wasm.h"

#define ARENA (96u << 20)
#define OUT   (32u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *arena, *out;
	if (!arena) {
		arena = malloc(ARENA);
		out = malloc(OUT);
	}
	struct wasm_arena a = {arena, ARENA, 0};
	struct wasm_module m;
	struct wasm_err err;
	if (!wasm_read(data, size, &a, &m, &err)) {
		if (!err.msg[0])
			abort();
		return 0;
	}
	for (int mode = 0; mode < 2; mode++) {
		struct wasm_opts o;
		memset(&o, 0, sizeof o);
		o.mode = mode ? WASM_BOUNDS_SANDBOX : WASM_BOUNDS_STRICT;
		o.default_max_pages = 16;
		o.stack_size = 1u << 16;
		size_t used = a.used, len = 0;
		if (!wasm_lower(&m, &o, &a, out, OUT, &len, &err)) {
			if (!err.msg[0])
				abort();
			a.used = used;
			continue;
		}
		a.used = used;
		if (len > OUT)
			continue;
		struct vela_obj obj;
		const char *why = vela_obj_parse(out, len, &obj);
		if (why) {
			fprintf(stderr, "lowered object refused: %s\n", why);
			abort();
		}
		struct vela_verr verr;
		if (!vela_validate(obj.code, obj.code_size, &verr)) {
			fprintf(stderr, "lowered code invalid: %s\n", verr.msg);
			abort();
		}
	}
	return 0;
}
