/* Kernel console fan-out: serial always, other sinks once they register. */
#include "kernel/console.h"

#include "drivers/uart16550.h"
#include "kernel/log.h"

static const struct console_sink *sinks[CONSOLE_MAX_SINKS];
static int sink_count;

#define CONSOLE_MAX_INPUTS 4
static int (*inputs[CONSOLE_MAX_INPUTS])(void);
static int input_count;

void console_init(void)
{
	uart_init(COM1_PORT, 115200);
}

int console_add_sink(const struct console_sink *sink)
{
	if (sink_count == CONSOLE_MAX_SINKS)
		return -1;
	sinks[sink_count++] = sink;
	return 0;
}

int console_add_input(int (*getc_nonblock)(void))
{
	if (input_count == CONSOLE_MAX_INPUTS)
		return -1;
	inputs[input_count++] = getc_nonblock;
	return 0;
}

void console_write(const char *s, size_t n, int level)
{
	for (size_t i = 0; i < n; i++) {
		/* Serial terminals want CR LF. */
		if (s[i] == '\n')
			uart_putc(COM1_PORT, '\r');
		uart_putc(COM1_PORT, s[i]);
	}
	for (int i = 0; i < sink_count; i++)
		sinks[i]->write(s, n, level);
}

int console_getc_nonblock(void)
{
	int c = uart_getc_nonblock(COM1_PORT);
	if (c >= 0)
		return c;
	for (int i = 0; i < input_count; i++) {
		c = inputs[i]();
		if (c >= 0)
			return c;
	}
	return -1;
}
