/*
 * The BREAK codes vela-wasm's code uses for WebAssembly traps, and their
 * messages (the spec's wording). Header-only and free of any other include
 * so that vela-run and the kernel can name a trap of an imported program.
 */
#ifndef WASM_TRAP_CODES_H
#define WASM_TRAP_CODES_H

/* break codes for WebAssembly traps (VELA BREAK trap, addr = code) */
enum {
	WASM_TRAP_UNREACHABLE = 0x5700,
	WASM_TRAP_MEMORY = 0x5701,    /* out of bounds memory access (strict mode) */
	WASM_TRAP_TABLE = 0x5702,     /* undefined element */
	WASM_TRAP_NULL = 0x5703,      /* uninitialized element */
	WASM_TRAP_SIGNATURE = 0x5704, /* indirect call type mismatch */
	/* 0x5705-0x5707 are no longer used: float->int conversions trap with
	 * VELA-F's FLOAT_INVALID and FLOAT_RANGE */
	WASM_TRAP_EXIT = 0x5708,      /* the exit system call returned */
	WASM_TRAP_TABLE_OOB = 0x5709, /* out of bounds table access (table.*) */
	WASM_TRAP_STACK = 0x570a,     /* call stack exhausted: a frame would pass
					 the bottom of the VELA stack */
};

/* The WebAssembly message of a BREAK code, or NULL if the code is not one of
 * vela-wasm's. */
static inline const char *wasm_trap_reason(unsigned long long code)
{
	switch (code) {
	case WASM_TRAP_UNREACHABLE:
		return "unreachable";
	case WASM_TRAP_MEMORY:
		return "out of bounds memory access";
	case WASM_TRAP_TABLE:
		return "undefined element";
	case WASM_TRAP_NULL:
		return "uninitialized element";
	case WASM_TRAP_SIGNATURE:
		return "indirect call type mismatch";
	case WASM_TRAP_EXIT:
		return "exit returned";
	case WASM_TRAP_TABLE_OOB:
		return "out of bounds table access";
	case WASM_TRAP_STACK:
		return "call stack exhausted";
	default:
		return (const char *)0;
	}
}

#endif
