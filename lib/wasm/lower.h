/*
 * Lowering a validated-while-compiled WebAssembly module to VELA code:
 * shared between the function compiler (compile.c), the runtime routines
 * (rt.c) and the module layout (module.c). See docs/vela-wasm.md.
 */
#ifndef WASM_LOWER_H
#define WASM_LOWER_H

#include "wasm/trap_codes.h"
#include "wasm/wasm.h"

/* Unused bytes the layout keeps between the runtime block and the bottom of
 * the VELA stack (docs/vela-wasm.md, "Stack limit"). Every call is made with
 * sp >= the bottom, so a function without calls whose frame fits in this zone
 * needs no stack check, and the runtime routines' frames (at most 1088 bytes,
 * rt.c) land in it. */
enum { WASM_STACK_GUARD = 4096 };

/* VELA registers as the lowering uses them */
enum {
	R_ZERO = 0,
	R_LR = 1,
	R_SP = 2,
	R_STK = 3, /* operand stack depth d < NSTK lives in R_STK + d */
	NSTK = 5,
	NARG = 5,  /* arguments in R3-R7, the rest at 0(sp).. */
	NRES = 5,  /* results in R3-R7, the rest at 0(sp).. of the caller */
	R_LOC = 8, /* the NLOC most used locals live in R8-R13 (callee-saved) */
	NLOC = 6,
	R_T0 = 14,
	R_T1 = 15,
};

enum wasm_mode {
	WASM_BOUNDS_SANDBOX, /* rely on the VELA sandbox bounds (fast) */
	WASM_BOUNDS_STRICT,  /* check every access against the current memory size */
};

struct wasm_layout {
	uint64_t mem_max_bytes;	   /* linear memory reserved at sandbox 0 */
	uint64_t rt_base;	   /* runtime block */
	uint64_t rt_memsz;	   /* 8 bytes: current memory size in pages */
	uint64_t rt_maxpages;	   /* 8 bytes: maximum pages */
	uint64_t rt_scratch;	   /* 64 bytes scratch for routines */
	uint64_t rt_argv, rt_envp; /* the loader's argv and envp arrays (R4, R5 at entry) */
	uint64_t rt_errno;	   /* 256 bytes: AetherOS errno -> WASI errno */
	uint64_t rt_path;	   /* two 512-byte buffers for NUL-terminated paths */
	uint64_t rt_globals;	   /* 8 bytes per global */
	uint64_t rt_funcs;	   /* 8 bytes per function: its funcref (declared ones) */
	uint64_t rt_elems;	   /* 16 bytes per element segment: address, current length */
	uint64_t *tab;		   /* per table: descriptor (elements address, size, capacity),
				      then the capacity's elements */
	uint32_t *tab_cap;	   /* per table: elements reserved (table.grow's limit) */
	uint64_t rt_datas;	   /* 16 bytes per data segment: address, current length */
	uint64_t rt_passive;	   /* the bytes of the passive data segments */
	uint64_t rt_end;
	uint64_t stack_lo; /* bottom of the VELA stack: mem_size - stack size,
			      at least rt_end + WASM_STACK_GUARD */
	uint64_t mem_size; /* sandbox size (power of two) */
};

/* Code buffer with branch fixups */
struct vcode {
	uint32_t *w;
	uint32_t n, cap;
	bool overflow;
};

static inline void vput(struct vcode *c, uint32_t word)
{
	if (c->n >= c->cap) {
		c->overflow = true;
		return;
	}
	c->w[c->n++] = word;
}

static inline uint32_t vR(unsigned op, unsigned a, unsigned b, unsigned cc)
{
	return (uint32_t)op << 24 | a << 18 | b << 12 | cc << 6;
}

static inline uint32_t vI(unsigned op, unsigned a, unsigned b, int32_t imm12)
{
	return (uint32_t)op << 24 | a << 18 | b << 12 | ((uint32_t)imm12 & 0xfff);
}

static inline uint32_t vSH(unsigned op, unsigned a, unsigned b, unsigned sh)
{
	return (uint32_t)op << 24 | a << 18 | b << 12 | (sh & 63);
}

static inline uint32_t vU(unsigned op, unsigned a, uint32_t imm18)
{
	return (uint32_t)op << 24 | a << 18 | (imm18 & 0x3ffff);
}

static inline bool fits12(int64_t v)
{
	return v >= -2048 && v <= 2047;
}

/* emit helpers shared by compile.c and rt.c (rt.c) */
void vli(struct vcode *c, unsigned rd, int64_t v);
void vmv(struct vcode *c, unsigned rd, unsigned rs);
void vbreak(struct vcode *c, uint32_t code);
/* trap WASM_TRAP_STACK unless sp >= lim (unsigned); clobbers T1 */
void vstack_check(struct vcode *c, uint64_t lim);
/* branch (B format) from pc `at` to `target`; false if out of range */
bool vpatch_b(struct vcode *c, uint32_t at, uint32_t target);
bool vpatch_j(struct vcode *c, uint32_t at, uint32_t target);

/* Runtime routines (rt.c): emitted before the functions. */
struct wasm_rt {
	uint32_t grow, fill, copy, minit, print_hex, exit, nosys, ret0;
	uint32_t tgrow, tfill, tcopy; /* table.grow, table.fill, table.copy/init */
	uint32_t wasi[32];
	uint32_t aether[10];
};

/* Module-wide lowering state. */
struct wasm_callfix {
	uint32_t pc, func;
};

struct wasm_cm {
	const struct wasm_module *m;
	struct wasm_arena *a;
	struct vcode code;
	struct wasm_layout lay;
	enum wasm_mode mode;
	struct wasm_rt rt;
	uint32_t *func_pc; /* entry of each function (imports: their routine) */
	struct wasm_callfix *cf;
	uint32_t ncf, cfcap;
	uint32_t *func_end; /* end pc of each defined function (symbol sizes) */
};

/* Validate and lower defined function `fidx`; appends to cm->code. */
bool wasm_compile_func(struct wasm_cm *cm, uint32_t fidx, struct wasm_err *err);
/* Record a call at pc to function f (patched by wasm_patch_calls). */
bool wasm_add_callfix(struct wasm_cm *cm, uint32_t pc, uint32_t f);
#endif
