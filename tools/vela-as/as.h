/*
 * vela-as internals: an assembler for VELA (docs/vela-isa.md) that writes
 * the VELA object format (docs/vela-object.md).
 *
 * Layout passes, then one emitting pass. Pass 0 lays out a draft (a `li`
 * whose value is not yet known reserves the 4-instruction worst case); pass 1
 * lays out the final program, sizing such a `li` exactly when its value needs
 * only data, bss or constants (their layout never depends on code); pass 2
 * evaluates everything with all symbols known and emits bytes. Every
 * statement has the same size in passes 1 and 2. Diagnostics are printed in
 * pass 2 only, GCC style.
 */
#ifndef VELA_AS_H
#define VELA_AS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vela/obj.h"

#define VAS_MAX_TOKENS	      128
#define VAS_MAX_ERRORS	      30
#define VAS_MAX_INCLUDE	      16
#define VAS_MAX_INCLUDE_FILES 256 /* per pass, against include bombs */
#define VAS_MAX_EXPR_DEPTH    64
#define VAS_DATA_BASE	      0x1000u /* default sandbox address of .data */

enum tok_kind {
	T_EOL,
	T_IDENT,    /* names, mnemonics, directives, registers */
	T_NUM,	    /* number or character literal: num */
	T_LOCALREF, /* 1b / 1f: num, dir = 'b' or 'f' */
	T_STR,	    /* "..." raw text between the quotes in s/len */
	T_PUNCT,    /* op: one of , ( ) + - * / % & | ^ ~ : and 'L' (<<), 'R' (>>) */
};

struct tok {
	enum tok_kind kind;
	int col; /* 1-based */
	const char *s;
	size_t len;
	uint64_t num;
	char op;
	char dir;
};

enum vas_sec { SEC_TEXT, SEC_DATA, SEC_BSS, SEC_ABS, SEC_NONE };

struct sym {
	char *name;
	struct sym *next; /* hash chain */
	enum vas_sec sec;
	uint64_t value; /* offset in its section, or the absolute value */
	uint16_t flags; /* VELA_SYM_* */
	bool defined;
	int def_pass;
	long def_stmt; /* statement index of the definition (pass 1) */
	bool known_p1; /* .equ value was known in pass 1 */
	bool is_equ;
	bool is_local;	   /* .L name: not written to the object */
	bool text_dep;	   /* .equ value computed from a code label */
	bool defined0;	   /* state after the draft pass, to check that data */
	enum vas_sec sec0; /* layout did not depend on code layout */
	uint64_t value0;
	uint64_t size;	  /* .func size */
	const char *file; /* where it was named global/func, for diagnostics */
	int line;
};

struct localdef {
	uint64_t num;
	enum vas_sec sec;
	uint64_t off;
};

/* The value of an expression. */
struct val {
	uint64_t v;
	bool known;	  /* false only in pass 1 (forward or bss reference) */
	struct sym *base; /* the expression is `base + constant` */
	bool forward;	  /* uses something not defined before this statement */
	bool uses_text;	  /* depends on a code label */
};

/* Reads a file for .include (and the main file); returns malloc'd text or NULL. */
typedef char *(*vas_read_fn)(const char *path, size_t *len);

struct vas {
	/* configuration */
	vas_read_fn read_file;
	FILE *diag; /* where diagnostics go (NULL: nowhere) */

	/* state */
	int pass;	   /* 0 draft layout, 1 final layout, 2 emit */
	bool conservative; /* pass 1 may not use forward data values */
	int nerrors;
	int internal_errors; /* layout disagreements between passes (bugs) */
	const char *file;    /* current position */
	int line;
	const char *line_text;
	long stmt; /* statement counter, same in both passes */
	enum vas_sec cur;
	uint64_t loc[3]; /* location counters: text, data, bss */
	uint64_t data_base, bss_base;
	bool data_base_set; /* .database seen in this pass */
	int include_depth;
	int include_count;
	struct sym *open_func;

	struct sym *buckets[1024];
	struct sym **syms; /* all symbols in creation order */
	size_t nsyms, cap_syms;

	struct localdef *locals; /* numeric local labels, in order */
	size_t nlocals, cap_locals, local_seq;

	uint8_t *li_sizes; /* per variable-size statement: instructions reserved */
	size_t nli, cap_li, li_seq;

	uint64_t *stmt_size; /* pass 1: bytes each statement put in its section */
	size_t nstmt, cap_stmt;

	uint8_t *text, *data;
	size_t text_cap, data_cap;
	uint64_t text_size_p1;

	struct sym *entry_sym;
	uint64_t mem_size;

	char **files; /* loaded texts and names, freed at the end */
	size_t nfiles, cap_files;

	/* output */
	uint8_t *obj;
	size_t obj_size;
};

/* Assemble `path` (read through read_file). Returns the number of errors;
 * on 0, v->obj/obj_size hold the object. Call vas_free afterwards. */
int vas_assemble(struct vas *v, const char *path);
void vas_free(struct vas *v);

/* lex.c */
int vas_tokenize(struct vas *v, const char *line, struct tok *toks, int max);
bool vas_decode_string(struct vas *v, const struct tok *t, char *out, size_t *outlen);

/* diagnostics (asm.c) */
void vas_error(struct vas *v, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* expr.c */
struct sym *vas_sym_lookup(struct vas *v, const char *name, size_t len, bool create);
bool vas_sym_value(struct vas *v, const struct sym *s, uint64_t *out);
bool vas_expr(struct vas *v, const struct tok *t, int *i, struct val *out);
bool vas_is_reg_name(const struct tok *t);
bool vas_local_ref(struct vas *v, uint64_t num, char dir, uint64_t *out, bool *in_text);

/* insn.c */
bool vas_is_mnemonic(const char *s, size_t len);
void vas_insn(struct vas *v, const struct tok *t, int n);

/* asm.c helpers used by insn.c and directive.c */
#define VAS_MAX_SECTION (64u << 20)
void vas_emit_word(struct vas *v, uint32_t w);
void vas_emit_bytes(struct vas *v, const uint8_t *bytes, size_t n);
void vas_process_file(struct vas *v, const char *path, int col);

static inline bool vas_is_punct(const struct tok *t, char op)
{
	return t->kind == T_PUNCT && t->op == op;
}

/* directive.c: t[0] is the directive, n tokens in all */
void vas_directive(struct vas *v, const struct tok *t, int n);
bool vas_tok_is(const struct tok *t, const char *s);

#endif
