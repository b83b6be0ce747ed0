/* Interrupt acknowledgement for every device vector (see irq.h). */
#include "platform/irq.h"

#include "kernel/init.h"
#include "platform/pic.h"

static void irq_eoi(unsigned vector)
{
	if (vector >= PIC_VECTOR_BASE && vector < PIC_VECTOR_BASE + 16)
		pic_eoi(vector - PIC_VECTOR_BASE);
	/* LAPIC vectors acknowledge in their own handlers. */
}

void irq_register_legacy(unsigned irq, trap_handler_fn handler)
{
	trap_set_handler(PIC_VECTOR_BASE + irq, handler);
	pic_unmask(irq);
}

static void irq_init(void)
{
	trap_irq_eoi_hook = irq_eoi;
}
INITCALL(INIT_PLATFORM, irq_init);
