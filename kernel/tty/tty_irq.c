/*
 * Interrupt plumbing for the console input: COM1 receive on IRQ 4, the PIC
 * end-of-interrupt hook, and finally enabling interrupts once every console
 * handler is installed.
 */
#include "arch/cpu.h"
#include "arch/trap.h"
#include "drivers/uart16550.h"
#include "kernel/init.h"
#include "kernel/log.h"
#include "kernel/tty.h"
#include "platform/pic.h"

#define COM1_IRQ      4
#define PIC_IRQ_LINES 16
#define SERIAL_BURST  64 /* bytes taken per interrupt at most */

static void pic_eoi_vector(unsigned vector)
{
	if (vector >= PIC_VECTOR_BASE && vector < PIC_VECTOR_BASE + PIC_IRQ_LINES)
		pic_eoi(vector - PIC_VECTOR_BASE);
}

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

/* Before any driver unmasks a line: acknowledge PIC interrupts unless someone else does. */
static void tty_irq_platform(void)
{
	if (!trap_irq_eoi_hook)
		trap_irq_eoi_hook = pic_eoi_vector;
}
INITCALL(INIT_PLATFORM, tty_irq_platform);

static void tty_serial_input_init(void)
{
	trap_set_handler(VEC_IRQ_BASE + COM1_IRQ, com1_irq);
	uart_enable_rx_irq(COM1_PORT);
	pic_unmask(COM1_IRQ);
}
INITCALL(INIT_DRIVERS, tty_serial_input_init);

static void tty_irq_start(void)
{
	/* Bytes typed before the handler was installed are still waiting in the UART. */
	com1_irq(NULL);
	irq_enable();
	pr_info("tty: console input from the keyboard and COM1 (interrupts on)\n");
}
INITCALL(INIT_LATE, tty_irq_start);
