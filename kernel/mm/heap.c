/*
 * kmalloc and friends (see mm/heap.h): power-of-two slab caches up to
 * SIZE_CLASS_MAX, whole frames above that. kfree finds the owner of a pointer
 * through the frame's pmm owner word, so an unknown pointer is recognised as
 * such instead of being trusted.
 */
#include "mm/heap.h"

#include <string.h>

#include "fmt/format.h"
#include "kernel/panic.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "slab_internal.h"

static struct kmem_cache size_caches[SIZE_CLASS_COUNT];
static struct kmem_cache large_records; /* struct large_alloc */

void kheap_init(void)
{
	static char names[SIZE_CLASS_COUNT][SLAB_NAME_MAX];
	for (int i = 0; i < SIZE_CLASS_COUNT; i++) {
		fmt_snprintf(names[i], sizeof(names[i]), "kmalloc-%zu", size_class_size(i));
		if (slab_cache_setup(&size_caches[i], names[i], size_class_size(i),
				     KMALLOC_MIN_ALIGN) < 0)
			panic("heap: no slab layout for %s", names[i]);
	}
	if (slab_cache_setup(&large_records, "kmalloc-large-rec", sizeof(struct large_alloc),
			     KMALLOC_MIN_ALIGN) < 0)
		panic("heap: no slab layout for the large-allocation records");
}

