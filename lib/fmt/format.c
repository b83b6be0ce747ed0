/* printf-style formatter: see format.h for what is supported. */
#include "fmt/format.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	FLAG_LEFT = 1 << 0,  /* '-' */
	FLAG_ZERO = 1 << 1,  /* '0' */
	FLAG_PLUS = 1 << 2,  /* '+' */
	FLAG_SPACE = 1 << 3, /* ' ' */
	FLAG_ALT = 1 << 4,   /* '#' */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_MAX };

struct spec {
	unsigned flags;
	int width;
	int precision; /* -1: none given */
	enum length length;
};

struct out {
	fmt_emit_fn emit;
	void *ctx;
	int count;
};

static void out_char(struct out *o, char c)
{
	o->emit(o->ctx, c);
	o->count++;
}

static void out_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_string(struct out *o, const struct spec *sp, const char *s)
{
	if (!s)
		s = "(null)";
	int len = 0;
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	int pad = sp->width > len ? sp->width - len : 0;
	if (!(sp->flags & FLAG_LEFT))
		out_repeat(o, ' ', pad);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->flags & FLAG_LEFT)
		out_repeat(o, ' ', pad);
}

/* Prints an integer given as magnitude plus sign, honouring every flag. */
static void out_number(struct out *o, const struct spec *sp, uint64_t mag, bool negative,
		       unsigned base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0;

	/* A zero value with an explicit zero precision prints no digits. */
	if (!(mag == 0 && sp->precision == 0)) {
		do {
			buf[n++] = digits[mag % base];
			mag /= base;
		} while (mag);
	}

	char sign = 0;
	if (negative)
		sign = '-';
	else if (sp->flags & FLAG_PLUS)
		sign = '+';
	else if (sp->flags & FLAG_SPACE)
		sign = ' ';

	int prefix_len = 0;
	while (prefix && prefix[prefix_len])
		prefix_len++;

	int zeros = sp->precision > n ? sp->precision - n : 0;
	/* '#' with octal: the first digit printed must be a zero. */
	if (base == 8 && (sp->flags & FLAG_ALT) && zeros == 0 && (n == 0 || buf[n - 1] != '0'))
		zeros = 1;
	int body = n + zeros + (sign ? 1 : 0) + prefix_len;
	int pad = sp->width > body ? sp->width - body : 0;

	/* '0' pads with zeros after the sign, unless '-' or a precision is given. */
	bool zero_pad = (sp->flags & FLAG_ZERO) && !(sp->flags & FLAG_LEFT) && sp->precision < 0;
	if (zero_pad) {
		zeros += pad;
		pad = 0;
	}
	if (!(sp->flags & FLAG_LEFT))
		out_repeat(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	for (int i = 0; i < prefix_len; i++)
		out_char(o, prefix[i]);
	out_repeat(o, '0', zeros);
	while (n > 0)
		out_char(o, buf[--n]);
	if (sp->flags & FLAG_LEFT)
		out_repeat(o, ' ', pad);
}

static int64_t fetch_signed(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LEN_MAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t fetch_unsigned(enum length len, va_list *ap)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
	case LEN_PTRDIFF:
		return va_arg(*ap, size_t);
	case LEN_MAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned);
	}
}

/* Parses flags, width, precision and length at *fmt; advances it. */
static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
	const char *p = *fmt;
	sp->flags = 0;
	sp->width = 0;
	sp->precision = -1;
	sp->length = LEN_INT;

	for (;; p++) {
		if (*p == '-')
			sp->flags |= FLAG_LEFT;
		else if (*p == '0')
			sp->flags |= FLAG_ZERO;
		else if (*p == '+')
			sp->flags |= FLAG_PLUS;
		else if (*p == ' ')
			sp->flags |= FLAG_SPACE;
		else if (*p == '#')
			sp->flags |= FLAG_ALT;
		else
			break;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= FLAG_LEFT;
			sp->width = -sp->width;
		}
		p++;
	} else {
		while (*p >= '0' && *p <= '9')
			sp->width = sp->width * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		sp->precision = 0;
		if (*p == '*') {
			sp->precision = va_arg(*ap, int);
			if (sp->precision < 0)
				sp->precision = -1;
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				sp->precision = sp->precision * 10 + (*p++ - '0');
		}
	}
	if (p[0] == 'h' && p[1] == 'h') {
		sp->length = LEN_CHAR;
		p += 2;
	} else if (p[0] == 'h') {
		sp->length = LEN_SHORT;
		p++;
	} else if (p[0] == 'l' && p[1] == 'l') {
		sp->length = LEN_LLONG;
		p += 2;
	} else if (p[0] == 'l') {
		sp->length = LEN_LONG;
		p++;
	} else if (p[0] == 'z') {
		sp->length = LEN_SIZE;
		p++;
	} else if (p[0] == 't') {
		sp->length = LEN_PTRDIFF;
		p++;
	} else if (p[0] == 'j') {
		sp->length = LEN_MAX;
		p++;
	}
	*fmt = p;
}

int fmt_vformat(fmt_emit_fn emit, void *ctx, const char *fmt, va_list ap_in)
{
	struct out o = {emit, ctx, 0};
	struct spec sp;
	va_list ap;
	va_copy(ap, ap_in);

	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		const char *start = fmt++;
		parse_spec(&fmt, &sp, &ap);
		char conv = *fmt;
		if (conv)
			fmt++;
		switch (conv) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(sp.length, &ap);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			out_number(&o, &sp, mag, v < 0, 10, false, NULL);
			break;
		}
		case 'u':
			/* '+' and ' ' apply to signed conversions only. */
			sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
			out_number(&o, &sp, fetch_unsigned(sp.length, &ap), false, 10, false, NULL);
			break;
		case 'o': {
			uint64_t v = fetch_unsigned(sp.length, &ap);
			sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
			out_number(&o, &sp, v, false, 8, false, NULL);
			break;
		}
		case 'x':
		case 'X': {
			uint64_t v = fetch_unsigned(sp.length, &ap);
			const char *prefix = NULL;
			if ((sp.flags & FLAG_ALT) && v != 0)
				prefix = conv == 'x' ? "0x" : "0X";
			sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
			out_number(&o, &sp, v, false, 16, conv == 'X', prefix);
			break;
		}
		case 'p': {
			void *p = va_arg(ap, void *);
			if (!p) {
				sp.precision = -1;
				out_string(&o, &sp, "(nil)");
			} else {
				sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
				out_number(&o, &sp, (uint64_t)(uintptr_t)p, false, 16, false, "0x");
			}
			break;
		}
		case 's':
			out_string(&o, &sp, va_arg(ap, const char *));
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			int pad = sp.width > 1 ? sp.width - 1 : 0;
			if (!(sp.flags & FLAG_LEFT))
				out_repeat(&o, ' ', pad);
			out_char(&o, c);
			if (sp.flags & FLAG_LEFT)
				out_repeat(&o, ' ', pad);
			break;
		}
		case '%':
			out_char(&o, '%');
			break;
		default:
			/* Unknown or truncated conversion: print it as written. */
			while (start < fmt)
				out_char(&o, *start++);
			break;
		}
	}
	va_end(ap);
	return o.count;
}

struct buf_ctx {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_emit(void *ctx, char c)
{
	struct buf_ctx *b = ctx;
	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = {buf, size, 0};
	int n = fmt_vformat(buf_emit, &b, fmt, ap);
	if (size > 0)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
