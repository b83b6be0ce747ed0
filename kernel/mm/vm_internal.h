/* State shared by the files of the virtual-memory layer (paging, aspace, vm_init, fault). */
#ifndef MM_VM_INTERNAL_H
#define MM_VM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/pte.h"
#include "mm/mm_lock.h"
#include "mm/vm.h"

struct aspace {
	uint64_t pml4_pa;
	unsigned pcid;	/* 0: none (no PCID support, the kernel space, or the pool ran dry) */
	bool tlb_stale; /* the TLB may hold stale entries for this PCID: flush on the next switch */
	size_t table_frames; /* user-half tables this space owns (the PML4 not counted) */
};

extern struct aspace vm_kernel_space;
extern struct vm_features vm_features;
/* Guards every page-table change and the address-space bookkeeping. */
extern struct mm_lock vm_lock;
/* Set once the kernel runs on its own tables (direct map of all RAM). */
extern bool vm_ready;

/* A zeroed page-table frame, or 0 when out of memory. */
uint64_t vm_table_alloc(void);
/* PTE permission bits for VM_* flags in the given half. */
uint64_t vm_leaf_bits(unsigned flags, bool user_half);

static inline uint64_t *vm_table(uint64_t pa)
{
	return (uint64_t *)(pa + DIRECT_MAP_BASE);
}

/* Fills a page with zeroes, 8 bytes at a time. */
static inline void page_zero(void *p)
{
	uint64_t count = PAGE_SIZE / 8;
	__asm__ volatile("rep stosq" : "+D"(p), "+c"(count) : "a"(0ull) : "memory");
}

#endif
