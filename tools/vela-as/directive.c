/*
 * vela-as directives: sections, data, alignment, symbols and their flags,
 * .equ, .func/.endfunc, .include, .entry, .memsize, .database
 * (docs/vela-isa.md section 11).
 */
#include "as.h"
#include "vela/vela.h"

#include <stdlib.h>
#include <string.h>

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
			vas_emit_bytes(v, NULL, size);
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
		vas_emit_bytes(v, b, size);
		if (t[i].kind == T_EOL)
			return;
		if (!vas_is_punct(&t[i], ',')) {
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
		vas_emit_bytes(v, (const uint8_t *)buf, n);
		free(buf);
		if (nul)
			vas_emit_bytes(v, NULL, 1);
		i++;
		if (t[i].kind == T_EOL)
			return;
		if (!vas_is_punct(&t[i], ',')) {
			vas_error(v, t[i].col, "expected ',' between strings");
			return;
		}
		i++;
	}
}

void vas_directive(struct vas *v, const struct tok *t, int n)
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
				vas_emit_bytes(v, NULL, 1);
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
		if (vas_is_punct(&t[i], ',')) {
			i++;
			if (!const_expr(v, t, &i, &fill))
				return;
		}
		if (!expect_end(v, t, i))
			return;
		if (x > VAS_MAX_SECTION) {
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
			vas_emit_bytes(v, NULL, x);
		} else {
			uint8_t chunk[4096];
			memset(chunk, (int)fill, sizeof(chunk));
			for (uint64_t k = 0; k < x; k += sizeof(chunk))
				vas_emit_bytes(v, chunk,
					       x - k < sizeof(chunk) ? x - k : sizeof(chunk));
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
			if (!vas_is_punct(&t[i], ',')) {
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
		if (!vas_is_punct(&t[i], ',')) {
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
		vas_process_file(v, fname, t[i].col);
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
