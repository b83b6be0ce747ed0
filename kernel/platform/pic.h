/* Legacy 8259A PIC pair: remapped out of the exception range and masked. */
#ifndef PLATFORM_PIC_H
#define PLATFORM_PIC_H

#include <stdint.h>

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1

#define PIC_ICW1_INIT 0x10
#define PIC_ICW1_ICW4 0x01
#define PIC_ICW4_8086 0x01
#define PIC_EOI	      0x20

#define PIC_VECTOR_BASE 0x20 /* IRQ 0..15 -> vectors 32..47 */

/* Remaps to PIC_VECTOR_BASE and masks every line. */
void pic_init_masked(void);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
void pic_eoi(unsigned irq);

#endif
