/*
 * Physical frame allocator (see mm/pmm.h). Two bitmaps over [0, top_phys):
 * `used` (1 = allocated or reserved) and `reserved` (1 = never allocatable),
 * plus one owner word per frame for the heap. All three live in a usable
 * region below 4 GiB found at boot, reached through the direct map.
 *
 * Single frames come from the lowest free frame at or above `hint`; `hint` is
 * kept at or below the lowest free frame, so the search never wraps.
 */
#include "mm/pmm.h"

#include <string.h>

#include "alloc/bitmap.h"
#include "kernel/errno.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "mm/mm_lock.h"
#include "mm/vm.h"

extern char _bss_end_phys[];

#define MAX_RESERVED 48

static struct {
	struct mm_lock lock; /* guards every field below after pmm_init */
	uint64_t *used;
	uint64_t *reserved;
	uintptr_t *owner;
	size_t nframes;
	size_t free_frames;
	size_t managed_frames;
	size_t hint;
	size_t bad_frees;
} pmm;

static uint64_t frame_up(uint64_t a)
{
	return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static uint64_t frame_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

/* Ranges that must never be handed out, collected before the bitmaps exist. */
static struct boot_range reserved_ranges[MAX_RESERVED];
static int reserved_count;

static void reserve_add(uint64_t start, uint64_t end)
{
	if (end <= start)
		return;
	if (reserved_count == MAX_RESERVED)
		panic("pmm: more than %d reserved ranges", MAX_RESERVED);
	reserved_ranges[reserved_count++] = (struct boot_range){frame_down(start), frame_up(end)};
}

static void collect_reserved(const struct boot_info *bi)
{
	reserved_count = 0;
	reserve_add(0, PMM_LOW_RESERVE);
	reserve_add(KERNEL_LOAD_PHYS, (uint64_t)_bss_end_phys);
	for (int i = 0; i < bi->module_count; i++)
		reserve_add(bi->modules[i].start, bi->modules[i].end);
	for (int i = 0; i < bi->loader_range_count; i++)
		reserve_add(bi->loader_ranges[i].start, bi->loader_ranges[i].end);
}

/* End of the first reserved range overlapping [start, end), or 0 if none does. */
static uint64_t reserved_overlap(uint64_t start, uint64_t end)
{
	for (int i = 0; i < reserved_count; i++) {
		if (reserved_ranges[i].start < end && start < reserved_ranges[i].end)
			return reserved_ranges[i].end;
	}
	return 0;
}

static uint64_t usable_top(const struct boot_info *bi)
{
	uint64_t top = 0;
	for (int i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		if (r->type != BOOT_MEM_AVAILABLE)
			continue;
		uint64_t end = frame_down(r->base + r->length);
		if (end > VM_DIRECT_MAP_MAX)
			end = VM_DIRECT_MAP_MAX;
		if (end > top)
			top = end;
	}
	return top;
}

/* A usable, unreserved hole of `bytes` below the boot direct map's end. */
static uint64_t find_hole(const struct boot_info *bi, uint64_t bytes)
{
	for (int i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		if (r->type != BOOT_MEM_AVAILABLE)
			continue;
		uint64_t start = frame_up(r->base);
		uint64_t end = frame_down(r->base + r->length);
		if (end > BOOT_MAP_BYTES)
			end = BOOT_MAP_BYTES;
		while (start < end && end - start >= bytes) {
			uint64_t skip = reserved_overlap(start, start + bytes);
			if (!skip)
				return start;
			start = skip;
		}
	}
	return 0;
}

void pmm_init(const struct boot_info *bi)
{
	collect_reserved(bi);
	uint64_t top = usable_top(bi);
	if (top == 0)
		panic("pmm: the boot memory map lists no usable memory");
	pmm.nframes = top / PAGE_SIZE;
	size_t bitmap_bytes = bitmap_words(pmm.nframes) * sizeof(uint64_t);
	size_t owner_bytes = pmm.nframes * sizeof(uintptr_t);
	uint64_t meta_bytes = frame_up(2 * bitmap_bytes + owner_bytes);
	uint64_t meta = find_hole(bi, meta_bytes);
	if (!meta)
		panic("pmm: no room below 4 GiB for %lu bytes of allocator metadata", meta_bytes);
	reserve_add(meta, meta + meta_bytes);

	uint8_t *base = phys_to_virt(meta);
	pmm.used = (uint64_t *)base;
	pmm.reserved = (uint64_t *)(base + bitmap_bytes);
	pmm.owner = (uintptr_t *)(base + 2 * bitmap_bytes);
	memset(base, 0, meta_bytes);

	/* Everything is unavailable until the map says otherwise. */
	bitmap_set_range(pmm.reserved, 0, pmm.nframes);
	for (int i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		if (r->type != BOOT_MEM_AVAILABLE)
			continue;
		uint64_t start = frame_up(r->base), end = frame_down(r->base + r->length);
		if (end > top)
			end = top;
		if (start < end)
			bitmap_clear_range(pmm.reserved, start / PAGE_SIZE,
					   (end - start) / PAGE_SIZE);
	}
	size_t in_usable = pmm.nframes - bitmap_count_set(pmm.reserved, 0, pmm.nframes);
	for (int i = 0; i < reserved_count; i++) {
		uint64_t s = reserved_ranges[i].start, e = reserved_ranges[i].end;
		if (s >= top)
			continue;
		if (e > top)
			e = top;
		bitmap_set_range(pmm.reserved, s / PAGE_SIZE, (e - s) / PAGE_SIZE);
	}
	memcpy(pmm.used, pmm.reserved, bitmap_bytes);
	pmm.managed_frames = pmm.nframes - bitmap_count_set(pmm.reserved, 0, pmm.nframes);
	pmm.free_frames = pmm.managed_frames;
	pmm.hint = bitmap_find_clear(pmm.used, pmm.nframes, 0);
	if (pmm.hint == BITMAP_NONE)
		pmm.hint = pmm.nframes;
	pr_info("pmm: %lu MiB usable, %lu frames free, %lu reserved at boot, metadata %lu KiB at "
		"%#lx\n",
		(uint64_t)in_usable * PAGE_SIZE >> 20, pmm.free_frames,
		in_usable - pmm.managed_frames, meta_bytes / 1024, meta);
}

uint64_t pmm_alloc_frame(void)
{
	uint64_t flags = mm_lock_acquire(&pmm.lock);
	uint64_t pa = PMM_NO_FRAME;
	size_t idx = bitmap_find_clear(pmm.used, pmm.nframes, pmm.hint);
	if (idx != BITMAP_NONE) {
		bitmap_set(pmm.used, idx);
		pmm.free_frames--;
		pmm.hint = idx + 1;
		pa = (uint64_t)idx * PAGE_SIZE;
	} else {
		pmm.hint = pmm.nframes;
	}
	mm_lock_release(&pmm.lock, flags);
	return pa;
}

uint64_t pmm_alloc_frames(size_t count, size_t align_frames, uint64_t max_phys)
{
	if (count == 0 || count > pmm.nframes)
		return PMM_NO_FRAME;
	size_t limit = pmm.nframes;
	if (max_phys / PAGE_SIZE < limit)
		limit = max_phys / PAGE_SIZE;
	uint64_t flags = mm_lock_acquire(&pmm.lock);
	uint64_t pa = PMM_NO_FRAME;
	size_t idx = bitmap_find_clear_run(pmm.used, limit, pmm.hint, count, align_frames);
	if (idx != BITMAP_NONE) {
		bitmap_set_range(pmm.used, idx, count);
		pmm.free_frames -= count;
		if (idx == pmm.hint)
			pmm.hint = idx + count;
		pa = (uint64_t)idx * PAGE_SIZE;
	}
	mm_lock_release(&pmm.lock, flags);
	return pa;
}

/* Called with the lock held; reports and returns false for a frame that may not be freed. */
static bool free_check(uint64_t pa, size_t idx, void *caller)
{
	const char *why = NULL;
	if (pa % PAGE_SIZE)
		why = "address is not frame-aligned";
	else if (idx >= pmm.nframes)
		why = "address is beyond managed memory";
	else if (bitmap_test(pmm.reserved, idx))
		why = "frame is reserved (kernel image, boot data or firmware)";
	else if (!bitmap_test(pmm.used, idx))
		why = "frame is already free (double free)";
	if (!why)
		return true;
	pmm.bad_frees++;
	pr_err("pmm: bad free of frame %#lx: %s (caller %p)\n", pa, why, caller);
	return false;
}

static int free_run(uint64_t pa, size_t count, void *caller)
{
	size_t first = pa / PAGE_SIZE;
	uint64_t flags = mm_lock_acquire(&pmm.lock);
	for (size_t i = 0; i < count; i++) {
		if (!free_check(pa + i * PAGE_SIZE, first + i, caller)) {
			mm_lock_release(&pmm.lock, flags);
			return -EINVAL;
		}
	}
	bitmap_clear_range(pmm.used, first, count);
	for (size_t i = 0; i < count; i++)
		pmm.owner[first + i] = 0;
	pmm.free_frames += count;
	if (first < pmm.hint)
		pmm.hint = first;
	mm_lock_release(&pmm.lock, flags);
	return 0;
}

int pmm_free_frames(uint64_t pa, size_t count)
{
	return free_run(pa, count, __builtin_return_address(0));
}

int pmm_free_frame(uint64_t pa)
{
	return free_run(pa, 1, __builtin_return_address(0));
}

size_t pmm_free_count(void)
{
	return pmm.free_frames;
}

void pmm_get_stats(struct pmm_stats *out)
{
	uint64_t flags = mm_lock_acquire(&pmm.lock);
	out->managed_frames = pmm.managed_frames;
	out->free_frames = pmm.free_frames;
	out->reserved_frames = pmm.nframes - pmm.managed_frames;
	out->top_phys = (uint64_t)pmm.nframes * PAGE_SIZE;
	out->bad_frees = pmm.bad_frees;
	mm_lock_release(&pmm.lock, flags);
}

bool pmm_frame_is_free(uint64_t pa)
{
	size_t idx = pa / PAGE_SIZE;
	return idx < pmm.nframes && !bitmap_test(pmm.used, idx);
}

uintptr_t *pmm_frame_owner(uint64_t pa)
{
	size_t idx = pa / PAGE_SIZE;
	if (idx >= pmm.nframes || bitmap_test(pmm.reserved, idx))
		return NULL;
	return &pmm.owner[idx];
}