static size_t pages_for(size_t bytes)
{
	return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

static void *large_alloc_locked(size_t size, uint64_t caller)
{
	size_t pages = pages_for(size + LARGE_RED);
	struct large_alloc *rec = slab_alloc_locked(&large_records, sizeof(*rec), caller);
	if (!rec)
		return NULL;
	uint64_t pa = pmm_alloc_frames(pages, 1, PMM_ANY_ADDRESS);
	if (pa == PMM_NO_FRAME) {
		uintptr_t owner = *pmm_frame_owner((uint64_t)rec - DIRECT_MAP_BASE);
		slab_free_locked((struct slab *)(owner & ~PMM_OWNER_TAG_MASK), rec, caller);
		return NULL;
	}
	rec->magic = LARGE_MAGIC;
	rec->pages = (uint32_t)pages;
	rec->size = size;
	rec->caller = caller;
	rec->ptr = phys_to_virt(pa);
	for (size_t i = 0; i < pages; i++)
		*pmm_frame_owner(pa + i * PAGE_SIZE) = (uintptr_t)rec | OWNER_LARGE;
	if (KHEAP_DEBUG)
		debug_fill(rec->ptr + size, KHEAP_REDZONE, pages * PAGE_SIZE - size);
	return rec->ptr;
}

static void large_free_locked(struct large_alloc *rec, const void *ptr, uint64_t caller)
{
	if (rec->magic != LARGE_MAGIC) {
		heap_error("invalid free of %p: its pages carry a damaged large-allocation record; "
			   "caller %#lx",
			   ptr, caller);
		return;
	}
	if (ptr != rec->ptr) {
		heap_error("invalid free of %p: %ld bytes inside the %zu-byte allocation at %p "
			   "(allocated by %#lx); caller %#lx",
			   ptr, (long)((const uint8_t *)ptr - rec->ptr), rec->size, rec->ptr,
			   rec->caller, caller);
		return;
	}
	size_t tail = (size_t)rec->pages * PAGE_SIZE - rec->size;
	if (KHEAP_DEBUG) {
		size_t bad = debug_find_mismatch(rec->ptr + rec->size, KHEAP_REDZONE, tail);
		if (bad != tail) {
			heap_error(
			    "buffer overflow: %zu-byte allocation %p (allocated by %#lx) was "
			    "written at offset %zu, past its end; detected by %#lx",
			    rec->size, ptr, rec->caller, rec->size + bad, caller);
			return;
		}
		debug_fill(rec->ptr, KHEAP_POISON_FREE, rec->size);
	}
	uint64_t pa = (uint64_t)rec->ptr - DIRECT_MAP_BASE;
	rec->magic = 0;
	pmm_free_frames(pa, rec->pages);
	uintptr_t owner = *pmm_frame_owner((uint64_t)rec - DIRECT_MAP_BASE);
	slab_free_locked((struct slab *)(owner & ~PMM_OWNER_TAG_MASK), rec, caller);
}

static void *alloc_caller(size_t size, size_t align, uint64_t caller)
{
	if (align == 0 || (align & (align - 1)) || align > PAGE_SIZE)
		return NULL;
	if (size == 0)
		size = 1;
	if (size > pmm_free_count() * (size_t)PAGE_SIZE)
		return NULL; /* also keeps the page arithmetic from overflowing */
	int cls = size_class_index(size);
	uint64_t lf = mm_lock_acquire(&heap_lock);
	void *p;
	if (cls != SIZE_CLASS_NONE && align <= KMALLOC_MIN_ALIGN)
		p = slab_alloc_locked(&size_caches[cls], size, caller);
	else
		p = large_alloc_locked(size, caller);
	mm_lock_release(&heap_lock, lf);
	return p;
}

/* What a pointer belongs to: a slab (*slab set) or a large block (*large set); false if neither. */
static bool owner_of(const void *p, struct slab **slab, struct large_alloc **large)
{
	*slab = NULL;
	*large = NULL;
	uint64_t v = (uint64_t)p;
	if (v < DIRECT_MAP_BASE || v >= DIRECT_MAP_BASE + VM_DIRECT_MAP_MAX)
		return false;
	uintptr_t *owner = pmm_frame_owner(v - DIRECT_MAP_BASE);
	if (!owner)
		return false;
	uintptr_t tag = *owner & PMM_OWNER_TAG_MASK;
	void *obj = (void *)(*owner & ~PMM_OWNER_TAG_MASK);
	if (tag == OWNER_SLAB && ((struct slab *)obj)->magic == SLAB_MAGIC) {
		*slab = obj;
		return true;
	}
	if (tag == OWNER_LARGE) {
		*large = obj;
		return true;
	}
	return false;
}

__attribute__((noinline)) void *kmalloc(size_t size)
{
	return alloc_caller(size, KMALLOC_MIN_ALIGN, (uint64_t)__builtin_return_address(0));
}

__attribute__((noinline)) void *kzalloc(size_t size)
{
	void *p = alloc_caller(size, KMALLOC_MIN_ALIGN, (uint64_t)__builtin_return_address(0));
	if (p)
		memset(p, 0, size);
	return p;
}

__attribute__((noinline)) void *kmalloc_aligned(size_t size, size_t align)
{
	return alloc_caller(size, align, (uint64_t)__builtin_return_address(0));
}

static void free_caller(void *p, uint64_t caller)
{
	struct slab *s;
	struct large_alloc *l;
	uint64_t lf = mm_lock_acquire(&heap_lock);
	if (!owner_of(p, &s, &l))
		heap_error("invalid free of %p: kmalloc never returned this pointer; caller %#lx",
			   p, caller);
	else if (s && s->cache == &large_records)
		heap_error("invalid free of %p: it is a heap-internal record; caller %#lx", p,
			   caller);
	else if (s)
		slab_free_locked(s, p, caller);
	else
		large_free_locked(l, p, caller);
	mm_lock_release(&heap_lock, lf);
}

__attribute__((noinline)) void kfree(void *p)
{
	if (p)
		free_caller(p, (uint64_t)__builtin_return_address(0));
}

size_t kmalloc_usable_size(const void *p)
{
	struct slab *s;
	struct large_alloc *l;
	if (!p || !owner_of(p, &s, &l))
		return 0;
	if (s)
		return s->cache->obj_size;
	return (size_t)l->pages * PAGE_SIZE - LARGE_RED;
}

__attribute__((noinline)) void *krealloc(void *p, size_t size)
{
	uint64_t caller = (uint64_t)__builtin_return_address(0);
	if (!p)
		return alloc_caller(size, KMALLOC_MIN_ALIGN, caller);
	if (size == 0) {
		free_caller(p, caller);
		return NULL;
	}
	struct slab *s;
	struct large_alloc *l;
	size_t old_size;
	uint64_t lf = mm_lock_acquire(&heap_lock);
	if (!owner_of(p, &s, &l) || (s && s->cache == &large_records)) {
		heap_error("krealloc of %p: kmalloc never returned this pointer; caller %#lx", p,
			   caller);
		mm_lock_release(&heap_lock, lf);
		return NULL;
	}
	if (s) {
		long idx = slab_index_of(s, p, caller);
		if (idx < 0 || !debug_obj_check_live(s->cache, p, caller)) {
			mm_lock_release(&heap_lock, lf);
			return NULL;
		}
		/* Stay in place when the new size still belongs to this class. */
		if (size_class_index(size) == size_class_index(s->cache->obj_size) &&
		    slab_resize_locked(s, (size_t)idx, size)) {
			mm_lock_release(&heap_lock, lf);
			return p;
		}
		old_size = KHEAP_DEBUG ? ((struct obj_record *)p - 1)->size : s->cache->obj_size;
	} else {
		if (l->magic != LARGE_MAGIC || l->ptr != p) {
			heap_error("krealloc of %p: not the start of a heap block; caller %#lx", p,
				   caller);
			mm_lock_release(&heap_lock, lf);
			return NULL;
		}
		old_size = l->size;
	}
	mm_lock_release(&heap_lock, lf);
	void *n = alloc_caller(size, KMALLOC_MIN_ALIGN, caller);
	if (!n)
		return NULL;
	memcpy(n, p, old_size < size ? old_size : size);
	free_caller(p, caller);
	return n;
}

size_t kheap_live_objects(void)
{
	return kmem_live_objects();
}
