/* kprintf: lib/fmt formatting into the console, buffered per call. */
#include "fmt/format.h"
#include "kernel/console.h"
#include "kernel/log.h"

static int current_level = LOG_DEFAULT_LEVEL;

struct line_buf {
	char buf[128];
	size_t len;
	int level;
};

static void line_flush(struct line_buf *lb)
{
	if (lb->len) {
		console_write(lb->buf, lb->len, lb->level);
		lb->len = 0;
	}
}

static void line_emit(void *ctx, char c)
{
	struct line_buf *lb = ctx;
	lb->buf[lb->len++] = c;
	if (lb->len == sizeof(lb->buf) || c == '\n')
		line_flush(lb);
}

static int vprint_level(int level, const char *fmt, va_list ap)
{
	struct line_buf lb = {.len = 0, .level = level};
	int n = fmt_vformat(line_emit, &lb, fmt, ap);
	line_flush(&lb);
	return n;
}

int kvprintf(const char *fmt, va_list ap)
{
	return vprint_level(LOG_INFO, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprint_level(LOG_INFO, fmt, ap);
	va_end(ap);
	return n;
}

void klog(int level, const char *fmt, ...)
{
	if (level > current_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	vprint_level(level, fmt, ap);
	va_end(ap);
}

void log_set_level(int level)
{
	current_level = level;
}

int log_get_level(void)
{
	return current_level;
}
