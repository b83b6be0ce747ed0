/* Size classes and slab layout arithmetic (see size_class.h). */
#include "alloc/size_class.h"

int size_class_index(size_t size)
{
	if (size > SIZE_CLASS_MAX)
		return SIZE_CLASS_NONE;
	if (size <= SIZE_CLASS_MIN)
		return 0;
	/* ceil(log2(size)) - MIN_SHIFT */
	int log2_ceil = 64 - __builtin_clzll((unsigned long long)(size - 1));
	return log2_ceil - SIZE_CLASS_MIN_SHIFT;
}

size_t size_class_size(int index)
{
	if (index < 0 || index >= SIZE_CLASS_COUNT)
		return 0;
	return (size_t)SIZE_CLASS_MIN << index;
}

static size_t round_up(size_t v, size_t align)
{
	return (v + align - 1) / align * align;
}

static int is_pow2(size_t v)
{
	return v && (v & (v - 1)) == 0;
}

/* Objects that fit a slab of `pages` pages, or 0. */
static size_t fit_objects(const struct slab_params *p, size_t pages, size_t slot, size_t align)
{
	size_t bytes = pages * p->page_size;
	if (bytes <= p->header_fixed)
		return 0;
	size_t objs = (bytes - p->header_fixed) / (slot + p->per_obj_meta);
	if (objs > p->max_objs)
		objs = p->max_objs;
	/* Aligning the first slot may cost up to align - 1 bytes: give objects back until it fits.
	 */
	while (objs > 0 &&
	       round_up(p->header_fixed + objs * p->per_obj_meta, align) + objs * slot > bytes)
		objs--;
	return objs;
}

int slab_layout_compute(const struct slab_params *p, struct slab_layout *out)
{
	if (!p || !out || p->obj_size == 0 || !is_pow2(p->align) || p->align > p->page_size ||
	    !is_pow2(p->page_size) || !is_pow2(p->max_pages) || p->max_objs == 0)
		return -1;
	size_t align = p->align;
	size_t obj_offset = round_up(p->left_redzone, align);
	size_t slot = round_up(obj_offset + p->obj_size + p->right_redzone, align);
	for (size_t pages = 1; pages <= p->max_pages; pages *= 2) {
		size_t objs = fit_objects(p, pages, slot, align);
		if (objs == 0 || (objs < p->min_objs && pages < p->max_pages))
			continue;
		out->pages = pages;
		out->objs = objs;
		out->slot_size = slot;
		out->obj_offset = obj_offset;
		out->first_slot = round_up(p->header_fixed + objs * p->per_obj_meta, align);
		return 0;
	}
	return -1;
}
