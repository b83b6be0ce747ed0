/*
 * Page-table operations over 4-level tables: map, unmap, protect, query.
 *
 * Every change runs in two phases so that a failure changes nothing: checks
 * (range empty / fully mapped) and the splitting of 2 MiB pages at the range's
 * edges (which keeps every translation as it was) come first; the change itself
 * cannot fail. A failed vm_map removes what it had mapped.
 *
 * TLB rule: kernel-half leaves are global, so invlpg reaches them under every
 * PCID; freeing or splitting a kernel-half table with PCID on flushes everything
 * (all PCIDs), since other PCIDs may cache the old table.
 * A user-half change in the current space is flushed here; in another space the
 * space is marked stale and its next switch flushes its PCID.
 */
#include <stddef.h>

#include "arch/tlb.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/pmm.h"
#include "vm_internal.h"

#define FLUSH_PAGE_LIMIT 32 /* beyond this many pages a full flush is cheaper than invlpg */

struct mm_lock vm_lock;

enum range_kind { RANGE_CHECK_EMPTY, RANGE_CHECK_FULL, RANGE_UNMAP, RANGE_PROTECT };

struct range_op {
	enum range_kind kind;
	struct aspace *as;
	bool kernel;	    /* kernel-half range */
	uint64_t leaf_bits; /* RANGE_PROTECT */
	bool changed;	    /* a present leaf was changed */
	bool structural;    /* a table was freed or a large page split */
};

uint64_t vm_table_alloc(void)
{
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return 0;
	/* Until vm_init finishes only the boot map's first 4 GiB are reachable. */
	kassert(vm_ready || pa + PAGE_SIZE <= BOOT_MAP_BYTES);
	page_zero(vm_table(pa));
	return pa;
}

uint64_t vm_leaf_bits(unsigned flags, bool user_half)
{
	uint64_t e = PTE_PRESENT;
	if (flags & VM_WRITE)
		e |= PTE_WRITE;
	if (flags & VM_USER)
		e |= PTE_USER;
	if (!user_half && vm_features.pge)
		e |= PTE_GLOBAL;
	if (!(flags & VM_EXEC) && vm_features.nx)
		e |= PTE_NX;
	if (flags & VM_NOCACHE)
		e |= PTE_PCD | PTE_PWT;
	return e;
}

static unsigned leaf_flags(uint64_t e)
{
	unsigned f = 0;
	if (e & PTE_WRITE)
		f |= VM_WRITE;
	if (!(e & PTE_NX))
		f |= VM_EXEC;
	if (e & PTE_USER)
		f |= VM_USER;
	if (e & PTE_PCD)
		f |= VM_NOCACHE;
	if (e & PTE_HUGE)
		f |= VM_LARGE;
	return f;
}

/* Validates a range and its flags; sets *kernel for the kernel half. */
static int range_check(uint64_t va, uint64_t size, unsigned flags, bool *kernel)
{
	if (size == 0 || va % PAGE_SIZE || size % PAGE_SIZE || (flags & ~VM_FLAGS_ALL))
		return -EINVAL;
	uint64_t last = va + size - 1;
	if (last < va)
		return -EINVAL;
	if (last < VM_USER_END) {
		*kernel = false;
	} else if (va >= VA_KERNEL_BASE) {
		*kernel = true;
		if (flags & VM_USER)
			return -EINVAL;
	} else {
		return -EINVAL; /* non-canonical, or straddling the two halves */
	}
	if ((flags & VM_WRITE) && (flags & VM_EXEC))
		return -EACCES;
	return 0;
}

static uint64_t root_of(struct aspace *as, bool kernel)
{
	return kernel ? vm_kernel_space.pml4_pa : as->pml4_pa;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		if (t[i] & PTE_PRESENT)
			return false;
	}
	return true;
}

static void table_release(struct range_op *op, uint64_t pa)
{
	pmm_free_frame(pa);
	if (!op->kernel)
		op->as->table_frames--;
	op->structural = true;
}

