/* vela-run's native backend: run a VELA program on Linux through AetherBridge.
 * Also used by the differential tests, the fuzzer and the benchmarks. */
#ifndef VELA_RUN_NATIVE_H
#define VELA_RUN_NATIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bridge/bridge.h"
#include "vela/interp.h"
#include "vrc/vrc.h"

struct native_prog {
	const uint8_t *code;
	uint32_t code_len;
	uint32_t entry;
	const uint32_t *targets; /* valid indirect targets (pc values) */
	size_t ntargets;
	uint64_t mem_size;
	const uint8_t *data; /* initial sandbox bytes at data_addr */
	uint32_t data_size;
	uint64_t data_addr;
	uint32_t caps;
	uint8_t analysis; /* enum native_analysis: which pass proves guards redundant */
	/* SP, R3, R4, R5 at entry (the argument block, lib/abi/argblock.h), or
	 * NULL: SP = mem_size and the others 0 (the differential tests). */
	const uint64_t *entry_regs;
};

/* The elision analysis of NATIVE_NORMAL translations (0, the default: VRC). */
enum native_analysis {
	NATIVE_ANALYSIS_VRC,   /* lib/vrc: whole-program ranges, certified and checked */
	NATIVE_ANALYSIS_LOCAL, /* bridge_elide_local: within basic blocks */
	NATIVE_ANALYSIS_NONE,  /* nothing elided */
};

enum native_mode {
	NATIVE_NORMAL,	   /* guards, with the local elision pass */
	NATIVE_ALL_GUARDS, /* every guard */
	NATIVE_UNSAFE,	   /* no guards: only in benchmark builds (BRIDGE_ALLOW_UNSAFE) */
};

struct native_cfg {
	uint64_t seed;
	enum native_mode mode;
	bool count_guards;
	uint32_t shadow_cap;  /* shadow-stack entries */
	FILE *dump;	      /* --dump-x86 output, or NULL */
	uint64_t time_budget; /* initial TIME budget, 0 = unbound (forces budget points) */
	vela_syscall_fn syscall;
	void *syscall_ctx;
};

struct native_result {
	struct vela_result res; /* stop, status, trap: same meaning as the interpreter's */
	uint64_t r[VELA_NREGS]; /* final registers */
	uint64_t v[VELA_NVREGS][2];
	uint8_t *mem; /* the sandbox (valid until native_free) */
	uint64_t mem_size;
	uint64_t translate_ns; /* total translation time (all draws), analysis included */
	uint64_t analysis_ns;  /* of which the elision analysis (VRC: analyse+certify+check) */
	struct vrc_stats vrc;  /* VRC's static counts (last draw) */
	uint32_t draws;	       /* translations: 1 + CHAOS re-draws */
	struct bridge_stats stats;
	uint64_t guard_exec[BRIDGE_G_COUNT];
	uint64_t run_ns;
	char error[160]; /* load-time rejection ("pc=0x... : reason") */
	void *priv;
};

/* Translate and run. Returns false if the program was rejected (error set).
 * native_free releases the sandbox and everything else. */
bool native_run(const struct native_prog *p, const struct native_cfg *cfg,
		struct native_result *out);
void native_free(struct native_result *out);

/* Translate only (for the translation-speed and gadget measurements): returns the
 * code bytes in a malloc'ed buffer, or NULL with error set. */
uint8_t *native_translate_only(const struct native_prog *p, uint64_t seed, enum native_mode mode,
			       size_t *len, uint64_t *ns, char *error, size_t error_cap);

#endif
