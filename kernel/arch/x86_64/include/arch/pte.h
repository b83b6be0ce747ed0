/*
 * x86-64 4-level paging entries (Intel SDM vol. 3A, section 4.5, tables 4-15 to
 * 4-20). Levels are numbered as in the SDM walk: 4 = PML4, 3 = PDPT, 2 = PD,
 * 1 = PT. A PDE with PTE_HUGE set maps a 2 MiB page directly.
 */
#ifndef ARCH_PTE_H
#define ARCH_PTE_H

#include <stdint.h>

#define PTE_PRESENT  (1ull << 0)
#define PTE_WRITE    (1ull << 1)
#define PTE_USER     (1ull << 2)
#define PTE_PWT	     (1ull << 3) /* write-through */
#define PTE_PCD	     (1ull << 4) /* cache disable */
#define PTE_ACCESSED (1ull << 5)
#define PTE_DIRTY    (1ull << 6)  /* leaf entries only */
#define PTE_HUGE     (1ull << 7)  /* PS: PDE maps 2 MiB, PDPTE maps 1 GiB */
#define PTE_GLOBAL   (1ull << 8)  /* leaf entries only, honoured when CR4.PGE = 1 */
#define PTE_NX	     (1ull << 63) /* execute disable, honoured when EFER.NXE = 1 */

/* Physical address bits 51:12 of a table pointer or a 4 KiB leaf. */
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ull
/* Physical address bits 51:21 of a 2 MiB leaf (bit 12 is the PAT bit there). */
#define PTE_HUGE_ADDR_MASK 0x000FFFFFFFE00000ull

#define PT_ENTRIES	512
#define PT_INDEX_BITS	9
#define PAGE_SHIFT	12
#define LARGE_SHIFT	21
#define LARGE_PAGE_SIZE (1ull << LARGE_SHIFT)
#define PT_LEVELS	4

/* Bytes mapped by one entry at `level` (1: 4 KiB, 2: 2 MiB, 3: 1 GiB, 4: 512 GiB). */
static inline uint64_t pt_level_span(int level)
{
	return 1ull << (PAGE_SHIFT + PT_INDEX_BITS * (level - 1));
}

static inline unsigned pt_index(uint64_t va, int level)
{
	return (unsigned)(va >> (PAGE_SHIFT + PT_INDEX_BITS * (level - 1))) & (PT_ENTRIES - 1);
}

/* Canonical 48-bit addresses: bits 63:47 all equal. */
static inline int va_is_canonical(uint64_t va)
{
	uint64_t top = va >> 47;
	return top == 0 || top == 0x1FFFF;
}

#define VA_USER_END	  0x0000800000000000ull /* first non-canonical address above the user half */
#define VA_KERNEL_BASE	  0xFFFF800000000000ull /* first address of the kernel half */
#define PML4_KERNEL_FIRST 256 /* PML4 slots 256..511 are shared by every address space */

/* CR3 with CR4.PCIDE = 1 (SDM 4.10.4.1): PCID in bits 11:0, bit 63 keeps the TLB on load. */
#define CR3_PCID_MASK 0xFFFull
#define CR3_NOFLUSH   (1ull << 63)
#define PCID_COUNT    4096

#endif
