/*
 * vela-as symbols and expressions. Values are 64-bit two's complement; + - *
 * wrap, / and % are signed (division by zero is an error), >> is arithmetic.
 * Precedence, lowest first: |  ^  &  << >>  + -  * / %  unary - + ~.
 */
#include "as.h"

#include <stdlib.h>
#include <string.h>

static unsigned hash(const char *s, size_t len)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h % 1024;
}

struct sym *vas_sym_lookup(struct vas *v, const char *name, size_t len, bool create)
{
	unsigned h = hash(name, len);
	for (struct sym *s = v->buckets[h]; s; s = s->next)
		if (strlen(s->name) == len && memcmp(s->name, name, len) == 0)
			return s;
	if (!create)
		return NULL;
	struct sym *s = calloc(1, sizeof(*s));
	char *nm = malloc(len + 1);
	if (!s || !nm) {
		free(s);
		free(nm);
		return NULL;
	}
	memcpy(nm, name, len);
	nm[len] = 0;
	s->name = nm;
	s->sec = SEC_NONE;
	s->def_stmt = -1;
	s->is_local = len >= 2 && name[0] == '.' && name[1] == 'L';
	s->next = v->buckets[h];
	v->buckets[h] = s;
	if (v->nsyms == v->cap_syms) {
		size_t cap = v->cap_syms ? 2 * v->cap_syms : 64;
		struct sym **n = realloc(v->syms, cap * sizeof(*n));
		if (!n)
			return s;
		v->syms = n;
		v->cap_syms = cap;
	}
	v->syms[v->nsyms++] = s;
	return s;
}

bool vas_sym_value(struct vas *v, const struct sym *s, uint64_t *out)
{
	if (!s->defined)
		return false;
	switch (s->sec) {
	case SEC_TEXT:
		*out = s->value;
		return true;
	case SEC_DATA:
		*out = v->data_base + s->value;
		return true;
	case SEC_BSS:
		*out = v->bss_base + s->value;
		return v->pass >= 1;
	case SEC_ABS:
		*out = s->value;
		return v->pass == 2 || s->known_p1;
	default:
		return false;
	}
}

/* Find numeric local label `num` before (b) or after (f) the current point. */
bool vas_local_ref(struct vas *v, uint64_t num, char dir, uint64_t *out, bool *in_text)
{
	*in_text = false;
	const struct localdef *d = NULL;
	if (dir == 'b') {
		for (size_t i = v->local_seq; i-- > 0;)
			if (v->locals[i].num == num) {
				d = &v->locals[i];
				break;
			}
	} else {
		for (size_t i = v->local_seq; i < v->nlocals; i++)
			if (v->locals[i].num == num) {
				d = &v->locals[i];
				break;
			}
	}
	if (!d)
		return false;
	*in_text = d->sec == SEC_TEXT;
	uint64_t base = d->sec == SEC_DATA ? v->data_base : d->sec == SEC_BSS ? v->bss_base : 0;
	*out = base + d->off;
	if (v->pass == 1 && dir == 'f' && (d->sec == SEC_TEXT || v->conservative))
		return false; /* its draft position is stale */
	return d->sec != SEC_BSS || v->pass >= 1;
}

struct ectx {
	struct vas *v;
	const struct tok *t;
	int *i;
	int depth;
};

static bool binary(struct ectx *e, int level, struct val *out);

