/*
 * printf-style formatting shared by the kernel (kprintf) and host code.
 * Supported: %d %i %u %x %X %o %p %s %c %%, flags - 0 + space #, width and
 * precision (numbers or *), length modifiers hh h l ll z t j.
 * Unknown conversions are printed verbatim so a bad format string is visible.
 */
#ifndef LIB_FMT_FORMAT_H
#define LIB_FMT_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Called once per output character. */
typedef void (*fmt_emit_fn)(void *ctx, char c);

/* Formats into emit; returns the number of characters produced. */
int fmt_vformat(fmt_emit_fn emit, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: always NUL-terminates when size > 0; returns the length
 * the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
