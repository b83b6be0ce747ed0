/*
 * COM1 receive (IRQ 4) into the console TTY. The PIC acknowledgement and the
 * global interrupt enable belong to platform/irq.c and kmain.
 */
#include "arch/trap.h"
#include "drivers/uart16550.h"
#include "kernel/init.h"
#include "kernel/tty.h"
#include "platform/irq.h"

#define SERIAL_BURST 64 /* bytes taken per interrupt at most */

static void com1_irq(struct trap_frame *f)
{
	(void)f;
	char buf[SERIAL_BURST];
	size_t n = 0;
	int c;
	while (n < sizeof(buf) && (c = uart_getc_nonblock(COM1_PORT)) >= 0)
		buf[n++] = (char)c;
	if (n)
		tty_receive(buf, n);
}

static void tty_serial_input_init(void)
{
	/* Bytes typed before the handler existed are still waiting in the UART. */
	com1_irq(NULL);
	irq_register_legacy(IRQ_COM1, com1_irq);
	uart_enable_rx_irq(COM1_PORT);
}
INITCALL(INIT_DRIVERS, tty_serial_input_init);
