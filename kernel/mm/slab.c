/*
 * Slab caches (see mm/slab.h). A slab is a run of 1..SLAB_MAX_PAGES frames:
 * header, per-slot state and a free-index stack, then the slots. Every frame of
 * the run records the slab in its pmm owner word, so a pointer leads back to
 * its slab and cache without trusting anything stored near the object.
 */
#include <string.h>

#include "kernel/errno.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "mm/pmm.h"
#include "slab_internal.h"

struct mm_lock heap_lock;
static struct kmem_cache *cache_list; /* registry, under heap_lock */

static void list_push(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void list_remove(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

int slab_cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align)
{
	if (align < KMALLOC_MIN_ALIGN)
		align = KMALLOC_MIN_ALIGN;
	struct slab_params p = {
	    .obj_size = size,
	    .align = align,
	    .left_redzone = SLAB_LEFT_REDZONE,
	    .right_redzone = SLAB_RIGHT_REDZONE,
	    .header_fixed = sizeof(struct slab),
	    .per_obj_meta = sizeof(uint16_t) + sizeof(uint8_t),
	    .page_size = PAGE_SIZE,
	    .max_pages = SLAB_MAX_PAGES,
	    .min_objs = SLAB_MIN_OBJS,
	    .max_objs = SLAB_MAX_OBJS,
	};
	memset(c, 0, sizeof(*c));
	if (slab_layout_compute(&p, &c->layout) < 0)
		return -EINVAL;
	size_t n = strnlen(name, SLAB_NAME_MAX - 1);
	memcpy(c->name, name, n);
	c->name[n] = '\0';
	c->obj_size = size;
	c->align = align;
	uint64_t lf = mm_lock_acquire(&heap_lock);
	c->next_cache = cache_list;
	cache_list = c;
	mm_lock_release(&heap_lock, lf);
	return 0;
}

static struct slab *slab_new(struct kmem_cache *c)
{
	const struct slab_layout *l = &c->layout;
	uint64_t pa = pmm_alloc_frames(l->pages, 1, PMM_ANY_ADDRESS);
	if (pa == PMM_NO_FRAME)
		return NULL;
	uint8_t *base = phys_to_virt(pa);
	struct slab *s = (struct slab *)base;
	s->magic = SLAB_MAGIC;
	s->inuse = 0;
	s->cache = c;
	s->free_stack = (uint16_t *)(base + sizeof(struct slab));
	s->state = (uint8_t *)(s->free_stack + l->objs);
	s->slots = base + l->first_slot;
	s->free_top = (uint16_t)l->objs;
	for (size_t i = 0; i < l->objs; i++) {
		s->free_stack[i] = (uint16_t)(l->objs - 1 - i); /* slot 0 is handed out first */
		s->state[i] = OBJ_FREE;
	}
	if (KHEAP_DEBUG)
		debug_fill(s->slots, KHEAP_POISON_FREE, l->objs * l->slot_size);
	for (size_t i = 0; i < l->pages; i++)
		*pmm_frame_owner(pa + i * PAGE_SIZE) = (uintptr_t)s | OWNER_SLAB;
	list_push(&c->partial, s);
	c->nslabs++;
	c->nempty++;
	return s;
}

static void slab_release(struct kmem_cache *c, struct slab *s)
{
	list_remove(&c->partial, s);
	c->nslabs--;
	c->nempty--;
	s->magic = 0;
	pmm_free_frames((uint64_t)s - DIRECT_MAP_BASE, c->layout.pages);
}

void *slab_alloc_locked(struct kmem_cache *c, size_t req, uint64_t caller)
{
	struct slab *s = c->partial;
	if (!s) {
		s = slab_new(c);
		if (!s)
			return NULL;
	}
	size_t idx = s->free_stack[--s->free_top];
	if (s->inuse++ == 0)
		c->nempty--;
	if (s->free_top == 0) {
		list_remove(&c->partial, s);
		list_push(&c->full, s);
	}
	s->state[idx] = OBJ_LIVE;
	c->live++;
	uint8_t *obj = slab_obj(s, idx);
	debug_obj_alloc(c, obj, req, caller);
	return obj;
}

long slab_index_of(struct slab *s, const void *ptr, uint64_t caller)
{
	struct kmem_cache *c = s->cache;
	const uint8_t *p = ptr;
	size_t span = c->layout.objs * c->layout.slot_size;
	if (p < s->slots || p >= s->slots + span) {
		heap_error("invalid free of %p: it points into the header of a %s slab, not at an "
			   "object; caller %#lx",
			   ptr, c->name, caller);
		return -1;
	}
	size_t off = (size_t)(p - s->slots);
	size_t idx = off / c->layout.slot_size;
	size_t inside = off % c->layout.slot_size;
	if (inside != c->layout.obj_offset) {
		heap_error("invalid free of %p: not the start of a %s object (%ld bytes from the "
			   "object at %p); caller %#lx",
			   ptr, c->name, (long)inside - (long)c->layout.obj_offset,
			   slab_obj(s, idx), caller);
		return -1;
	}
	if (s->state[idx] != OBJ_LIVE) {
		const struct obj_record *rec = (const struct obj_record *)p - 1;
		if (KHEAP_DEBUG && rec->magic == REC_FREE)
			heap_error("double free of %s object %p (%u bytes, first freed by %#lx); "
				   "second free by %#lx",
				   c->name, ptr, rec->size, rec->caller, caller);
		else
			heap_error("double free of %s object %p; second free by %#lx", c->name, ptr,
				   caller);
		return -1;
	}
	return (long)idx;
}

void slab_free_locked(struct slab *s, const void *ptr, uint64_t caller)
{
	struct kmem_cache *c = s->cache;
	long idx = slab_index_of(s, ptr, caller);
	if (idx < 0)
		return;
	uint8_t *obj = slab_obj(s, (size_t)idx);
	if (!debug_obj_check_live(c, obj, caller))
		return; /* reported; leaking the object is safer than reusing damaged memory */
	debug_obj_free(c, obj, caller);
	s->state[idx] = OBJ_FREE;
	s->free_stack[s->free_top++] = (uint16_t)idx;
	c->live--;
	/* The slab just used goes to the head of the partial list: its memory is cache-warm. */
	if (s->free_top == 1)
		list_remove(&c->full, s);
	else if (c->partial != s)
		list_remove(&c->partial, s);
	if (c->partial != s)
		list_push(&c->partial, s);
	if (--s->inuse == 0) {
		c->nempty++;
		if (c->nempty > SLAB_KEEP_EMPTY)
			slab_release(c, s);
	}
}

bool slab_resize_locked(struct slab *s, size_t idx, size_t new_size)
{
	struct kmem_cache *c = s->cache;
	if (new_size > c->obj_size)
		return false;
	uint8_t *obj = slab_obj(s, idx);
	if (KHEAP_DEBUG) {
		struct obj_record *rec = (struct obj_record *)(obj - sizeof(*rec));
		uint8_t *end = obj - c->layout.obj_offset + c->layout.slot_size;
		rec->size = (uint32_t)new_size;
		debug_fill(obj + new_size, KHEAP_REDZONE, (size_t)(end - (obj + new_size)));
	}
	return true;
}

/* ---- public cache API ---- */

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	if (size == 0 || align == 0 || (align & (align - 1)) || align > PAGE_SIZE)
		return NULL;
	struct kmem_cache *c = kmalloc(sizeof(*c));
	if (!c)
		return NULL;
	if (slab_cache_setup(c, name, size, align) < 0) {
		kfree(c);
		return NULL;
	}
	return c;
}

