/* 16550 UART: register layout from the National Semiconductor PC16550D data sheet. */
#include "drivers/uart16550.h"

#include "arch/io.h"

/* Register offsets from the base port. */
#define UART_RBR 0 /* receive buffer (read, DLAB=0) */
#define UART_THR 0 /* transmit holding (write, DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define IER_RX_AVAILABLE 0x01
#define FCR_ENABLE	 0x01
#define FCR_CLEAR_RX	 0x02
#define FCR_CLEAR_TX	 0x04
#define FCR_TRIGGER_14	 0xC0
#define LCR_8N1		 0x03
#define LCR_DLAB	 0x80
#define MCR_DTR		 0x01
#define MCR_RTS		 0x02
#define MCR_OUT2	 0x08 /* gates the UART interrupt onto the bus */
#define LSR_DATA_READY	 0x01
#define LSR_THR_EMPTY	 0x20

#define UART_CLOCK_HZ 115200

void uart_init(uint16_t port, uint32_t baud)
{
	uint16_t divisor = (uint16_t)(UART_CLOCK_HZ / baud);

	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, divisor & 0xFF);
	outb(port + UART_DLM, divisor >> 8);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX | FCR_TRIGGER_14);
	outb(port + UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
}

void uart_putc(uint16_t port, char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(port + UART_LSR) & LSR_THR_EMPTY); i++)
		;
	outb(port + UART_THR, (uint8_t)c);
}

bool uart_can_read(uint16_t port)
{
	return inb(port + UART_LSR) & LSR_DATA_READY;
}

int uart_getc_nonblock(uint16_t port)
{
	if (!uart_can_read(port))
		return -1;
	return inb(port + UART_RBR);
}

void uart_enable_rx_irq(uint16_t port)
{
	outb(port + UART_IER, IER_RX_AVAILABLE);
}
