/*
 * Size classes of the kernel heap and the layout of a slab. Portable so the host
 * unit tests check the arithmetic the kernel relies on.
 *
 * kmalloc serves requests of up to SIZE_CLASS_MAX bytes from one slab cache per
 * power-of-two class (16, 32, ..., 2048); larger requests take whole pages.
 */
#ifndef ALLOC_SIZE_CLASS_H
#define ALLOC_SIZE_CLASS_H

#include <stddef.h>

#define SIZE_CLASS_MIN_SHIFT 4 /* 16 bytes: the heap's minimum alignment */
#define SIZE_CLASS_MIN	     (1u << SIZE_CLASS_MIN_SHIFT)
#define SIZE_CLASS_COUNT     8
#define SIZE_CLASS_MAX	     (SIZE_CLASS_MIN << (SIZE_CLASS_COUNT - 1)) /* 2048 */
#define SIZE_CLASS_NONE	     (-1)

/* Class index for a request of `size` bytes (0 counts as 1), or SIZE_CLASS_NONE above the max. */
int size_class_index(size_t size);
/* Object size of class `index` (0 .. SIZE_CLASS_COUNT - 1). */
size_t size_class_size(int index);

/*
 * Slab layout. A slab is `pages` contiguous pages: a header (fixed part plus
 * `per_obj_meta` bytes per object), then `objs` slots of `slot_size` bytes from
 * `first_slot`. Inside a slot the object starts at `obj_offset`; in debug builds
 * the bytes before it hold the allocation record and those after it a redzone.
 */
struct slab_layout {
	size_t pages;
	size_t objs;
	size_t slot_size;
	size_t obj_offset; /* object start within its slot */
	size_t first_slot; /* first slot's offset from the slab start */
};

struct slab_params {
	size_t obj_size;      /* bytes the caller asks for */
	size_t align;	      /* power of two, >= 1, <= page_size */
	size_t left_redzone;  /* bytes before the object (0 without debugging) */
	size_t right_redzone; /* bytes after the object (0 without debugging) */
	size_t header_fixed;  /* slab header bytes */
	size_t per_obj_meta;  /* header bytes per object */
	size_t page_size;
	size_t max_pages; /* power of two */
	size_t min_objs;  /* grow the slab (up to max_pages) until it holds this many */
	size_t max_objs;  /* hard limit of the header's index type */
};

/* Returns 0 and fills *out, or -1 when the object cannot fit any allowed slab. */
int slab_layout_compute(const struct slab_params *p, struct slab_layout *out);

#endif