/* Applies op to [va, end) inside the table at `level`; end > va, end may be 0 for "top". */
static int range_walk(uint64_t table_pa, int level, uint64_t va, uint64_t end, struct range_op *op)
{
	uint64_t *t = vm_table(table_pa);
	uint64_t span = pt_level_span(level);
	while (va != end) {
		uint64_t entry_start = va & ~(span - 1);
		uint64_t next = entry_start + span;
		uint64_t sub_end = (next == 0 || next - 1 >= end - 1) ? end : next;
		uint64_t *e = &t[pt_index(va, level)];
		bool whole = va == entry_start && sub_end - va == span;
		if (!(*e & PTE_PRESENT)) {
			if (op->kind == RANGE_CHECK_FULL)
				return -ENOENT;
		} else if (level == 1 || (*e & PTE_HUGE)) {
			if (op->kind == RANGE_CHECK_EMPTY)
				return -EEXIST;
			if (op->kind == RANGE_UNMAP) {
				kassert(whole);
				*e = 0;
				op->changed = true;
			} else if (op->kind == RANGE_PROTECT) {
				kassert(whole);
				uint64_t mask = level == 1 ? PTE_ADDR_MASK : PTE_HUGE_ADDR_MASK;
				*e = (*e & (mask | PTE_HUGE | PTE_ACCESSED | PTE_DIRTY)) |
				     op->leaf_bits;
				op->changed = true;
			}
		} else {
			uint64_t child = *e & PTE_ADDR_MASK;
			int r = range_walk(child, level - 1, va, sub_end, op);
			if (r)
				return r;
			/* Kernel PDPTs (under PML4 slots 256..511) are shared: never freed. */
			bool may_free = !(op->kernel && level == PT_LEVELS);
			if (op->kind == RANGE_UNMAP && may_free && table_empty(vm_table(child))) {
				*e = 0;
				table_release(op, child);
			}
		}
		va = sub_end;
	}
	return 0;
}

/* Splits the 2 MiB page containing va, if va falls strictly inside one. */
static int split_at(struct range_op *op, uint64_t root, uint64_t va)
{
	if (va % LARGE_PAGE_SIZE == 0)
		return 0;
	uint64_t *t = vm_table(root);
	for (int level = PT_LEVELS; level > 2; level--) {
		uint64_t e = t[pt_index(va, level)];
		if (!(e & PTE_PRESENT))
			return 0;
		kassert(!(e & PTE_HUGE)); /* 1 GiB pages are never created */
		t = vm_table(e & PTE_ADDR_MASK);
	}
	uint64_t *pde = &t[pt_index(va, 2)];
	if (!(*pde & PTE_PRESENT) || !(*pde & PTE_HUGE))
		return 0;
	uint64_t pt = vm_table_alloc();
	if (!pt)
		return -ENOMEM;
	uint64_t base = *pde & PTE_HUGE_ADDR_MASK;
	uint64_t keep = *pde & (PTE_WRITE | PTE_USER | PTE_PWT | PTE_PCD | PTE_ACCESSED |
				PTE_DIRTY | PTE_GLOBAL | PTE_NX);
	uint64_t *ptes = vm_table(pt);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		ptes[i] = (base + (uint64_t)i * PAGE_SIZE) | keep | PTE_PRESENT;
	*pde = pt | PTE_PRESENT | PTE_WRITE | (op->kernel ? 0 : PTE_USER);
	if (!op->kernel)
		op->as->table_frames++;
	op->structural = true;
	return 0;
}

static void flush_range(struct range_op *op, uint64_t va, uint64_t size)
{
	if (!op->changed && !op->structural)
		return;
	bool current = op->kernel || op->as == aspace_current();
	if (!current) {
		op->as->tlb_stale = true;
		return;
	}
	/*
	 * invlpg also drops every paging-structure cache entry of the current PCID
	 * (SDM 4.10.4.1), which covers freed or split tables, except for a kernel
	 * table that other PCIDs may have cached.
	 */
	bool other_pcids = op->kernel && op->structural && vm_features.pcid;
	if (other_pcids || size / PAGE_SIZE > FLUSH_PAGE_LIMIT) {
		if (op->kernel)
			tlb_flush_all();
		else
			tlb_flush_local();
		return;
	}
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		tlb_flush_page(va + off);
}

static int unmap_locked(struct range_op *op, uint64_t va, uint64_t size)
{
	uint64_t root = root_of(op->as, op->kernel);
	int r = split_at(op, root, va);
	if (!r)
		r = split_at(op, root, va + size);
	if (r)
		return r;
	op->kind = RANGE_UNMAP;
	return range_walk(root, PT_LEVELS, va, va + size, op);
}

