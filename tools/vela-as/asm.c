/*
 * vela-as driver: files and lines, labels, statements, the passes and the
 * object output. Directives are in directive.c, instructions in insn.c,
 * expressions in expr.c.
 */
#include "as.h"
#include "vela/vela.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096

void vas_error(struct vas *v, int col, const char *fmt, ...)
{
	v->nerrors++;
	if (v->pass < 2 || !v->diag)
		return;
	if (v->nerrors > VAS_MAX_ERRORS) {
		if (v->nerrors == VAS_MAX_ERRORS + 1)
			fprintf(v->diag, "vela-as: too many errors, stopping diagnostics\n");
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	if (v->file && v->line && col > 0)
		fprintf(v->diag, "%s:%d:%d: error: ", v->file, v->line, col);
	else if (v->file && v->line)
		fprintf(v->diag, "%s:%d: error: ", v->file, v->line);
	else if (v->file)
		fprintf(v->diag, "%s: error: ", v->file);
	else
		fprintf(v->diag, "vela-as: error: ");
	vfprintf(v->diag, fmt, ap);
	fputc('\n', v->diag);
	va_end(ap);
}

static bool grow(uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 4096;
	while (n < need)
		n *= 2;
	uint8_t *p = realloc(*buf, n);
	if (!p)
		return false;
	memset(p + *cap, 0, n - *cap);
	*buf = p;
	*cap = n;
	return true;
}

/* Put n bytes (NULL: zeros) at the current location of the current section. */
void vas_emit_bytes(struct vas *v, const uint8_t *bytes, size_t n)
{
	uint64_t *loc = &v->loc[v->cur];
	if (n == 0)
		return; /* `.ascii ""`: nothing to place (and no buffer may exist yet) */
	if (*loc + n > VAS_MAX_SECTION) {
		vas_error(v, 0, "section larger than 64 MiB");
		return;
	}
	if (v->pass == 2 && v->cur != SEC_BSS) {
		uint8_t **buf = v->cur == SEC_TEXT ? &v->text : &v->data;
		size_t *cap = v->cur == SEC_TEXT ? &v->text_cap : &v->data_cap;
		if (!grow(buf, cap, *loc + n)) {
			vas_error(v, 0, "out of memory");
			return;
		}
		if (bytes)
			memcpy(*buf + *loc, bytes, n);
		else
			memset(*buf + *loc, 0, n);
	}
	*loc += n;
}

void vas_emit_word(struct vas *v, uint32_t w)
{
	uint8_t b[4];
	vela_store_word(b, w);
	vas_emit_bytes(v, b, 4);
}

static void define_label(struct vas *v, const struct tok *t)
{
	struct sym *s = vas_sym_lookup(v, t->s, t->len, true);
	if (!s) {
		vas_error(v, t->col, "out of memory");
		return;
	}
	if (s->defined && s->def_pass == v->pass) {
		vas_error(v, t->col, "redefinition of '%s'", s->name);
		return;
	}
	if (v->pass == 2 && v->nerrors == 0 &&
	    (s->sec != v->cur || s->value != v->loc[v->cur] || s->is_equ)) {
		vas_error(v, t->col, "internal error: label '%s' moved between passes", s->name);
		v->internal_errors++;
	}
	s->defined = true;
	s->def_pass = v->pass;
	s->sec = v->cur;
	s->value = v->loc[v->cur];
	s->is_equ = false;
	if (v->pass < 2)
		s->def_stmt = v->stmt;
}

static void define_local(struct vas *v, uint64_t num)
{
	if (v->pass == 0) {
		if (v->nlocals == v->cap_locals) {
			size_t cap = v->cap_locals ? 2 * v->cap_locals : 64;
			struct localdef *n = realloc(v->locals, cap * sizeof(*n));
			if (!n) {
				vas_error(v, 0, "out of memory");
				return;
			}
			v->locals = n;
			v->cap_locals = cap;
		}
		v->locals[v->nlocals++] = (struct localdef){num, v->cur, v->loc[v->cur]};
	} else if (v->local_seq < v->nlocals) {
		v->locals[v->local_seq] = (struct localdef){num, v->cur, v->loc[v->cur]};
	}
	v->local_seq++;
}

static void statement(struct vas *v, const char *line)
{
	struct tok t[VAS_MAX_TOKENS];
	int n = vas_tokenize(v, line, t, VAS_MAX_TOKENS);
	if (n < 0)
		return;
	int i = 0;
	for (;;) {
		if (t[i].kind == T_IDENT && vas_is_punct(&t[i + 1], ':')) {
			if (vas_is_reg_name(&t[i])) {
				vas_error(v, t[i].col, "register name '%.*s' cannot be a label",
					  (int)t[i].len, t[i].s);
				return;
			}
			define_label(v, &t[i]);
			i += 2;
		} else if (t[i].kind == T_NUM && vas_is_punct(&t[i + 1], ':') && t[i].s[0] >= '0' &&
			   t[i].s[0] <= '9') {
			define_local(v, t[i].num);
			i += 2;
		} else {
			break;
		}
	}
	if (t[i].kind == T_EOL)
		return;
	if (t[i].kind == T_IDENT && vas_is_punct(&t[i + 1], '=')) {
		/* name = expr is .equ name, expr */
		struct tok alt[VAS_MAX_TOKENS];
		int m = 0;
		alt[m++] = (struct tok){.kind = T_IDENT, .col = t[i].col, .s = ".equ", .len = 4};
		alt[m++] = t[i];
		alt[m] = t[i + 1];
		alt[m].op = ',';
		m++;
		for (int k = i + 2; k < n && m < VAS_MAX_TOKENS; k++)
			alt[m++] = t[k];
		vas_directive(v, alt, m);
		return;
	}
	if (t[i].kind == T_IDENT && t[i].s[0] == '.' && !vas_is_mnemonic(t[i].s, t[i].len)) {
		vas_directive(v, t + i, n - i);
		return;
	}
	if (t[i].kind != T_IDENT) {
		vas_error(v, t[i].col, "expected an instruction or directive, found '%.*s'",
			  (int)t[i].len, t[i].s);
		return;
	}
	vas_insn(v, t + i, n - i);
}

/* Run one statement; keep its pass-1 size in pass 2 even after an error, so
 * that one mistake does not shift every later label. */
static void run_statement(struct vas *v, const char *line)
{
	int errs = v->nerrors;
	enum vas_sec sec = v->cur;
	uint64_t start = v->loc[sec];
	long idx = v->stmt++;
	statement(v, line);
	if (v->pass < 2) {
		if ((size_t)idx >= v->cap_stmt) {
			size_t cap = v->cap_stmt ? 2 * v->cap_stmt : 256;
			uint64_t *p = realloc(v->stmt_size, cap * sizeof(*p));
			if (!p)
				return;
			v->stmt_size = p;
			v->cap_stmt = cap;
		}
		v->stmt_size[idx] = v->cur == sec ? v->loc[sec] - start : 0;
		v->nstmt = (size_t)idx + 1;
	} else if (v->nerrors > errs && v->cur == sec && (size_t)idx < v->nstmt) {
		uint64_t want = start + v->stmt_size[idx];
		if (v->loc[sec] < want) {
			uint64_t pad = want - v->loc[sec];
			vas_emit_bytes(v, NULL, pad);
		}
		v->loc[sec] = want;
	}
}

static char *keep(struct vas *v, char *p)
{
	if (!p)
		return NULL;
	if (v->nfiles == v->cap_files) {
		size_t cap = v->cap_files ? 2 * v->cap_files : 16;
		char **n = realloc(v->files, cap * sizeof(*n));
		if (!n) {
			free(p);
			return NULL;
		}
		v->files = n;
		v->cap_files = cap;
	}
	v->files[v->nfiles++] = p;
	return p;
}

void vas_process_file(struct vas *v, const char *path, int col)
{
	const char *saved_file = v->file;
	int saved_line = v->line;
	char *full;
	if (saved_file && path[0] != '/' && strrchr(saved_file, '/')) {
		size_t dl = (size_t)(strrchr(saved_file, '/') - saved_file) + 1;
		full = malloc(dl + strlen(path) + 1);
		if (full) {
			memcpy(full, saved_file, dl);
			strcpy(full + dl, path);
		}
	} else {
		full = strdup(path);
	}
	if (!keep(v, full)) {
		vas_error(v, col, "out of memory");
		return;
	}
	if (v->include_depth >= VAS_MAX_INCLUDE) {
		vas_error(v, col, ".include nested too deeply (recursive include?)");
		return;
	}
	if (++v->include_count > VAS_MAX_INCLUDE_FILES) {
		vas_error(v, col, "more than %d .include files", VAS_MAX_INCLUDE_FILES);
		return;
	}
	size_t len = 0;
	char *text = v->read_file ? v->read_file(full, &len) : NULL;
	if (!text) {
		if (saved_file)
			vas_error(v, col, "cannot open include file '%s'", full);
		else
			vas_error(v, 0, "cannot read '%s'", full);
		return;
	}
	v->include_depth++;
	v->file = full;
	char line[MAX_LINE + 1];
	size_t pos = 0;
	int lineno = 0;
	while (pos < len) {
		size_t e = pos;
		while (e < len && text[e] != '\n')
			e++;
		v->line = ++lineno;
		size_t n = e - pos;
		if (n > MAX_LINE) {
			v->stmt++;
			vas_error(v, 0, "line longer than %d characters", MAX_LINE);
		} else if (memchr(text + pos, 0, n)) {
			v->stmt++;
			vas_error(v, (int)((char *)memchr(text + pos, 0, n) - (text + pos)) + 1,
				  "NUL byte in source");
		} else {
			memcpy(line, text + pos, n);
			line[n] = 0;
			run_statement(v, line);
		}
		pos = e + 1;
	}
	free(text);
	v->include_depth--;
	v->file = saved_file;
	v->line = saved_line;
}

static int sym_cmp(const void *a, const void *b)
{
	const struct vela_sym *x = a, *y = b;
	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void finish(struct vas *v, const char *path)
{
	v->file = path;
	v->line = 0;
	for (size_t i = 0; i < v->nsyms; i++) {
		struct sym *s = v->syms[i];
		if ((s->flags & (VELA_SYM_GLOBAL | VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN)) &&
		    !s->defined) {
			v->file = s->file;
			v->line = s->line;
			vas_error(v, 0, "symbol '%s' is declared but never defined", s->name);
		} else if ((s->flags & (VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN)) &&
			   s->sec != SEC_TEXT) {
			v->file = s->file;
			v->line = s->line;
			vas_error(v, 0, "'%s' is a function or branch target but not in .text",
				  s->name);
		}
	}
	v->file = path;
	v->line = 0;
	uint64_t entry = 0;
	struct sym *es = v->entry_sym;
	if (!es) {
		es = vas_sym_lookup(v, "_start", 6, false);
		if (!es || !es->defined)
			es = vas_sym_lookup(v, "main", 4, false);
		if (es && !es->defined)
			es = NULL;
	}
	if (es) {
		if (!es->defined || es->sec != SEC_TEXT)
			vas_error(v, 0, "entry point '%s' is not a label in .text", es->name);
		else
			entry = es->value;
	}
	struct vela_verr err;
	if (v->nerrors == 0 && !vela_validate(v->text, v->loc[SEC_TEXT], &err))
		vas_error(v, 0, "the code is not valid VELA: %s", err.msg);
	if (v->nerrors)
		return;

	struct vela_sym *syms = calloc(v->nsyms + 1, sizeof(*syms));
	uint32_t ns = 0;
	if (!syms) {
		vas_error(v, 0, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->nsyms; i++) {
		struct sym *s = v->syms[i];
		if (!s->defined || s->is_local)
			continue;
		struct vela_sym *o = &syms[ns++];
		o->name = s->name;
		o->flags = s->flags;
		o->size = s->size;
		vas_sym_value(v, s, &o->value);
		o->section = s->sec == SEC_TEXT	  ? VELA_OBJ_IDX_CODE
			     : s->sec == SEC_DATA ? VELA_OBJ_IDX_DATA
			     : s->sec == SEC_BSS  ? VELA_OBJ_IDX_BSS
						  : VELA_SYM_ABS;
	}
	qsort(syms, ns, sizeof(*syms), sym_cmp);
	struct vela_obj_desc d = {
	    .entry = (uint32_t)entry,
	    .mem_size = v->mem_size,
	    .code = v->text,
	    .code_size = (uint32_t)v->loc[SEC_TEXT],
	    .data = v->data,
	    .data_size = (uint32_t)v->loc[SEC_DATA],
	    .data_addr = v->data_base,
	    .bss_addr = v->bss_base,
	    .bss_size = v->loc[SEC_BSS],
	    .syms = syms,
	    .nsyms = ns,
	};
	size_t need = vela_obj_write(&d, NULL, 0);
	v->obj = malloc(need);
	if (!v->obj) {
		free(syms);
		vas_error(v, 0, "out of memory");
		return;
	}
	v->obj_size = vela_obj_write(&d, v->obj, need);
	free(syms);
	if (v->mem_size && v->bss_base + v->loc[SEC_BSS] > v->mem_size)
		vas_error(v, 0, "data and bss (%llu bytes from 0x%llx) do not fit in .memsize",
			  (unsigned long long)(v->bss_base + v->loc[SEC_BSS] - v->data_base),
			  (unsigned long long)v->data_base);
}

/* Did the draft pass give every data, bss and (code-independent) absolute
 * symbol its final value? Then pass 1 rightly sized `li` with them. */
static bool data_layout_stable(struct vas *v)
{
	for (size_t i = 0; i < v->nsyms; i++) {
		const struct sym *s = v->syms[i];
		if (s->sec == SEC_TEXT || s->text_dep)
			continue;
		if (s->defined != s->defined0 || s->sec != s->sec0 || s->value != s->value0)
			return false;
	}
	return true;
}

static void run_pass(struct vas *v, const char *path, int pass)
{
	v->pass = pass;
	v->nerrors = 0;
	if (pass < 2)
		v->nli = 0;
	v->cur = SEC_TEXT;
	memset(v->loc, 0, sizeof(v->loc));
	v->stmt = 0;
	v->local_seq = 0;
	v->li_seq = 0;
	v->include_count = 0;
	v->data_base_set = false;
	v->open_func = NULL;
	v->entry_sym = NULL;
	v->mem_size = 0;
	v->file = NULL;
	v->line = 0;
	vas_process_file(v, path, 0);
	if (v->open_func && v->pass == 2) {
		v->file = v->open_func->file;
		v->line = v->open_func->line;
		vas_error(v, 0, "missing '.endfunc' for '%s'", v->open_func->name);
	}
}

/* Pass 0 lays out a draft (every forward `li` 4 instructions); pass 1 lays
 * out the final program, sizing `li` exactly when its value depends only on
 * data, bss and constants (whose layout never depends on code); pass 2
 * emits. If the data layout did move between passes 0 and 1, pass 1 is
 * redone without that knowledge. */
int vas_assemble(struct vas *v, const char *path)
{
	v->data_base = VAS_DATA_BASE;
	v->text_size_p1 = UINT64_MAX;
	run_pass(v, path, 0);
	v->bss_base = (v->data_base + v->loc[SEC_DATA] + 15) & ~(uint64_t)15;
	for (size_t i = 0; i < v->nsyms; i++) {
		struct sym *s = v->syms[i];
		s->defined0 = s->defined;
		s->sec0 = s->sec;
		s->value0 = s->value;
	}
	run_pass(v, path, 1);
	if (!data_layout_stable(v)) {
		v->conservative = true;
		run_pass(v, path, 1);
	}
	v->text_size_p1 = v->loc[SEC_TEXT];
	v->bss_base = (v->data_base + v->loc[SEC_DATA] + 15) & ~(uint64_t)15;
	run_pass(v, path, 2);
	if (v->nerrors == 0)
		finish(v, path);
	return v->nerrors;
}

void vas_free(struct vas *v)
{
	for (size_t i = 0; i < v->nsyms; i++) {
		free(v->syms[i]->name);
		free(v->syms[i]);
	}
	for (size_t i = 0; i < v->nfiles; i++)
		free(v->files[i]);
	free(v->files);
	free(v->syms);
	free(v->locals);
	free(v->li_sizes);
	free(v->stmt_size);
	free(v->text);
	free(v->data);
	free(v->obj);
	memset(v, 0, sizeof(*v));
}
