/* Host unit tests of the portable allocator logic: bitmaps, size classes, slab layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "alloc/bitmap.h"
#include "alloc/size_class.h"

#define NBITS 1000

static void test_bitmap_set_clear_count(void **state)
{
	(void)state;
	uint64_t w[bitmap_words(NBITS)];
	memset(w, 0, sizeof(w));
	bitmap_set_range(w, 3, 130);
	assert_int_equal(bitmap_count_set(w, 0, NBITS), 130);
	assert_false(bitmap_test(w, 2));
	assert_true(bitmap_test(w, 3));
	assert_true(bitmap_test(w, 132));
	assert_false(bitmap_test(w, 133));
	bitmap_clear_range(w, 64, 64);
	assert_int_equal(bitmap_count_set(w, 0, NBITS), 66);
	assert_int_equal(bitmap_count_set(w, 60, 10), 4);
	bitmap_set(w, 999);
	assert_true(bitmap_test(w, 999));
	bitmap_clear(w, 999);
	assert_false(bitmap_test(w, 999));
}

static void test_bitmap_find_clear_and_set(void **state)
{
	(void)state;
	uint64_t w[bitmap_words(NBITS)];
	memset(w, 0, sizeof(w));
	bitmap_set_range(w, 0, 200);
	assert_int_equal(bitmap_find_clear(w, NBITS, 0), 200);
	assert_int_equal(bitmap_find_clear(w, NBITS, 500), 500);
	bitmap_set_range(w, 200, NBITS - 200);
	assert_int_equal(bitmap_find_clear(w, NBITS, 0), BITMAP_NONE);
	/* Bits past nbits in the last word are never reported. */
	memset(w, 0, sizeof(w));
	bitmap_set_range(w, 0, NBITS);
	assert_int_equal(bitmap_find_clear(w, NBITS, 990), BITMAP_NONE);
	memset(w, 0, sizeof(w));
	assert_int_equal(bitmap_find_set(w, 0, NBITS), NBITS);
	bitmap_set(w, 777);
	assert_int_equal(bitmap_find_set(w, 10, NBITS), 777);
	assert_int_equal(bitmap_find_set(w, 10, 700), 700);
	assert_int_equal(bitmap_find_clear(w, NBITS, NBITS), BITMAP_NONE);
}

static void test_bitmap_runs(void **state)
{
	(void)state;
	uint64_t w[bitmap_words(NBITS)];
	memset(w, 0, sizeof(w));
	bitmap_set(w, 5);
	bitmap_set(w, 40);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 5, 1), 0);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 6, 1), 6);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 40, 1), 41);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 16, 16), 16);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 32, 16), 48);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, NBITS, 1), BITMAP_NONE);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 0, 1), BITMAP_NONE);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 4, 3), BITMAP_NONE);
	/* A run that would end exactly at nbits fits; one more bit does not. */
	memset(w, 0xFF, sizeof(w));
	bitmap_clear_range(w, NBITS - 10, 10);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 10, 1), NBITS - 10);
	assert_int_equal(bitmap_find_clear_run(w, NBITS, 0, 11, 1), BITMAP_NONE);
}

/* Random maps: the run finder agrees with a bit-by-bit reference. */
static void test_bitmap_runs_random(void **state)
{
	(void)state;
	uint64_t w[bitmap_words(NBITS)];
	srand(12345);
	for (int iter = 0; iter < 2000; iter++) {
		memset(w, 0, sizeof(w));
		int density = rand() % 100;
		for (size_t b = 0; b < NBITS; b++) {
			if (rand() % 100 < density)
				bitmap_set(w, b);
		}
		size_t count = 1 + (size_t)(rand() % 40);
		size_t align = (size_t)1 << (rand() % 5);
		size_t from = (size_t)(rand() % NBITS);
		size_t want = BITMAP_NONE;
		for (size_t s = (from + align - 1) / align * align; s + count <= NBITS;
		     s += align) {
			size_t k = 0;
			while (k < count && !bitmap_test(w, s + k))
				k++;
			if (k == count) {
				want = s;
				break;
			}
		}
		assert_int_equal(bitmap_find_clear_run(w, NBITS, from, count, align), want);
	}
}