/* Maps one leaf at `level` (1 or 2). Returns 0, 1 (level 2 taken by a table), or -ENOMEM. */
static int map_one(struct range_op *op, uint64_t va, uint64_t pa, int level, uint64_t bits)
{
	uint64_t *t = vm_table(root_of(op->as, op->kernel));
	for (int l = PT_LEVELS; l > level; l--) {
		uint64_t *e = &t[pt_index(va, l)];
		if (!(*e & PTE_PRESENT)) {
			uint64_t npa = vm_table_alloc();
			if (!npa)
				return -ENOMEM;
			*e = npa | PTE_PRESENT | PTE_WRITE | (op->kernel ? 0 : PTE_USER);
			if (!op->kernel)
				op->as->table_frames++;
		}
		kassert(!(*e & PTE_HUGE));
		t = vm_table(*e & PTE_ADDR_MASK);
	}
	uint64_t *leaf = &t[pt_index(va, level)];
	if (*leaf & PTE_PRESENT) {
		kassert(level == 2 && !(*leaf & PTE_HUGE));
		return 1;
	}
	*leaf = pa | bits | (level == 2 ? PTE_HUGE : 0);
	return 0;
}

int vm_map(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size, unsigned flags)
{
	struct range_op op = {.kind = RANGE_CHECK_EMPTY, .as = as};
	int r = range_check(va, size, flags, &op.kernel);
	if (r)
		return r;
	if (pa % PAGE_SIZE || pa + size < pa)
		return -EINVAL;
	uint64_t bits = vm_leaf_bits(flags, !op.kernel);
	uint64_t lf = mm_lock_acquire(&vm_lock);
	r = range_walk(root_of(as, op.kernel), PT_LEVELS, va, va + size, &op);
	uint64_t done = 0;
	while (!r && done < size) {
		uint64_t v = va + done, p = pa + done, left = size - done;
		if ((flags & VM_LARGE) && v % LARGE_PAGE_SIZE == 0 && p % LARGE_PAGE_SIZE == 0 &&
		    left >= LARGE_PAGE_SIZE) {
			r = map_one(&op, v, p, 2, bits);
			if (r == 0) {
				done += LARGE_PAGE_SIZE;
				continue;
			}
			if (r < 0)
				break;
		}
		r = map_one(&op, v, p, 1, bits);
		done += PAGE_SIZE;
	}
	if (r == -ENOMEM) {
		/* The range was empty before: clearing all of it restores that, tables included. */
		struct range_op undo = {.as = as, .kernel = op.kernel};
		kassert(unmap_locked(&undo, va, size) == 0);
		op.structural |= undo.structural;
	}
	op.changed = false;	    /* new mappings leave nothing stale in the TLB... */
	flush_range(&op, va, size); /* ...but freed tables (after a failure) do */
	mm_lock_release(&vm_lock, lf);
	return r;
}

int vm_unmap(struct aspace *as, uint64_t va, uint64_t size)
{
	struct range_op op = {.as = as};
	int r = range_check(va, size, 0, &op.kernel);
	if (r)
		return r;
	uint64_t lf = mm_lock_acquire(&vm_lock);
	r = unmap_locked(&op, va, size);
	flush_range(&op, va, size);
	mm_lock_release(&vm_lock, lf);
	return r;
}

int vm_protect(struct aspace *as, uint64_t va, uint64_t size, unsigned flags)
{
	struct range_op op = {.kind = RANGE_CHECK_FULL, .as = as};
	int r = range_check(va, size, flags & ~VM_LARGE, &op.kernel);
	if (r)
		return r;
	uint64_t lf = mm_lock_acquire(&vm_lock);
	uint64_t root = root_of(as, op.kernel);
	r = range_walk(root, PT_LEVELS, va, va + size, &op);
	if (!r)
		r = split_at(&op, root, va);
	if (!r)
		r = split_at(&op, root, va + size);
	if (!r) {
		op.kind = RANGE_PROTECT;
		op.leaf_bits = vm_leaf_bits(flags, !op.kernel);
		r = range_walk(root, PT_LEVELS, va, va + size, &op);
	}
	flush_range(&op, va, size);
	mm_lock_release(&vm_lock, lf);
	return r;
}

int vm_query(struct aspace *as, uint64_t va, uint64_t *pa, unsigned *flags)
{
	if (!va_is_canonical(va))
		return -EINVAL;
	bool kernel = va >= VA_KERNEL_BASE;
	uint64_t *t = vm_table(root_of(as, kernel));
	for (int level = PT_LEVELS; level >= 1; level--) {
		uint64_t e = t[pt_index(va, level)];
		if (!(e & PTE_PRESENT))
			return -ENOENT;
		if (level == 1 || (e & PTE_HUGE)) {
			uint64_t span = pt_level_span(level);
			uint64_t mask = level == 1 ? PTE_ADDR_MASK : PTE_HUGE_ADDR_MASK;
			if (pa)
				*pa = (e & mask) + (va & (span - 1));
			if (flags)
				*flags = leaf_flags(e);
			return 0;
		}
		t = vm_table(e & PTE_ADDR_MASK);
	}
	return -ENOENT;
}
