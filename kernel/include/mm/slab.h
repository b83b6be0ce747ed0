/*
 * Slab caches: fixed-size objects carved out of runs of pages, one cache per
 * object type. Caches are also the back end of kmalloc's size classes.
 *
 * Debug builds (AETHER_HARDENED=0, the default dev build) keep an allocation
 * record (requested size, caller) before each object and a redzone after it,
 * poison freed objects with KHEAP_POISON_FREE and check the poison when the
 * object is handed out again. Every build detects double and invalid frees.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <stddef.h>

struct kmem_cache;

/* A cache of objects of `size` bytes aligned to `align` (a power of two <= 4096). NULL on error. */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);
/* Frees the cache and its slabs; -EBUSY (reported) while objects are still live. */
int kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c);
void *kmem_cache_zalloc(struct kmem_cache *c);
/* Frees an object; a pointer that is not a live object of c is reported. */
void kmem_cache_free(struct kmem_cache *c, void *obj);

size_t kmem_cache_live(const struct kmem_cache *c);
size_t kmem_cache_slabs(const struct kmem_cache *c);
/* Returns the empty slabs of every cache to the frame allocator; returns frames freed. */
size_t kmem_shrink_all(void);
/* Live objects over all caches (kmalloc included). */
size_t kmem_live_objects(void);
/* One line per cache: name, object size, live objects, slabs. */
void kmem_print_caches(void);

#endif
