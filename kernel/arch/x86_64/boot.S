/*
 * Boot entry: multiboot1 and multiboot2 headers, 32-bit protected-mode entry,
 * boot page tables, switch to long mode, jump to the higher half and call kmain.
 *
 * Both loaders enter _start32 in 32-bit protected mode with paging off:
 *   eax = 0x2BADB002 (multiboot1) or 0x36D76289 (multiboot2)
 *   ebx = physical address of the multiboot information.
 * QEMU's -kernel loads multiboot1 x86-64 images only through the "a.out kludge"
 * (header flag bit 16): it then copies the file from the header's load address as
 * a flat image, which is why the linker script keeps file offsets and physical
 * addresses congruent. GRUB uses the multiboot2 header and the ELF program headers.
 */
#include "kernel/layout.h"

#define MB1_MAGIC        0x1BADB002
#define MB1_PAGE_ALIGN   (1 << 0)
#define MB1_MEMORY_INFO  (1 << 1)
#define MB1_AOUT_KLUDGE  (1 << 16)
#define MB1_FLAGS        (MB1_PAGE_ALIGN | MB1_MEMORY_INFO | MB1_AOUT_KLUDGE)

#define MB2_MAGIC        0xE85250D6
#define MB2_ARCH_I386    0
#define MB2_TAG_END      0

#define CR0_PG           (1 << 31)
#define CR0_WP           (1 << 16)
#define CR4_PAE          (1 << 5)
#define MSR_EFER         0xC0000080
#define EFER_LME         (1 << 8)
#define EFER_NXE         (1 << 11)
#define CPUID_EXT_MAX    0x80000000
#define CPUID_EXT_FEAT   0x80000001
#define CPUID_EDX_NX     (1 << 20)
#define CPUID_EDX_LM     (1 << 29)

#define PTE_PRESENT      (1 << 0)
#define PTE_WRITE        (1 << 1)
#define PTE_HUGE         (1 << 7)

#define BOOT_CODE_SEL    0x08
#define BOOT_DATA_SEL    0x10

#define PHYS(sym)        ((sym) - KERNEL_VMA)

	.section .boot.header, "a"
	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header            /* header_addr: .boot is linked at its physical address */
	.long _image_start_phys     /* load_addr */
	.long _data_end_phys        /* load_end_addr */
	.long _bss_end_phys         /* bss_end_addr */
	.long _start32              /* entry_addr */

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.align 8
	.short MB2_TAG_END
	.short 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.global _start32
_start32:
	cli
	cld
	movl %eax, %edi                 /* loader magic, kept for kmain */
	movl %ebx, %esi                 /* multiboot info physical address */
	movl $PHYS(boot_stack_top), %esp

	/* Long mode is mandatory; without it there is nothing we can do but stop. */
	movl $CPUID_EXT_MAX, %eax
	cpuid
	cmpl $CPUID_EXT_FEAT, %eax
	jb no_long_mode
	movl $CPUID_EXT_FEAT, %eax
	cpuid
	testl $CPUID_EDX_LM, %edx
	jz no_long_mode
	movl %edx, %ebp                 /* remember the NX bit */

	/* Page directories: 4 x 512 entries of 2 MiB map the first 4 GiB. */
	movl $PHYS(boot_pd), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_PRESENT | PTE_WRITE | PTE_HUGE), %eax
	movl %eax, (%ebx, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax                  /* bits 32+ of the physical address */
	movl %eax, 4(%ebx, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jne 1b

	/* Low PDPT (identity map and direct map): entries 0..3 -> the four PDs. */
	movl $PHYS(boot_pdpt_low), %ebx
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $12, %eax
	addl $(PHYS(boot_pd) + PTE_PRESENT + PTE_WRITE), %eax
	movl %eax, (%ebx, %ecx, 8)
	incl %ecx
	cmpl $4, %ecx
	jne 2b

	/* High PDPT: -2 GiB (entry 510) -> first GiB, entry 511 -> second GiB. */
	movl $PHYS(boot_pdpt_high), %ebx
	movl $(PHYS(boot_pd) + PTE_PRESENT + PTE_WRITE), 510*8(%ebx)
	movl $(PHYS(boot_pd) + 4096 + PTE_PRESENT + PTE_WRITE), 511*8(%ebx)

	/* PML4: 0 = identity, 256 = direct map, 511 = kernel image. */
	movl $PHYS(boot_pml4), %ebx
	movl $(PHYS(boot_pdpt_low) + PTE_PRESENT + PTE_WRITE), (%ebx)
	movl $(PHYS(boot_pdpt_low) + PTE_PRESENT + PTE_WRITE), 256*8(%ebx)
	movl $(PHYS(boot_pdpt_high) + PTE_PRESENT + PTE_WRITE), 511*8(%ebx)

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl %ebx, %cr3

	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	testl $CPUID_EDX_NX, %ebp
	jz 3f
	orl $EFER_NXE, %eax
3:	wrmsr

	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $BOOT_CODE_SEL, $long_mode_low

no_long_mode:
	/* Say so on COM1 (already usable with the BIOS defaults) and stop. */
	movl $no_lm_msg, %esi
4:	lodsb
	testb %al, %al
	jz 5f
	movw $0x3F8, %dx
	outb %al, %dx
	jmp 4b
5:	hlt
	jmp 5b

	.code64
long_mode_low:
	movw $BOOT_DATA_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $long_mode_high, %rax
	jmp *%rax

	.section .boot.rodata, "a"
no_lm_msg:
	.asciz "AetherOS: this CPU has no long mode (x86-64); halting.\r\n"
	.align 8
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF        /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00CF92000000FFFF        /* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.text
	.code64
long_mode_high:
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl %edi, %edi                 /* zero-extend magic and info address */
	movl %esi, %esi
	call kmain
6:	cli
	hlt
	jmp 6b

	.bss
	.align 4096
	.global boot_pml4
boot_pml4:
	.skip 4096
boot_pdpt_low:
	.skip 4096
boot_pdpt_high:
	.skip 4096
boot_pd:
	.skip 4096 * 4
	.align 16
	.global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
