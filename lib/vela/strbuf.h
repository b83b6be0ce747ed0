/*
 * A bounded string builder for portable code (no snprintf in the kernel).
 * Output is always NUL-terminated and silently truncated; len counts what
 * would have been written, like snprintf's return value.
 */
#ifndef VELA_STRBUF_H
#define VELA_STRBUF_H

#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;
	size_t cap;
	size_t len;
};

static inline void strbuf_init(struct strbuf *sb, char *buf, size_t cap)
{
	sb->buf = buf;
	sb->cap = cap;
	sb->len = 0;
	if (cap)
		buf[0] = 0;
}

static inline void strbuf_putc(struct strbuf *sb, char c)
{
	if (sb->cap && sb->len + 1 < sb->cap) {
		sb->buf[sb->len] = c;
		sb->buf[sb->len + 1] = 0;
	}
	sb->len++;
}

static inline void strbuf_puts(struct strbuf *sb, const char *s)
{
	while (*s)
		strbuf_putc(sb, *s++);
}

static inline void strbuf_udec(struct strbuf *sb, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		strbuf_putc(sb, tmp[--n]);
}

static inline void strbuf_dec(struct strbuf *sb, int64_t v)
{
	if (v < 0) {
		strbuf_putc(sb, '-');
		strbuf_udec(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		strbuf_udec(sb, (uint64_t)v);
	}
}

static inline void strbuf_hex(struct strbuf *sb, uint64_t v)
{
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	strbuf_puts(sb, "0x");
	while (n)
		strbuf_putc(sb, tmp[--n]);
}

#endif
