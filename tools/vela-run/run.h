/*
 * vela-run internals. main.c loads and checks a VELA object into a sandbox
 * (struct vrun_prog), then hands it to one execution backend: the reference
 * interpreter (interp.c, --interp) or the native translator (vrun_backend_native, a stub in
 * native_stub.c until the translator provides it through VELA_RUN_NATIVE_SRCS).
 * Both serve system calls through the host shim (shim.c).
 */
#ifndef VELA_RUN_H
#define VELA_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vela/obj.h"
#include "vela/trap.h"
#include "wasm/trap_codes.h"

#define VRUN_DEFAULT_MEM    (1u << 20)
#define VRUN_SHADOW_ENTRIES 4096
#define VRUN_EXIT_TRAP_BASE 128 /* exit status on a trap: 128 + trap code */
#define VRUN_EXIT_BUDGET    124 /* --max-steps ran out */
#define VRUN_MAX_ENV	    64	/* --env entries plus the defaults */

struct vrun_opts {
	bool stats;	    /* print execution statistics to stderr */
	uint64_t max_steps; /* instruction budget, 0 = none */
	uint64_t mem_size;  /* 0: the object's, or VRUN_DEFAULT_MEM */
	uint32_t caps;	    /* capability set granted to the program */
	uint64_t seed;	    /* for backends that randomise (native) */
	bool seed_set;
	bool dump_x86;	      /* native: print each instruction beside its x86-64 */
	unsigned native_mode; /* native: 0 normal, 1 all guards, 2 unsafe (bench builds) */
	unsigned analysis;    /* native normal mode: 0 VRC, 1 local, 2 none (native.h) */
};

/* A loaded program: the object, and a sandbox holding its data and bss. */
struct vrun_prog {
	struct vela_obj obj;
	const uint8_t *code;
	uint32_t code_len;
	uint32_t entry;
	uint8_t *mem;
	uint64_t mem_size;
	uint8_t *targets; /* valid indirect targets, bit pc/4 */
	size_t targets_size;
	/* Registers at entry, set by the argument block (lib/abi/argblock.h):
	 * SP = the block's header, R3 = argc, R4 = argv, R5 = envp. */
	uint64_t entry_sp, entry_r3, entry_r4, entry_r5;
};

/* ---- system call shim (shim.c), shared by every backend */
struct vrun_shim_result {
	bool exited;	/* the program asked to exit */
	int64_t status; /* exit status */
	int64_t ret;	/* value for R3 */
};

/* Serve syscall `nr` with args a[0..5] (R3-R8) against the sandbox. */
struct vrun_shim_result vrun_shim_syscall(uint64_t nr, const uint64_t a[6], uint8_t *mem,
					  uint64_t mem_size);

/* Host file, time and random syscalls (wasi_host.c); a weak reference in
 * shim.c, so the shim stays minimal where that file is not linked. */
struct vrun_shim_result vrun_host_syscall(uint64_t nr, const uint64_t a[6], uint8_t *mem,
					  uint64_t mem_size) __attribute__((weak));

/* ---- backends: return the process exit status for vela-run */
int vrun_backend_interp(struct vrun_prog *p, const struct vrun_opts *o);
int vrun_backend_native(struct vrun_prog *p, const struct vrun_opts *o);

/* After the trap line: a BREAK whose code is one of vela-wasm's gets a second
 * line with the WebAssembly meaning (e.g. "call stack exhausted"). */
static inline void print_wasm_trap(unsigned kind, uint64_t code)
{
	const char *why = kind == VELA_TRAP_BREAK ? wasm_trap_reason(code) : NULL;
	if (why)
		fprintf(stderr, "vela-run: WebAssembly trap: %s\n", why);
}

#endif
