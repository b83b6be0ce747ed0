/* 8259A initialisation sequence (ICW1-ICW4) per the Intel 8259A data sheet. */
#include "platform/pic.h"

#include "arch/io.h"

static uint16_t mask_bits = 0xFFFF;

static void pic_write_masks(void)
{
	outb(PIC1_DATA, mask_bits & 0xFF);
	outb(PIC2_DATA, mask_bits >> 8);
}

void pic_init_masked(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT | PIC_ICW1_ICW4);
	io_wait();
	outb(PIC2_CMD, PIC_ICW1_INIT | PIC_ICW1_ICW4);
	io_wait();
	outb(PIC1_DATA, PIC_VECTOR_BASE); /* ICW2: vector offsets */
	io_wait();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	io_wait();
	outb(PIC1_DATA, 1 << 2); /* ICW3: slave on IRQ 2 */
	io_wait();
	outb(PIC2_DATA, 2); /* ICW3: slave identity */
	io_wait();
	outb(PIC1_DATA, PIC_ICW4_8086);
	io_wait();
	outb(PIC2_DATA, PIC_ICW4_8086);
	io_wait();
	mask_bits = 0xFFFF;
	pic_write_masks();
}

void pic_unmask(unsigned irq)
{
	mask_bits &= (uint16_t) ~(1u << irq);
	if (irq >= 8)
		mask_bits &= (uint16_t) ~(1u << 2); /* cascade line */
	pic_write_masks();
}

void pic_mask(unsigned irq)
{
	mask_bits |= (uint16_t)(1u << irq);
	pic_write_masks();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}
