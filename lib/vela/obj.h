/*
 * The VELA object format (docs/vela-object.md): what vela-as writes,
 * vela-objdump and vela-run read, and AELF extends (same header layout after
 * the magic, extra section types). Reader and writer work on caller buffers
 * only; the reader trusts nothing in its input.
 */
#ifndef VELA_OBJ_H
#define VELA_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VELA_OBJ_MAGIC	      "VOBJ"
#define VELA_OBJ_VERSION      1
#define VELA_OBJ_HDR_SIZE     64
#define VELA_OBJ_SEC_SIZE     32
#define VELA_OBJ_SYM_SIZE     24
#define VELA_OBJ_MAX_SECTIONS 64

enum vela_sec_type {
	VELA_SEC_CODE = 1,   /* instruction words, addr 0 (code offsets) */
	VELA_SEC_DATA = 2,   /* initialised sandbox bytes at addr */
	VELA_SEC_BSS = 3,    /* size zeroed sandbox bytes at addr, no file bytes */
	VELA_SEC_SYMTAB = 4, /* array of 24-byte symbols */
	VELA_SEC_STRTAB = 5, /* NUL-terminated names, offset 0 is "" */
	/* Types with this bit set may be skipped by a reader that does not know
	 * them (AELF's capability and signature sections are of this kind). */
	VELA_SEC_OPTIONAL = 0x8000,
};

#define VELA_SYM_ABS 0xffff /* symbol section index: absolute value */

enum vela_sym_flags {
	VELA_SYM_GLOBAL = 1,	 /* .global */
	VELA_SYM_FUNC = 2,	 /* function entry (.func): a valid indirect target */
	VELA_SYM_ADDR_TAKEN = 4, /* code label whose address is taken: a valid indirect target */
};

struct vela_sym {
	const char *name;
	uint16_t section; /* index in the section table, or VELA_SYM_ABS */
	uint16_t flags;
	uint64_t value; /* code offset, sandbox address, or absolute value */
	uint64_t size;	/* function size (.func/.endfunc), else 0 */
};

/* A parsed object: pointers into the caller's buffer. */
struct vela_obj {
	const uint8_t *buf;
	size_t len;
	uint32_t flags;
	uint32_t entry;
	uint64_t mem_size; /* 0: loader's default */
	uint32_t nsections;
	const uint8_t *code;
	uint32_t code_size;
	int code_index; /* section index, -1 if absent */
	const uint8_t *data;
	uint32_t data_size;
	uint64_t data_addr;
	int data_index;
	uint64_t bss_addr, bss_size;
	int bss_index;
	const uint8_t *symtab;
	uint32_t nsyms;
	const char *strtab;
	uint32_t strtab_size;
};

/* Parse and check an object; returns NULL on success or a static message. */
const char *vela_obj_parse(const uint8_t *buf, size_t len, struct vela_obj *obj);

/* The same for a format that extends the object layout under another magic
 * (AELF executables, lib/aelf); returns exactly "bad magic" when it differs. */
const char *vela_obj_parse_magic(const uint8_t *buf, size_t len, const char magic[4],
				 struct vela_obj *obj);

/* Symbol i (0 <= i < nsyms) of a parsed object; names point into strtab. */
void vela_obj_sym(const struct vela_obj *obj, uint32_t i, struct vela_sym *sym);

/* Raw section i: type, file bytes, address. Returns false if out of range. */
bool vela_obj_section(const struct vela_obj *obj, uint32_t i, uint32_t *type, const uint8_t **bytes,
		      uint32_t *size, uint64_t *addr);

/* Mark the valid indirect targets (FUNC and ADDR_TAKEN code symbols) in a
 * bitmap of (code_size/4 + 7)/8 bytes; bit pc/4, LSB first. */
void vela_obj_targets(const struct vela_obj *obj, uint8_t *bitmap, size_t bitmap_size);

/* What the writer needs. Symbol order is kept; vela-as sorts them
 * (section, value, name) so that equal programs give equal bytes. */
struct vela_obj_desc {
	uint32_t flags;
	uint32_t entry;
	uint64_t mem_size;
	const uint8_t *code;
	uint32_t code_size;
	const uint8_t *data;
	uint32_t data_size;
	uint64_t data_addr;
	uint64_t bss_addr, bss_size;
	const struct vela_sym *syms; /* section: 0 code, 1 data, 2 bss, or VELA_SYM_ABS */
	uint32_t nsyms;
};

/* Section indices the writer uses. */
enum {
	VELA_OBJ_IDX_CODE,
	VELA_OBJ_IDX_DATA,
	VELA_OBJ_IDX_BSS,
	VELA_OBJ_IDX_SYMTAB,
	VELA_OBJ_IDX_STRTAB,
	VELA_OBJ_NSECTIONS
};

/* Serialise into out (cap bytes). Returns the size the object needs; the
 * bytes are written only if it is <= cap. */
size_t vela_obj_write(const struct vela_obj_desc *d, uint8_t *out, size_t cap);

#endif
