/* IDT: 256 interrupt gates pointing at the isr.S stubs. */
#include <stddef.h>

#include "arch/gdt.h"
#include "arch/trap.h"

#define IDT_GATE_INTERRUPT 0x0E
#define IDT_PRESENT	   0x80
#define IDT_DPL3	   0x60
#define ISR_STUB_SIZE	   16

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes (SDM vol. 3 fig. 6-8)");
_Static_assert(offsetof(struct idt_gate, offset_high) == 8, "IDT gate layout");

extern char isr_stubs[], isr_stubs_end[];
static struct idt_gate idt[VEC_COUNT] __attribute__((aligned(16)));

static void idt_set_gate(unsigned vec, uint64_t handler, uint8_t ist, uint8_t dpl_bits)
{
	idt[vec] = (struct idt_gate){
	    .offset_low = handler & 0xFFFF,
	    .selector = GDT_KERNEL_CODE,
	    .ist = ist,
	    .type_attr = IDT_PRESENT | dpl_bits | IDT_GATE_INTERRUPT,
	    .offset_mid = (handler >> 16) & 0xFFFF,
	    .offset_high = (uint32_t)(handler >> 32),
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < VEC_COUNT; v++) {
		uint8_t ist = 0;
		if (v == VEC_DOUBLE_FAULT)
			ist = IST_DOUBLE_FAULT;
		else if (v == VEC_NMI)
			ist = IST_NMI;
		else if (v == VEC_MACHINE_CHECK)
			ist = IST_MACHINE_CHECK;
		idt_set_gate(v, (uint64_t)isr_stubs + (uint64_t)v * ISR_STUB_SIZE, ist, 0);
	}
	struct descriptor_ptr ptr = {sizeof(idt) - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