static bool primary(struct ectx *e, struct val *out)
{
	struct vas *v = e->v;
	const struct tok *t = &e->t[*e->i];
	memset(out, 0, sizeof(*out));
	out->known = true;
	if (++e->depth > VAS_MAX_EXPR_DEPTH) {
		vas_error(v, t->col, "expression nested too deeply");
		return false;
	}
	if (t->kind == T_NUM) {
		out->v = t->num;
		(*e->i)++;
		return true;
	}
	if (t->kind == T_LOCALREF) {
		(*e->i)++;
		bool in_text;
		bool found = vas_local_ref(v, t->num, t->dir, &out->v, &in_text);
		out->uses_text = in_text;
		if (!found) {
			if (v->pass == 2) {
				vas_error(v, t->col, "undefined local label '%llu%c'",
					  (unsigned long long)t->num, t->dir);
				return false;
			}
			out->known = false;
		}
		out->forward = t->dir == 'f' || !out->known;
		return true;
	}
	if (t->kind == T_PUNCT && (t->op == '-' || t->op == '+' || t->op == '~')) {
		(*e->i)++;
		if (!primary(e, out))
			return false;
		e->depth--;
		if (t->op == '-')
			out->v = 0 - out->v;
		else if (t->op == '~')
			out->v = ~out->v;
		if (t->op != '+')
			out->base = NULL;
		return true;
	}
	if (t->kind == T_PUNCT && t->op == '(') {
		(*e->i)++;
		if (!binary(e, 0, out))
			return false;
		const struct tok *c = &e->t[*e->i];
		if (c->kind != T_PUNCT || c->op != ')') {
			vas_error(v, c->col, "expected ')' in expression");
			return false;
		}
		(*e->i)++;
		return true;
	}
	if (t->kind == T_IDENT) {
		(*e->i)++;
		if (t->len == 1 && t->s[0] == '.') {
			uint64_t base = v->cur == SEC_DATA  ? v->data_base
					: v->cur == SEC_BSS ? v->bss_base
							    : 0;
			out->v = base + v->loc[v->cur];
			out->known = v->cur != SEC_BSS || v->pass >= 1;
			out->uses_text = v->cur == SEC_TEXT;
			return true;
		}
		if (vas_is_reg_name(t)) {
			vas_error(v, t->col, "register '%.*s' used in an expression", (int)t->len,
				  t->s);
			return false;
		}
		struct sym *s = vas_sym_lookup(v, t->s, t->len, true);
		if (!s) {
			vas_error(v, t->col, "out of memory");
			return false;
		}
		out->base = s;
		if (v->pass == 2 && s->is_equ && s->def_pass != 2 && !s->known_p1) {
			/* its pass-1 value was computed from symbols not yet known */
			vas_error(
			    v, t->col,
			    "'%s' is used before its .equ, which depends on a later definition",
			    s->name);
			return false;
		}
		if (!vas_sym_value(v, s, &out->v)) {
			out->known = false;
			out->forward = true;
			if (v->pass == 2) {
				vas_error(v, t->col, "undefined symbol '%s'", s->name);
				return false;
			}
			return true;
		}
		if (s->def_stmt >= v->stmt || s->sec == SEC_BSS || (s->is_equ && !s->known_p1))
			out->forward = true;
		out->uses_text = s->sec == SEC_TEXT || (s->is_equ && s->text_dep);
		/* pass 1 sees the draft value of a symbol defined later: final for
		 * data, bss and code-independent constants, stale for code */
		if (v->pass == 1 && s->def_pass != 1 &&
		    (out->uses_text || v->conservative || (s->is_equ && !s->known_p1)))
			out->known = false;
		return true;
	}
	if (t->kind == T_EOL)
		vas_error(v, t->col, "expected expression");
	else
		vas_error(v, t->col, "expected expression before '%.*s'", (int)t->len, t->s);
	return false;
}

static int prec(const struct tok *t)
{
	if (t->kind != T_PUNCT)
		return -1;
	switch (t->op) {
	case '|':
		return 0;
	case '^':
		return 1;
	case '&':
		return 2;
	case 'L':
	case 'R':
		return 3;
	case '+':
	case '-':
		return 4;
	case '*':
	case '/':
	case '%':
		return 5;
	default:
		return -1;
	}
}

static bool binary(struct ectx *e, int level, struct val *out)
{
	if (level > 5) {
		bool ok = primary(e, out);
		e->depth--;
		return ok;
	}
	if (!binary(e, level + 1, out))
		return false;
	for (;;) {
		const struct tok *op = &e->t[*e->i];
		if (prec(op) != level)
			return true;
		(*e->i)++;
		struct val rhs;
		if (!binary(e, level + 1, &rhs))
			return false;
		uint64_t a = out->v, b = rhs.v;
		struct sym *base = NULL;
		bool known = out->known && rhs.known;
		switch (op->op) {
		case '+':
			a += b;
			base = out->base && !rhs.base ? out->base : !out->base ? rhs.base : NULL;
			break;
		case '-':
			a -= b;
			base = rhs.base ? NULL : out->base;
			break;
		case '*':
			a *= b;
			break;
		case '/':
		case '%':
			if (b == 0) {
				if (known) {
					vas_error(e->v, op->col, "division by zero in expression");
					return false;
				}
				a = 0;
			} else if ((int64_t)a == INT64_MIN && (int64_t)b == -1) {
				a = op->op == '/' ? a : 0;
			} else {
				a = (uint64_t)(op->op == '/' ? (int64_t)a / (int64_t)b
							     : (int64_t)a % (int64_t)b);
			}
			break;
		case 'L':
		case 'R':
			if (b > 63) {
				if (known) {
					vas_error(e->v, op->col,
						  "shift count %lld out of range 0..63",
						  (long long)b);
					return false;
				}
				b = 0;
			}
			a = op->op == 'L' ? a << b : (uint64_t)((int64_t)a >> b);
			break;
		case '&':
			a &= b;
			break;
		case '|':
			a |= b;
			break;
		case '^':
			a ^= b;
			break;
		}
		out->v = a;
		out->known = known;
		out->forward = out->forward || rhs.forward;
		out->uses_text = out->uses_text || rhs.uses_text;
		out->base = base;
	}
}

bool vas_expr(struct vas *v, const struct tok *t, int *i, struct val *out)
{
	struct ectx e = {v, t, i, 0};
	return binary(&e, 0, out);
}

bool vas_is_reg_name(const struct tok *t)
{
	static const char *const names[] = {"zero", "lr", "sp", "a0", "a1", "a2", "a3", "a4",
					    "a5",   "s0", "s1", "s2", "s3", "s4", "t0", "t1"};
	char buf[8];
	if (t->len >= sizeof(buf))
		return false;
	for (size_t i = 0; i < t->len; i++)
		buf[i] = (char)(t->s[i] | 0x20);
	buf[t->len] = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(buf, names[i]) == 0)
			return true;
	const char *p = buf;
	if (p[0] == 'v' && p[1] == 'r')
		p += 2;
	else if (p[0] == 'r')
		p += 1;
	else
		return false;
	if (!*p)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}
