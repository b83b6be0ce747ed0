/* GDT, TSS and segment selectors. */
#ifndef ARCH_GDT_H
#define ARCH_GDT_H

#include <stdint.h>

/* Selector layout; the user pair is ordered for SYSRET (STAR[63:48] + 8 / + 16). */
#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA	0x18
#define GDT_USER_CODE	0x20
#define GDT_TSS		0x28
#define GDT_RPL_USER	3

/* Interrupt stack table slots (1-based as in the IDT entry). */
#define IST_DOUBLE_FAULT  1
#define IST_NMI		  2
#define IST_MACHINE_CHECK 3
#define IST_STACK_SIZE	  8192

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "TSS is 104 bytes (SDM vol. 3 fig. 8-11)");

struct gdt_descriptor {
	uint16_t limit_low;
	uint16_t base_low;
	uint8_t base_mid;
	uint8_t access;
	uint8_t flags_limit_high;
	uint8_t base_high;
} __attribute__((packed));
_Static_assert(sizeof(struct gdt_descriptor) == 8, "GDT descriptor is 8 bytes");

/* A 64-bit system descriptor (TSS) takes two GDT slots. */
struct gdt_system_descriptor {
	struct gdt_descriptor low;
	uint32_t base_upper;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct gdt_system_descriptor) == 16, "system descriptor is 16 bytes");

struct descriptor_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));
_Static_assert(sizeof(struct descriptor_ptr) == 10, "GDTR/IDTR image is 10 bytes");

void gdt_init(void);
/* Kernel stack used on entry from ring 3 (TSS.RSP0). */
void tss_set_kernel_stack(uint64_t rsp0);
extern struct tss64 kernel_tss;

#endif
