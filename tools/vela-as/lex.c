/*
 * vela-as tokenizer: one source line to tokens. Comments start with ';',
 * '#' or '//' and run to the end of the line.
 */
#include "as.h"

#include <ctype.h>
#include <string.h>

static bool ident_start(int c)
{
	return isalpha(c) || c == '_' || c == '.' || c == '$';
}

static bool ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

static int digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Parse one escape after a backslash at *p; returns the byte or -1. */
static int escape(const char **p, const char *end)
{
	if (*p >= end)
		return -1;
	char c = *(*p)++;
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	case '0':
		return 0;
	case '\\':
	case '\'':
	case '"':
		return c;
	case 'x': {
		int v = 0, n = 0;
		while (n < 2 && *p < end && digit_val(**p) < 16) {
			v = v * 16 + digit_val(**p);
			(*p)++;
			n++;
		}
		return n ? v : -1;
	}
	default:
		return -1;
	}
}

bool vas_decode_string(struct vas *v, const struct tok *t, char *out, size_t *outlen)
{
	const char *p = t->s, *end = t->s + t->len;
	size_t n = 0;
	while (p < end) {
		char c = *p++;
		if (c == '\\') {
			int e = escape(&p, end);
			if (e < 0) {
				vas_error(v, t->col, "invalid escape sequence in string");
				return false;
			}
			c = (char)e;
		}
		out[n++] = c;
	}
	*outlen = n;
	return true;
}

static bool lex_number(struct vas *v, const char **pp, struct tok *t)
{
	const char *p = *pp;
	const char *start = p;
	unsigned base = 10;
	/* numeric local label reference: digits then b/f, no more name chars */
	const char *q = p;
	while (isdigit((unsigned char)*q))
		q++;
	if ((*q == 'b' || *q == 'f') && !ident_char((unsigned char)q[1]) &&
	    !(q - p == 1 && *p == '0' && *q == 'b' && isdigit((unsigned char)q[1]))) {
		uint64_t n = 0;
		for (const char *r = p; r < q; r++) {
			if (n > (UINT64_MAX - 9) / 10) {
				vas_error(v, t->col, "number too large");
				return false;
			}
			n = n * 10 + (uint64_t)(*r - '0');
		}
		t->kind = T_LOCALREF;
		t->num = n;
		t->dir = *q;
		*pp = q + 1;
		return true;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2, p += 2;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8, p += 2;
	uint64_t n = 0;
	int ndig = 0;
	bool overflow = false;
	while (ident_char((unsigned char)*p)) {
		unsigned d = (unsigned)digit_val((unsigned char)*p);
		if (*p == '_') {
			p++;
			continue;
		}
		if (d >= base) {
			while (ident_char((unsigned char)*p))
				p++;
			vas_error(v, t->col, "invalid number '%.*s'", (int)(p - start), start);
			*pp = p;
			return false;
		}
		if (n > (UINT64_MAX - d) / base)
			overflow = true;
		n = n * base + d;
		ndig++;
		p++;
	}
	*pp = p;
	if (!ndig) {
		vas_error(v, t->col, "invalid number '%.*s'", (int)(p - start), start);
		return false;
	}
	if (overflow) {
		vas_error(v, t->col, "number '%.*s' does not fit in 64 bits", (int)(p - start),
			  start);
		return false;
	}
	t->kind = T_NUM;
	t->num = n;
	return true;
}

/* Returns the number of tokens (the last is T_EOL), or -1 after an error. */
int vas_tokenize(struct vas *v, const char *line, struct tok *toks, int max)
{
	const char *p = line;
	int n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v')
			p++;
		if (n >= max - 1) {
			vas_error(v, (int)(p - line) + 1, "too many tokens on one line");
			return -1;
		}
		struct tok *t = &toks[n];
		memset(t, 0, sizeof(*t));
		t->col = (int)(p - line) + 1;
		t->s = p;
		if (*p == 0 || *p == '\n' || *p == ';' || *p == '#' ||
		    (p[0] == '/' && p[1] == '/')) {
			t->kind = T_EOL;
			return n + 1;
		}
		unsigned char c = (unsigned char)*p;
		if (ident_start(c)) {
			while (ident_char((unsigned char)*p))
				p++;
			t->kind = T_IDENT;
			t->len = (size_t)(p - t->s);
		} else if (isdigit(c)) {
			if (!lex_number(v, &p, t))
				return -1;
			t->len = (size_t)(p - t->s);
		} else if (c == '"') {
			p++;
			t->s = p;
			while (*p && *p != '\n' && *p != '"') {
				if (*p == '\\' && p[1] && p[1] != '\n')
					p++;
				p++;
			}
			if (*p != '"') {
				vas_error(v, t->col, "missing terminating '\"' character");
				return -1;
			}
			t->kind = T_STR;
			t->len = (size_t)(p - t->s);
			p++;
		} else if (c == '\'') {
			const char *q = p + 1;
			int ch;
			if (*q == '\\') {
				q++;
				ch = escape(&q, q + strlen(q));
			} else if (*q && *q != '\n' && *q != '\'') {
				ch = (unsigned char)*q++;
			} else {
				ch = -1;
			}
			if (ch < 0 || *q != '\'') {
				vas_error(v, t->col, "invalid character constant");
				return -1;
			}
			t->kind = T_NUM;
			t->num = (uint64_t)ch;
			p = q + 1;
			t->len = (size_t)(p - t->s);
		} else if ((c == '<' && p[1] == '<') || (c == '>' && p[1] == '>')) {
			t->kind = T_PUNCT;
			t->op = c == '<' ? 'L' : 'R';
			t->len = 2;
			p += 2;
		} else if (strchr(",()+-*/%&|^~:=", c)) {
			t->kind = T_PUNCT;
			t->op = (char)c;
			t->len = 1;
			p++;
		} else {
			if (isprint(c))
				vas_error(v, t->col, "invalid character '%c'", c);
			else
				vas_error(v, t->col, "invalid character (byte 0x%02x)", c);
			return -1;
		}
		n++;
	}
}
