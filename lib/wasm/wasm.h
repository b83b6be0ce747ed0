/*
 * WebAssembly binary modules: reader, validator and lowering to VELA
 * (docs/vela-wasm.md). Portable: no allocation of its own, all memory comes
 * from a caller-provided arena; every input byte is untrusted.
 */
#ifndef WASM_WASM_H
#define WASM_WASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum wasm_type {
	WASM_I32 = 0x7f,
	WASM_I64 = 0x7e,
	WASM_F32 = 0x7d,
	WASM_F64 = 0x7c,
	WASM_V128 = 0x7b,
	WASM_FUNCREF = 0x70,
	WASM_EXTERNREF = 0x6f,
	WASM_ANY = 0 /* validator: unknown type from an unreachable stack */
};

enum wasm_extkind { WASM_EXT_FUNC, WASM_EXT_TABLE, WASM_EXT_MEM, WASM_EXT_GLOBAL };

#define WASM_NONE      0xffffffffu /* no index */
#define WASM_PAGE      65536u
#define WASM_MAX_PAGES 65536u

struct wasm_arena {
	uint8_t *base;
	size_t cap, used;
};

void *wasm_alloc(struct wasm_arena *a, size_t size);

struct wasm_name {
	const uint8_t *p;
	uint32_t len;
};

bool wasm_name_is(struct wasm_name n, const char *s);

struct wasm_functype {
	uint32_t nparams, nresults;
	const uint8_t *params, *results;
	uint32_t canon; /* first structurally equal type index */
};

struct wasm_limits {
	uint32_t min, max;
	bool has_max;
};

/* A constant expression: value, or the value of an (imported) global. */
struct wasm_const {
	uint8_t type;
	uint32_t global; /* WASM_NONE, or global.get of this index */
	uint32_t func;	 /* ref.func index, or WASM_NONE (null) for references */
	uint64_t value;
};

struct wasm_func {
	uint32_t type;
	bool imported;
	struct wasm_name module, name; /* import names */
	const uint8_t *body;	       /* code entry (locals then expression) */
	uint32_t body_len, body_off;   /* body_off: file offset of body */
};

struct wasm_global {
	uint8_t type;
	bool mut, imported;
	struct wasm_name module, name;
	struct wasm_const init;
};

struct wasm_export {
	struct wasm_name name;
	uint8_t kind;
	uint32_t index;
};

struct wasm_elem {
	uint8_t mode; /* 0 active, 1 passive, 2 declarative */
	uint8_t type; /* WASM_FUNCREF or WASM_EXTERNREF */
	uint32_t table;
	struct wasm_const offset;
	uint32_t n;
	uint32_t *funcs; /* WASM_NONE = null */
};

/* A table: its element type and limits; an import has its names. */
struct wasm_table {
	uint8_t type;
	bool imported;
	struct wasm_name module, name;
	struct wasm_limits lim;
};

struct wasm_data {
	bool active;
	struct wasm_const offset;
	const uint8_t *bytes;
	uint32_t len;
};

struct wasm_module {
	const uint8_t *buf;
	size_t len;
	struct wasm_functype *types;
	uint32_t ntypes;
	struct wasm_func *funcs;
	uint32_t nfuncs, nimported_funcs;
	struct wasm_table *tables; /* imported ones first */
	uint32_t ntables;
	bool has_mem, mem_imported;
	struct wasm_name mem_module, mem_name;
	struct wasm_limits mem;
	struct wasm_global *globals;
	uint32_t nglobals, nimported_globals;
	struct wasm_export *exports;
	uint32_t nexports;
	uint32_t start; /* WASM_NONE if absent */
	struct wasm_elem *elems;
	uint32_t nelems;
	struct wasm_data *datas;
	uint32_t ndatas;
	bool has_data_count;
	uint32_t data_count;
	bool *func_ref; /* declared in an element segment or export: ref.func allowed */
};

struct wasm_err {
	char msg[200];
};

/* Parse a binary module and check everything outside function bodies. */
bool wasm_read(const uint8_t *buf, size_t len, struct wasm_arena *a, struct wasm_module *m,
	       struct wasm_err *err);

/* Little-endian buffer reader with LEB128, used by the reader and compiler. */
struct wasm_rd {
	const uint8_t *p, *end, *base;
	const char *fail; /* first error, or NULL */
};

bool wasm_u32(struct wasm_rd *r, uint32_t *v);
bool wasm_s32(struct wasm_rd *r, int32_t *v);
bool wasm_s64(struct wasm_rd *r, int64_t *v);
bool wasm_s33(struct wasm_rd *r, int64_t *v);
bool wasm_byte(struct wasm_rd *r, uint8_t *v);
bool wasm_bytes(struct wasm_rd *r, uint32_t n, const uint8_t **p);

#endif
