/*
 * Kernel console: every byte the kernel prints goes to COM1 and to any other
 * registered sink (the VGA text screen registers itself when it is up).
 * Input is polled from COM1 and any registered input source.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

struct console_sink {
	const char *name;
	/* level is the log level of the text (LOG_*), for sinks that colour it. */
	void (*write)(const char *s, size_t n, int level);
};

#define CONSOLE_MAX_SINKS 4

void console_init(void);
int console_add_sink(const struct console_sink *sink);
void console_write(const char *s, size_t n, int level);
/* Returns the next input byte or -1 when none is waiting. */
int console_getc_nonblock(void);
/* Registers an extra input source (keyboard); returns 0 or -1 when full. */
int console_add_input(int (*getc_nonblock)(void));

#endif
