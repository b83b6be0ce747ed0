/*
 * vela-as driver: files and lines, labels, directives, the two passes and
 * the object output. Instructions are in insn.c, expressions in expr.c.
 */
#include "as.h"
#include "vela/vela.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE    4096
#define MAX_SECTION (64u << 20)

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
static void emit_bytes(struct vas *v, const uint8_t *bytes, size_t n)
{
	uint64_t *loc = &v->loc[v->cur];
	if (*loc + n > MAX_SECTION) {
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
	emit_bytes(v, b, 4);
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

static bool is_punct(const struct tok *t, char op)
{
	return t->kind == T_PUNCT && t->op == op;
}

/* An expression that must be known in pass 1 (sizes, alignment). */
static bool const_expr(struct vas *v, const struct tok *t, int *i, uint64_t *out)
{
	int col = t[*i].col;
	struct val val;
	if (!vas_expr(v, t, i, &val))
		return false;
	if (val.forward || !val.known) {
		if (v->pass == 2)
			vas_error(v, col,
				  "expression must be constant here (no forward references)");
		else
			v->nerrors++;
		return false;
	}
	*out = val.v;
	return true;
}

static bool expect_end(struct vas *v, const struct tok *t, int i)
{
	if (t[i].kind == T_EOL)
		return true;
	vas_error(v, t[i].col, "unexpected '%.*s' at end of directive", (int)t[i].len, t[i].s);
	return false;
}

static struct sym *name_operand(struct vas *v, const struct tok *t, int *i, const char *dir)
{
	if (t[*i].kind != T_IDENT) {
		vas_error(v, t[*i].col, "expected a symbol name after '%s'", dir);
		return NULL;
	}
	struct sym *s = vas_sym_lookup(v, t[*i].s, t[*i].len, true);
	if (!s)
		vas_error(v, t[*i].col, "out of memory");
	else if (!s->file) {
		s->file = v->file;
		s->line = v->line;
	}
	(*i)++;
	return s;
}

static void process_file(struct vas *v, const char *path, int col);

static void data_list(struct vas *v, const struct tok *t, int i, unsigned size, const char *dir)
{
	if (v->cur == SEC_BSS) {
		vas_error(v, t[0].col, "'%s' in .bss (only .space and .align)", dir);
		return;
	}
	if (v->cur == SEC_TEXT && size != 4) {
		vas_error(v, t[0].col, "'%s' in .text (only .word keeps instructions aligned)",
			  dir);
		return;
	}
	for (;;) {
		int col = t[i].col;
		struct val val;
		uint8_t b[8];
		if (!vas_expr(v, t, &i, &val)) {
			emit_bytes(v, NULL, size);
			return;
		}
		if (val.known && size < 8) {
			int64_t sv = (int64_t)val.v;
			int64_t lo = -((int64_t)1 << (8 * size - 1)),
				hi = ((int64_t)1 << (8 * size)) - 1;
			if (sv < lo || sv > hi)
				vas_error(v, col, "value %lld does not fit in '%s'", (long long)sv,
					  dir);
		}
		if (v->pass == 2 && size >= 4 && val.base && val.base->sec == SEC_TEXT)
			val.base->flags |= VELA_SYM_ADDR_TAKEN;
		struct vela_verr verr;
		if (v->pass == 2 && v->cur == SEC_TEXT &&
		    !vela_check_word((uint32_t)val.v, (uint32_t)v->loc[SEC_TEXT], v->text_size_p1,
				     VELA_CAPS_ALL, &verr))
			vas_error(v, col, "'.word 0x%llx' in .text is not a valid instruction: %s",
				  (unsigned long long)(uint32_t)val.v, vela_verr_reason(verr.code));
		for (unsigned k = 0; k < size; k++)
			b[k] = (uint8_t)(val.v >> (8 * k));
		emit_bytes(v, b, size);
		if (t[i].kind == T_EOL)
			return;
		if (!is_punct(&t[i], ',')) {
			vas_error(v, t[i].col, "expected ',' between values");
			return;
		}
		i++;
	}
}

static void string_list(struct vas *v, const struct tok *t, int i, bool nul, const char *dir)
{
	if (v->cur != SEC_DATA) {
		vas_error(v, t[0].col, "'%s' outside .data", dir);
		return;
	}
	for (;;) {
		if (t[i].kind != T_STR) {
			vas_error(v, t[i].col, "expected a string after '%s'", dir);
			return;
		}
		char *buf = malloc(t[i].len + 1);
		size_t n = 0;
		if (!buf || !vas_decode_string(v, &t[i], buf, &n)) {
			free(buf);
			return;
		}
		emit_bytes(v, (const uint8_t *)buf, n);
		free(buf);
		if (nul)
			emit_bytes(v, NULL, 1);
		i++;
		if (t[i].kind == T_EOL)
			return;
		if (!is_punct(&t[i], ',')) {
			vas_error(v, t[i].col, "expected ',' between strings");
			return;
		}
		i++;
	}
}

static void directive(struct vas *v, const struct tok *t, int n)
{
	const struct tok *d = &t[0];
	int i = 1;
	uint64_t x;
	char name[32];
	snprintf(name, sizeof(name), "%.*s", (int)(d->len < 30 ? d->len : 30), d->s);
	if (vas_tok_is(d, ".text") || vas_tok_is(d, ".data") || vas_tok_is(d, ".bss")) {
		v->cur = vas_tok_is(d, ".text")	  ? SEC_TEXT
			 : vas_tok_is(d, ".data") ? SEC_DATA
						  : SEC_BSS;
		expect_end(v, t, i);
	} else if (vas_tok_is(d, ".align") || vas_tok_is(d, ".balign")) {
		if (!const_expr(v, t, &i, &x) || !expect_end(v, t, i))
			return;
		if (x == 0 || (x & (x - 1)) || x > 4096) {
			vas_error(v, t[1].col, "alignment %llu is not a power of two up to 4096",
				  (unsigned long long)x);
			return;
		}
		if (v->cur == SEC_TEXT && x < 4)
			x = 4;
		while (v->loc[v->cur] % x) {
			if (v->cur == SEC_TEXT)
				vas_emit_word(v, (uint32_t)VELA_OP_NOP << 24);
			else
				emit_bytes(v, NULL, 1);
		}
	} else if (vas_tok_is(d, ".byte")) {
		data_list(v, t, i, 1, ".byte");
	} else if (vas_tok_is(d, ".half")) {
		data_list(v, t, i, 2, ".half");
	} else if (vas_tok_is(d, ".word")) {
		data_list(v, t, i, 4, ".word");
	} else if (vas_tok_is(d, ".dword") || vas_tok_is(d, ".quad")) {
		data_list(v, t, i, 8, ".dword");
	} else if (vas_tok_is(d, ".ascii")) {
		string_list(v, t, i, false, ".ascii");
	} else if (vas_tok_is(d, ".asciz") || vas_tok_is(d, ".string")) {
		string_list(v, t, i, true, ".asciz");
	} else if (vas_tok_is(d, ".space") || vas_tok_is(d, ".zero")) {
		uint64_t fill = 0;
		if (!const_expr(v, t, &i, &x))
			return;
		if (is_punct(&t[i], ',')) {
			i++;
			if (!const_expr(v, t, &i, &fill))
				return;
		}
		if (!expect_end(v, t, i))
			return;
		if (x > MAX_SECTION) {
			vas_error(v, t[1].col, "'.space' size too large");
			return;
		}
		if (v->cur == SEC_TEXT) {
			vas_error(v, d->col, "'.space' in .text");
			return;
		}
		if (fill > 255 || (fill && v->cur == SEC_BSS)) {
			vas_error(v, d->col, "bad fill value for '.space'");
			return;
		}
		if (v->cur == SEC_BSS || !fill) {
			emit_bytes(v, NULL, x);
		} else {
			uint8_t chunk[4096];
			memset(chunk, (int)fill, sizeof(chunk));
			for (uint64_t k = 0; k < x; k += sizeof(chunk))
				emit_bytes(v, chunk, x - k < sizeof(chunk) ? x - k : sizeof(chunk));
		}
	} else if (vas_tok_is(d, ".global") || vas_tok_is(d, ".globl") ||
		   vas_tok_is(d, ".target")) {
		uint16_t flag = vas_tok_is(d, ".target") ? VELA_SYM_ADDR_TAKEN : VELA_SYM_GLOBAL;
		for (;;) {
			struct sym *s = name_operand(v, t, &i, name);
			if (!s)
				return;
			s->flags |= flag;
			if (t[i].kind == T_EOL)
				return;
			if (!is_punct(&t[i], ',')) {
				vas_error(v, t[i].col, "expected ',' between names");
				return;
			}
			i++;
		}
	} else if (vas_tok_is(d, ".equ") || vas_tok_is(d, ".set")) {
		int ncol = t[i].col;
		struct sym *s = name_operand(v, t, &i, name);
		struct val val;
		if (!s)
			return;
		if (!is_punct(&t[i], ',')) {
			vas_error(v, t[i].col, "expected ',' after the name in '%s'", name);
			return;
		}
		i++;
		if (!vas_expr(v, t, &i, &val) || !expect_end(v, t, i))
			return;
		if (s->defined && s->def_pass == v->pass) {
			vas_error(v, ncol, "redefinition of '%s'", s->name);
			return;
		}
		s->defined = true;
		s->def_pass = v->pass;
		s->is_equ = true;
		s->sec = SEC_ABS;
		s->value = val.v;
		if (v->pass < 2) {
			s->known_p1 = val.known && !val.forward;
			s->text_dep = val.uses_text;
			s->def_stmt = v->stmt;
		}
	} else if (vas_tok_is(d, ".func")) {
		struct sym *s = name_operand(v, t, &i, name);
		if (!s || !expect_end(v, t, i))
			return;
		if (v->open_func) {
			vas_error(v, d->col, "'.func %s' inside function '%s' (missing .endfunc)",
				  s->name, v->open_func->name);
			return;
		}
		s->flags |= VELA_SYM_FUNC;
		v->open_func = s;
	} else if (vas_tok_is(d, ".endfunc")) {
		if (!expect_end(v, t, i))
			return;
		if (!v->open_func) {
			vas_error(v, d->col, "'.endfunc' without '.func'");
			return;
		}
		struct sym *s = v->open_func;
		v->open_func = NULL;
		if (v->pass == 2) {
			if (!s->defined || s->sec != SEC_TEXT)
				vas_error(v, d->col, "function '%s' is not a label in .text",
					  s->name);
			else if (s->value > v->loc[SEC_TEXT])
				vas_error(v, d->col, "'.endfunc' before the label of '%s'",
					  s->name);
			else
				s->size = v->loc[SEC_TEXT] - s->value;
		}
	} else if (vas_tok_is(d, ".include")) {
		if (t[i].kind != T_STR || t[i + 1].kind != T_EOL) {
			vas_error(v, t[i].col, "expected a file name string after '.include'");
			return;
		}
		char *fname = malloc(t[i].len + 1);
		size_t len = 0;
		if (!fname || !vas_decode_string(v, &t[i], fname, &len) || memchr(fname, 0, len)) {
			free(fname);
			return;
		}
		fname[len] = 0;
		process_file(v, fname, t[i].col);
		free(fname);
	} else if (vas_tok_is(d, ".entry")) {
		struct sym *s = name_operand(v, t, &i, name);
		if (s && expect_end(v, t, i))
			v->entry_sym = s;
	} else if (vas_tok_is(d, ".database")) {
		if (!const_expr(v, t, &i, &x) || !expect_end(v, t, i))
			return;
		if (v->loc[SEC_DATA] || v->loc[SEC_BSS] || v->data_base_set) {
			vas_error(v, d->col,
				  "'.database' must come once, before any .data or .bss");
			return;
		}
		if (x >= (1ull << 40)) {
			vas_error(v, t[1].col, "data address 0x%llx too large",
				  (unsigned long long)x);
			return;
		}
		v->data_base = x;
		v->data_base_set = true;
	} else if (vas_tok_is(d, ".memsize")) {
		if (!const_expr(v, t, &i, &x) || !expect_end(v, t, i))
			return;
		if (x < 4096 || (x & (x - 1)) || x > (1ull << 40)) {
			vas_error(v, t[1].col,
				  "memory size must be a power of two from 4 KiB to 1 TiB");
			return;
		}
		v->mem_size = x;
	} else {
		vas_error(v, d->col, "unknown directive '%s'", name);
	}
	(void)n;
}

static void statement(struct vas *v, const char *line)
{
	struct tok t[VAS_MAX_TOKENS];
	int n = vas_tokenize(v, line, t, VAS_MAX_TOKENS);
	if (n < 0)
		return;
	int i = 0;
	for (;;) {
		if (t[i].kind == T_IDENT && is_punct(&t[i + 1], ':')) {
			if (vas_is_reg_name(&t[i])) {
				vas_error(v, t[i].col, "register name '%.*s' cannot be a label",
					  (int)t[i].len, t[i].s);
				return;
			}
			define_label(v, &t[i]);
			i += 2;
		} else if (t[i].kind == T_NUM && is_punct(&t[i + 1], ':') && t[i].s[0] >= '0' &&
			   t[i].s[0] <= '9') {
			define_local(v, t[i].num);
			i += 2;
		} else {
			break;
		}
	}
	if (t[i].kind == T_EOL)
		return;
	if (t[i].kind == T_IDENT && is_punct(&t[i + 1], '=')) {
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
		directive(v, alt, m);
		return;
	}
	if (t[i].kind == T_IDENT && t[i].s[0] == '.' && !vas_is_mnemonic(t[i].s, t[i].len)) {
		directive(v, t + i, n - i);
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
			emit_bytes(v, NULL, pad);
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

static void process_file(struct vas *v, const char *path, int col)
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
	process_file(v, path, 0);
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
