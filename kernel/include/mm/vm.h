/*
 * Virtual memory: page mappings in 4-level tables, address spaces, the kernel
 * layout. See docs/memory.md.
 *
 * Kernel half (shared by every address space, PML4 slots 256..511):
 *   VM_DIRECT_MAP_BASE   all physical memory (at least 4 GiB), 2 MiB pages, RW, NX
 *   VM_KERNEL_DYN_BASE   512 GiB for dynamic kernel mappings (MMIO, tests, later vmalloc)
 *   KERNEL_VMA + phys    the kernel image: text RX, rodata R, data/bss RW
 * User half: 0 .. VM_USER_END, private to each address space.
 *
 * W^X: no mapping is ever writable and executable at once. vm_map and
 * vm_protect refuse VM_WRITE | VM_EXEC with -EACCES and change nothing.
 */
#ifndef MM_VM_H
#define MM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/layout.h"

#define VM_DIRECT_MAP_BASE DIRECT_MAP_BASE
#define VM_DIRECT_MAP_MAX  0x0000400000000000ull /* 64 TiB of physical memory, PML4 256..383 */
#define VM_KERNEL_DYN_BASE 0xFFFFC00000000000ull /* PML4 slot 384 */
#define VM_KERNEL_DYN_SIZE 0x0000008000000000ull
#define VM_USER_END	   0x0000800000000000ull

/* Mapping flags. Every mapping is readable. */
#define VM_WRITE     (1u << 0)
#define VM_EXEC	     (1u << 1)
#define VM_USER	     (1u << 2) /* user half only */
#define VM_NOCACHE   (1u << 3) /* PCD | PWT, for MMIO */
#define VM_LARGE     (1u << 4) /* use 2 MiB pages where va, pa and length allow */
#define VM_FLAGS_ALL (VM_WRITE | VM_EXEC | VM_USER | VM_NOCACHE | VM_LARGE)

struct aspace;

/*
 * Maps [va, va + size) to [pa, pa + size). All three must be page-aligned; the
 * range must lie in one half (VM_USER for the user half, not for the kernel
 * half) and be unmapped. Returns 0, -EINVAL, -EACCES (W^X), -EEXIST or -ENOMEM;
 * on any error nothing has changed. Kernel-half addresses may be given with any
 * address space (the kernel half is shared).
 */
int vm_map(struct aspace *as, uint64_t va, uint64_t pa, uint64_t size, unsigned flags);
/* Unmaps whatever is mapped in the range (holes are fine); frees emptied tables. */
int vm_unmap(struct aspace *as, uint64_t va, uint64_t size);
/* Changes the permissions of a fully mapped range: -ENOENT if any page is missing. */
int vm_protect(struct aspace *as, uint64_t va, uint64_t size, unsigned flags);
/* Looks up one address: 0 and the physical address and flags, or -ENOENT. */
int vm_query(struct aspace *as, uint64_t va, uint64_t *pa, unsigned *flags);

/* ---- address spaces ---- */

/* A fresh address space: empty user half, the shared kernel half. NULL when out of memory. */
struct aspace *aspace_create(void);
/*
 * Frees the user half's page tables and the object. The frames that were mapped
 * belong to whoever mapped them and are not freed. Refuses (-EBUSY) the current
 * or the kernel address space.
 */
int aspace_destroy(struct aspace *as);
/* Loads the address space into CR3 (with its PCID when the CPU has PCID). */
void aspace_switch(struct aspace *as);
struct aspace *aspace_current(void);
struct aspace *aspace_kernel(void);
/* PCID of the address space (0 without PCID). */
unsigned aspace_pcid(const struct aspace *as);
/* Page-table frames the address space owns (user half). */
size_t aspace_table_frames(const struct aspace *as);

/*
 * How aspace_switch loaded CR3 since boot, so tests can tell which path ran:
 * `plain` without PCID (every switch flushes), `pcid_flush` with a PCID but
 * without CR3_NOFLUSH (PCID 0, a new owner of a PCID, a space changed while not
 * current), `pcid_keep` with a PCID and CR3_NOFLUSH (TLB entries kept).
 */
struct aspace_switch_stats {
	uint64_t plain, pcid_flush, pcid_keep;
};
void aspace_switch_stats(struct aspace_switch_stats *out);

/* ---- CPU paging features, detected by vm_init ---- */
struct vm_features {
	bool nx, pge, pcid, smep, smap, invpcid;
};
const struct vm_features *vm_cpu_features(void);

/* Builds the kernel tables and switches to them (called once, from mm_init). */
void vm_init(void);

#endif
