/*
 * Address spaces: a PML4 whose upper half points at the kernel's shared PDPTs,
 * plus a PCID when the CPU has them.
 *
 * PCID policy: PCID 0 belongs to the kernel space and to any space created
 * when the 4095 others are taken; loading a PCID-0 space always flushes. Other
 * spaces own one PCID for their lifetime; a new owner of a recycled PCID, and a
 * space changed while it was not current, start `tlb_stale` and their next
 * switch loads CR3 without the no-flush bit. Everything else switches with
 * CR3_NOFLUSH and keeps its TLB entries. Without PCID every switch flushes the
 * non-global entries, as plain x86 does. (One CPU for now; SMP needs per-CPU
 * stale bits and shootdowns.)
 */
#include <stddef.h>

#include "alloc/bitmap.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "vm_internal.h"

struct aspace vm_kernel_space;
static struct aspace *current_space = &vm_kernel_space;
static uint64_t pcid_used[PCID_COUNT / BITMAP_WORD_BITS]; /* under vm_lock; bit 0 = kernel */
static struct aspace_switch_stats switch_stats;		  /* under vm_lock */

struct aspace *aspace_current(void)
{
	return current_space;
}

struct aspace *aspace_kernel(void)
{
	return &vm_kernel_space;
}

unsigned aspace_pcid(const struct aspace *as)
{
	return as->pcid;
}

size_t aspace_table_frames(const struct aspace *as)
{
	return as->table_frames;
}

struct aspace *aspace_create(void)
{
	struct aspace *as = kzalloc(sizeof(*as));
	if (!as)
		return NULL;
	uint64_t pml4 = vm_table_alloc();
	if (!pml4) {
		kfree(as);
		return NULL;
	}
	uint64_t *dst = vm_table(pml4);
	const uint64_t *src = vm_table(vm_kernel_space.pml4_pa);
	for (unsigned i = PML4_KERNEL_FIRST; i < PT_ENTRIES; i++)
		dst[i] = src[i];
	as->pml4_pa = pml4;
	as->tlb_stale = true;
	uint64_t lf = mm_lock_acquire(&vm_lock);
	if (vm_features.pcid) {
		pcid_used[0] |= 1; /* PCID 0 is never handed out */
		size_t id = bitmap_find_clear(pcid_used, PCID_COUNT, 1);
		if (id != BITMAP_NONE) {
			bitmap_set(pcid_used, id);
			as->pcid = (unsigned)id;
		}
	}
	mm_lock_release(&vm_lock, lf);
	return as;
}

/* Frees the tables below a user-half entry at `level` (leaf frames are not ours). */
static size_t free_tables(uint64_t table_pa, int level)
{
	size_t freed = 0;
	if (level > 1) {
		const uint64_t *t = vm_table(table_pa);
		for (unsigned i = 0; i < PT_ENTRIES; i++) {
			if ((t[i] & PTE_PRESENT) && !(t[i] & PTE_HUGE))
				freed += free_tables(t[i] & PTE_ADDR_MASK, level - 1);
		}
	}
	pmm_free_frame(table_pa);
	return freed + 1;
}

int aspace_destroy(struct aspace *as)
{
	if (!as || as == &vm_kernel_space || as == current_space)
		return -EBUSY;
	uint64_t lf = mm_lock_acquire(&vm_lock);
	uint64_t *pml4 = vm_table(as->pml4_pa);
	size_t freed = 0;
	for (unsigned i = 0; i < PML4_KERNEL_FIRST; i++) {
		if (pml4[i] & PTE_PRESENT)
			freed += free_tables(pml4[i] & PTE_ADDR_MASK, PT_LEVELS - 1);
	}
	kassert(freed == as->table_frames);
	pmm_free_frame(as->pml4_pa);
	if (as->pcid)
		bitmap_clear(pcid_used, as->pcid);
	mm_lock_release(&vm_lock, lf);
	kfree(as);
	return 0;
}

void aspace_switch(struct aspace *as)
{
	uint64_t lf = mm_lock_acquire(&vm_lock);
	uint64_t cr3 = as->pml4_pa;
	if (!vm_features.pcid) {
		switch_stats.plain++;
	} else {
		cr3 |= as->pcid;
		if (as->pcid != 0 && !as->tlb_stale) {
			cr3 |= CR3_NOFLUSH;
			switch_stats.pcid_keep++;
		} else {
			switch_stats.pcid_flush++;
		}
	}
	as->tlb_stale = false;
	current_space = as;
	write_cr3(cr3);
	mm_lock_release(&vm_lock, lf);
}

void aspace_switch_stats(struct aspace_switch_stats *out)
{
	uint64_t lf = mm_lock_acquire(&vm_lock);
	*out = switch_stats;
	mm_lock_release(&vm_lock, lf);
}
