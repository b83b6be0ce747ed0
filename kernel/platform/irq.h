/*
 * Device interrupt routing. Legacy ISA IRQs (keyboard 1, COM1 4, ...) arrive
 * through the 8259 PIC at vectors 32..47; the local APIC's own sources (timer,
 * error, spurious) use vectors >= 0x40 and acknowledge themselves.
 */
#ifndef PLATFORM_IRQ_H
#define PLATFORM_IRQ_H

#include "arch/trap.h"

#define IRQ_KEYBOARD 1
#define IRQ_COM1     4

/* Installs handler for legacy IRQ line irq and unmasks it; the EOI is sent for you. */
void irq_register_legacy(unsigned irq, trap_handler_fn handler);

#endif
