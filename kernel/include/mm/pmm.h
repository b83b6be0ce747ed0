/*
 * Physical frame allocator: one bit per 4 KiB frame, built from the boot memory
 * map. Frames below 1 MiB, the kernel image, boot modules, the loader's own data
 * and the allocator's bitmaps are reserved and never handed out.
 *
 * Physical address 0 is always reserved, so PMM_NO_FRAME (0) signals failure.
 * Frames are returned uncleared; reach them through phys_to_virt().
 */
#ifndef MM_PMM_H
#define MM_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/bootinfo.h"

#define PMM_NO_FRAME	0
#define PMM_LOW_RESERVE 0x100000ull /* below 1 MiB: BIOS data, EBDA, SMP trampoline */
#define PMM_ANY_ADDRESS UINT64_MAX  /* max_phys for a run with no address limit */

/* Tags kept per frame for the heap (low bits of pmm_frame_owner values). */
#define PMM_OWNER_TAG_MASK 0x3ul

struct pmm_stats {
	size_t managed_frames; /* frames the allocator may hand out */
	size_t free_frames;
	size_t reserved_frames; /* inside usable regions but reserved at boot */
	uint64_t top_phys;	/* end of the highest usable frame */
	size_t bad_frees;	/* frees of frames that were free or reserved */
};

/* Builds the bitmaps from the boot map; panics only if there is no usable memory at all. */
void pmm_init(const struct boot_info *bi);

uint64_t pmm_alloc_frame(void);
/*
 * `count` physically contiguous frames whose first one is a multiple of
 * `align_frames` frames (power of two) and whose end is at most `max_phys`
 * (e.g. 4 GiB for 32-bit DMA). Returns PMM_NO_FRAME when no run fits.
 */
uint64_t pmm_alloc_frames(size_t count, size_t align_frames, uint64_t max_phys);
/* Returns 0, or -EINVAL after reporting a bad free (misaligned, not managed, already free). */
int pmm_free_frame(uint64_t pa);
int pmm_free_frames(uint64_t pa, size_t count);

size_t pmm_free_count(void);
void pmm_get_stats(struct pmm_stats *out);
bool pmm_frame_is_free(uint64_t pa);
/* Heap bookkeeping word for a managed frame, or NULL for an unmanaged address. */
uintptr_t *pmm_frame_owner(uint64_t pa);

#endif
