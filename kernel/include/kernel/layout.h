/* Virtual memory layout constants shared by the C kernel and the boot assembly. */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

/* The kernel image is linked at KERNEL_VMA + its physical load address. */
#define KERNEL_VMA 0xFFFFFFFF80000000
/* Physical load address of the image (1 MiB, above the BIOS area). */
#define KERNEL_LOAD_PHYS 0x100000
/* All physical memory is mapped here (the direct map). */
#define DIRECT_MAP_BASE 0xFFFF800000000000
/* Bytes of physical memory the boot page tables map (identity and direct map). */
#define BOOT_MAP_BYTES 0x100000000

#define PAGE_SIZE	4096
#define BOOT_STACK_SIZE 16384

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + DIRECT_MAP_BASE);
}

static inline uint64_t virt_to_phys_image(const void *kernel_image_addr)
{
	return (uint64_t)kernel_image_addr - KERNEL_VMA;
}
#endif

#endif
