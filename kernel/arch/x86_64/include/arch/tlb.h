/* TLB maintenance (Intel SDM vol. 3A, section 4.10.4). */
#ifndef ARCH_TLB_H
#define ARCH_TLB_H

#include <stdint.h>

#include "arch/cpu.h"

/* Drops the translation of one page for the current PCID, and global ones for it. */
static inline void tlb_flush_page(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Drops the current PCID's non-global translations (CR3 reload without NOFLUSH). */
static inline void tlb_flush_local(void)
{
	write_cr3(read_cr3() & ~(1ull << 63));
}

/*
 * Drops every translation, global ones included, and all paging-structure
 * caches for all PCIDs: toggling CR4.PGE does that (SDM 4.10.4.1). Without PGE
 * a CR3 reload is enough, since nothing is global then.
 */
static inline void tlb_flush_all(void)
{
	uint64_t cr4 = read_cr4();
	if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		tlb_flush_local();
	}
}

#endif