static void test_size_classes(void **state)
{
	(void)state;
	assert_int_equal(size_class_index(0), 0);
	assert_int_equal(size_class_index(1), 0);
	assert_int_equal(size_class_index(16), 0);
	assert_int_equal(size_class_index(17), 1);
	assert_int_equal(size_class_index(32), 1);
	assert_int_equal(size_class_index(33), 2);
	assert_int_equal(size_class_index(2048), SIZE_CLASS_COUNT - 1);
	assert_int_equal(size_class_index(2049), SIZE_CLASS_NONE);
	for (size_t n = 1; n <= SIZE_CLASS_MAX; n++) {
		int c = size_class_index(n);
		assert_true(size_class_size(c) >= n);
		if (c > 0)
			assert_true(size_class_size(c - 1) < n);
	}
	assert_int_equal(size_class_size(-1), 0);
	assert_int_equal(size_class_size(SIZE_CLASS_COUNT), 0);
}

static struct slab_params params(size_t size, size_t align, size_t red)
{
	return (struct slab_params){
	    .obj_size = size,
	    .align = align,
	    .left_redzone = red,
	    .right_redzone = red,
	    .header_fixed = 64,
	    .per_obj_meta = 3,
	    .page_size = 4096,
	    .max_pages = 8,
	    .min_objs = 8,
	    .max_objs = 65535,
	};
}

/* Every slot lies inside the slab, after the header, aligned, without overlap. */
static void check_layout(const struct slab_params *p, const struct slab_layout *l)
{
	size_t bytes = l->pages * p->page_size;
	assert_true(l->objs >= 1);
	assert_true(l->first_slot >= p->header_fixed + l->objs * p->per_obj_meta);
	assert_true(l->first_slot + l->objs * l->slot_size <= bytes);
	assert_int_equal(l->first_slot % p->align, 0);
	assert_int_equal(l->slot_size % p->align, 0);
	assert_int_equal(l->obj_offset % p->align, 0);
	assert_true(l->obj_offset >= p->left_redzone);
	assert_true(l->obj_offset + p->obj_size + p->right_redzone <= l->slot_size);
}

static void test_slab_layouts(void **state)
{
	(void)state;
	struct slab_layout l;
	for (size_t size = 1; size <= 4000; size += 7) {
		for (size_t align = 1; align <= 256; align *= 2) {
			for (size_t red = 0; red <= 16; red += 16) {
				struct slab_params p = params(size, align, red);
				if (slab_layout_compute(&p, &l) == 0)
					check_layout(&p, &l);
				else
					assert_true(size + 2 * red + 64 > 8 * 4096 / 1);
			}
		}
	}
	struct slab_params p = params(16, 16, 0);
	assert_int_equal(slab_layout_compute(&p, &l), 0);
	assert_int_equal(l.pages, 1);
	assert_true(l.objs >= 200);
	p = params(2048, 16, 16);
	assert_int_equal(slab_layout_compute(&p, &l), 0);
	assert_true(l.objs >= 8);
	p = params(1 << 20, 16, 0);
	assert_int_equal(slab_layout_compute(&p, &l), -1);
	p = params(64, 3, 0);
	assert_int_equal(slab_layout_compute(&p, &l), -1);
	p = params(0, 16, 0);
	assert_int_equal(slab_layout_compute(&p, &l), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bitmap_set_clear_count),
	    cmocka_unit_test(test_bitmap_find_clear_and_set),
	    cmocka_unit_test(test_bitmap_runs),
	    cmocka_unit_test(test_bitmap_runs_random),
	    cmocka_unit_test(test_size_classes),
	    cmocka_unit_test(test_slab_layouts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
