/* 16550 UART driver (COM1): polled output and input. */
#ifndef DRIVERS_UART16550_H
#define DRIVERS_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#define COM1_PORT 0x3F8

void uart_init(uint16_t port, uint32_t baud);
void uart_putc(uint16_t port, char c);
bool uart_can_read(uint16_t port);
/* Returns the next received byte, or -1 when none is waiting. */
int uart_getc_nonblock(uint16_t port);
/* Enables the "received data available" interrupt (IRQ 4 for COM1). */
void uart_enable_rx_irq(uint16_t port);

#endif
