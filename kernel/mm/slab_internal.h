/* Slab and heap internals shared by slab.c, heap.c and heap_debug.c. */
#ifndef MM_SLAB_INTERNAL_H
#define MM_SLAB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc/size_class.h"
#include "mm/heap.h"
#include "mm/mm_lock.h"
#include "mm/slab.h"

#define SLAB_MAGIC	0x51AB51ABu
#define SLAB_NAME_MAX	24
#define SLAB_MAX_PAGES	8
#define SLAB_MIN_OBJS	8
#define SLAB_MAX_OBJS	UINT16_MAX
#define SLAB_KEEP_EMPTY 1 /* empty slabs a cache keeps for reuse */

/* Low bits of a frame's owner word (pmm_frame_owner). */
#define OWNER_SLAB  1ul
#define OWNER_LARGE 2ul

enum obj_state { OBJ_FREE = 0, OBJ_LIVE = 1 };

/* Debug record kept in the bytes just before each object. */
struct obj_record {
	uint64_t caller; /* who allocated it (live) or freed it (free) */
	uint32_t size;	 /* requested size */
	uint32_t magic;	 /* REC_LIVE or REC_FREE; next to the object so an underflow hits it */
};
_Static_assert(sizeof(struct obj_record) == 16, "the record fills the 16-byte left redzone");
#define REC_LIVE	   0xA110CA7Eu
#define REC_FREE	   0xF4EEF4EEu
#define SLAB_LEFT_REDZONE  (KHEAP_DEBUG ? sizeof(struct obj_record) : 0)
#define SLAB_RIGHT_REDZONE (KHEAP_DEBUG ? 16 : 0)

/* Header at the start of every slab. Owned by its cache, under heap_lock. */
struct slab {
	uint32_t magic;
	uint16_t inuse;	   /* live objects */
	uint16_t free_top; /* entries on free_stack */
	struct kmem_cache *cache;
	struct slab *next, *prev; /* in the cache's partial or full list */
	uint8_t *slots;
	uint16_t *free_stack; /* indices of free slots, LIFO */
	uint8_t *state;	      /* enum obj_state per slot */
};

struct kmem_cache {
	char name[SLAB_NAME_MAX];
	size_t obj_size;
	size_t align;
	struct slab_layout layout;
	struct slab *partial; /* slabs with at least one free slot (empty ones included) */
	struct slab *full;
	size_t nslabs, nempty, live;
	struct kmem_cache *next_cache; /* registry, under heap_lock */
};

/* A large (page-level) allocation; every frame of the run points at it. */
struct large_alloc {
	uint32_t magic;
	uint32_t pages;
	size_t size;
	uint64_t caller;
	uint8_t *ptr;
};
#define LARGE_MAGIC 0x1A26E000u
#define LARGE_RED   (KHEAP_DEBUG ? 16 : 0) /* bytes of redzone a large block reserves */

extern struct mm_lock heap_lock;

int slab_cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align);
/* Allocates from c with heap_lock held; req is the requested size (<= obj_size). */
void *slab_alloc_locked(struct kmem_cache *c, size_t req, uint64_t caller);
/* Frees ptr in slab s with heap_lock held; reports bad frees. */
void slab_free_locked(struct slab *s, const void *ptr, uint64_t caller);
/* Slot index of ptr in s, or -1 (reported) if ptr is not the start of an object. */
long slab_index_of(struct slab *s, const void *ptr, uint64_t caller);
static inline uint8_t *slab_obj(const struct slab *s, size_t idx)
{
	return s->slots + idx * s->cache->layout.slot_size + s->cache->layout.obj_offset;
}
/* Resizes a live object in place if it fits; true on success. */
bool slab_resize_locked(struct slab *s, size_t idx, size_t new_size);

/* ---- debug checks and reports (heap_debug.c) ---- */
void heap_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug_obj_alloc(struct kmem_cache *c, uint8_t *obj, size_t req, uint64_t caller);
/* Checks the record and redzone of a live object; false (reported) on damage. */
bool debug_obj_check_live(struct kmem_cache *c, uint8_t *obj, uint64_t caller);
void debug_obj_free(struct kmem_cache *c, uint8_t *obj, uint64_t caller);
void debug_fill(void *p, uint8_t byte, size_t n);
/* Offset of the first byte in [p, p + n) that is not `byte`, or n. */
size_t debug_find_mismatch(const uint8_t *p, uint8_t byte, size_t n);

#endif