int kmem_cache_destroy(struct kmem_cache *c)
{
	uint64_t lf = mm_lock_acquire(&heap_lock);
	if (c->live) {
		mm_lock_release(&heap_lock, lf);
		pr_err("slab: cache %s destroyed with %zu live objects; refused\n", c->name,
		       c->live);
		return -EBUSY;
	}
	while (c->partial)
		slab_release(c, c->partial);
	for (struct kmem_cache **pp = &cache_list; *pp; pp = &(*pp)->next_cache) {
		if (*pp == c) {
			*pp = c->next_cache;
			break;
		}
	}
	mm_lock_release(&heap_lock, lf);
	kfree(c);
	return 0;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	uint64_t lf = mm_lock_acquire(&heap_lock);
	void *p = slab_alloc_locked(c, c->obj_size, (uint64_t)__builtin_return_address(0));
	mm_lock_release(&heap_lock, lf);
	return p;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *p = kmem_cache_alloc(c);
	if (p)
		memset(p, 0, c->obj_size);
	return p;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	uint64_t caller = (uint64_t)__builtin_return_address(0);
	if (!obj)
		return;
	uintptr_t *owner = NULL;
	if ((uint64_t)obj >= DIRECT_MAP_BASE)
		owner = pmm_frame_owner((uint64_t)obj - DIRECT_MAP_BASE);
	uint64_t lf = mm_lock_acquire(&heap_lock);
	struct slab *s = NULL;
	if (owner && (*owner & PMM_OWNER_TAG_MASK) == OWNER_SLAB)
		s = (struct slab *)(*owner & ~PMM_OWNER_TAG_MASK);
	if (!s || s->magic != SLAB_MAGIC || s->cache != c)
		heap_error(
		    "invalid free of %p to cache %s: not an object of that cache; caller %#lx", obj,
		    c->name, caller);
	else
		slab_free_locked(s, obj, caller);
	mm_lock_release(&heap_lock, lf);
}

size_t kmem_cache_live(const struct kmem_cache *c)
{
	return c->live;
}

size_t kmem_cache_slabs(const struct kmem_cache *c)
{
	return c->nslabs;
}

size_t kmem_shrink_all(void)
{
	size_t frames = 0;
	uint64_t lf = mm_lock_acquire(&heap_lock);
	for (struct kmem_cache *c = cache_list; c; c = c->next_cache) {
		struct slab *s = c->partial;
		while (s) {
			struct slab *next = s->next;
			if (s->inuse == 0) {
				frames += c->layout.pages;
				slab_release(c, s);
			}
			s = next;
		}
	}
	mm_lock_release(&heap_lock, lf);
	return frames;
}

size_t kmem_live_objects(void)
{
	size_t n = 0;
	uint64_t lf = mm_lock_acquire(&heap_lock);
	for (struct kmem_cache *c = cache_list; c; c = c->next_cache)
		n += c->live;
	mm_lock_release(&heap_lock, lf);
	return n;
}

void kmem_print_caches(void)
{
	kprintf("  %-20s %6s %6s %8s %6s %5s\n", "cache", "size", "slot", "live", "slabs", "pages");
	for (struct kmem_cache *c = cache_list; c; c = c->next_cache)
		kprintf("  %-20s %6zu %6zu %8zu %6zu %5zu\n", c->name, c->obj_size,
			c->layout.slot_size, c->live, c->nslabs, c->layout.pages);
}
