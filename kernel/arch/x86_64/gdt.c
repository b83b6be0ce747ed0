/* Final GDT with kernel/user segments and the TSS (with IST stacks). */
#include "arch/gdt.h"

#include <stddef.h>

/* Access byte bits. */
#define ACC_PRESENT   0x80
#define ACC_DPL3      0x60
#define ACC_CODE_DATA 0x10 /* S: code or data segment */
#define ACC_EXEC      0x08
#define ACC_RW	      0x02
#define ACC_TSS_AVAIL 0x09 /* system type: 64-bit TSS (available) */
/* Flags nibble (upper half of byte 6). */
#define FLG_LONG    0x20
#define FLG_GRAN_4K 0x80
#define FLG_SIZE_32 0x40

#define GDT_ENTRIES 7 /* null, kcode, kdata, udata, ucode, tss (2 slots) */

struct gdt_table {
	struct gdt_descriptor seg[5];
	struct gdt_system_descriptor tss;
} __attribute__((packed));
_Static_assert(sizeof(struct gdt_table) == GDT_ENTRIES * 8, "GDT size");
_Static_assert(offsetof(struct gdt_table, tss) == GDT_TSS, "TSS selector matches its slot");

static struct gdt_table gdt __attribute__((aligned(16)));
struct tss64 kernel_tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));

static struct gdt_descriptor segment(uint8_t access, uint8_t flags)
{
	return (struct gdt_descriptor){
	    .limit_low = 0xFFFF,
	    .access = access,
	    .flags_limit_high = (uint8_t)(flags | 0x0F),
	};
}

void gdt_init(void)
{
	gdt.seg[0] = (struct gdt_descriptor){0};
	gdt.seg[1] =
	    segment(ACC_PRESENT | ACC_CODE_DATA | ACC_EXEC | ACC_RW, FLG_LONG | FLG_GRAN_4K);
	gdt.seg[2] = segment(ACC_PRESENT | ACC_CODE_DATA | ACC_RW, FLG_SIZE_32 | FLG_GRAN_4K);
	gdt.seg[3] =
	    segment(ACC_PRESENT | ACC_DPL3 | ACC_CODE_DATA | ACC_RW, FLG_SIZE_32 | FLG_GRAN_4K);
	gdt.seg[4] = segment(ACC_PRESENT | ACC_DPL3 | ACC_CODE_DATA | ACC_EXEC | ACC_RW,
			     FLG_LONG | FLG_GRAN_4K);

	kernel_tss.iomap_base = sizeof(struct tss64); /* no I/O permission bitmap */
	kernel_tss.ist[IST_DOUBLE_FAULT - 1] = (uint64_t)&ist_stacks[0][IST_STACK_SIZE];
	kernel_tss.ist[IST_NMI - 1] = (uint64_t)&ist_stacks[1][IST_STACK_SIZE];
	kernel_tss.ist[IST_MACHINE_CHECK - 1] = (uint64_t)&ist_stacks[2][IST_STACK_SIZE];

	uint64_t base = (uint64_t)&kernel_tss;
	uint32_t limit = sizeof(struct tss64) - 1;
	gdt.tss.low = (struct gdt_descriptor){
	    .limit_low = limit & 0xFFFF,
	    .base_low = base & 0xFFFF,
	    .base_mid = (base >> 16) & 0xFF,
	    .access = ACC_PRESENT | ACC_TSS_AVAIL,
	    .flags_limit_high = (limit >> 16) & 0x0F,
	    .base_high = (base >> 24) & 0xFF,
	};
	gdt.tss.base_upper = (uint32_t)(base >> 32);
	gdt.tss.reserved = 0;

	struct descriptor_ptr ptr = {sizeof(gdt) - 1, (uint64_t)&gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CODE), "r"(GDT_KERNEL_DATA), "r"(GDT_TSS)
			 : "rax", "memory");
}

void tss_set_kernel_stack(uint64_t rsp0)
{
	kernel_tss.rsp[0] = rsp0;
}
