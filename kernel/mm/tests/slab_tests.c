/* Slab cache self-tests. */
#include <stddef.h>
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/layout.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/slab.h"
#include "mm/tests/mm_test.h"

#define SLAB_TEST_OBJS 1000

struct test_obj {
	uint64_t id;
	uint64_t check;
	uint8_t body[56];
};

static struct test_obj *objs[SLAB_TEST_OBJS];

KTEST(mm, slab_alloc_free_aligned_objects)
{
	kmem_shrink_all();
	size_t frames = pmm_free_count();
	struct kmem_cache *c = kmem_cache_create("test-obj", sizeof(struct test_obj), 64);
	if (!c)
		return ktest_fail("kmem_cache_create failed");
	for (int i = 0; i < SLAB_TEST_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c);
		if (!objs[i])
			return ktest_fail("allocation %d failed", i);
		if ((uint64_t)objs[i] % 64)
			return ktest_fail("object %p is not 64-byte aligned", (void *)objs[i]);
		objs[i]->id = (uint64_t)i;
		objs[i]->check = ~(uint64_t)i;
		memset(objs[i]->body, i & 0xFF, sizeof(objs[i]->body));
	}
	if (kmem_cache_live(c) != SLAB_TEST_OBJS)
		return ktest_fail("%zu live, want %d", kmem_cache_live(c), SLAB_TEST_OBJS);
	for (int i = 0; i < SLAB_TEST_OBJS; i++) {
		if (objs[i]->id != (uint64_t)i || objs[i]->check != ~(uint64_t)i ||
		    objs[i]->body[55] != (i & 0xFF))
			return ktest_fail("object %d was overwritten (overlap?)", i);
	}
	/* Free the odd ones, allocate them again: the holes are reused. */
	size_t slabs = kmem_cache_slabs(c);
	for (int i = 1; i < SLAB_TEST_OBJS; i += 2)
		kmem_cache_free(c, objs[i]);
	for (int i = 1; i < SLAB_TEST_OBJS; i += 2)
		objs[i] = kmem_cache_zalloc(c);
	if (kmem_cache_slabs(c) != slabs)
		return ktest_fail("refilling holes grew the cache from %zu to %zu slabs", slabs,
				  kmem_cache_slabs(c));
	if (objs[1]->id != 0 || objs[1]->body[0] != 0)
		return ktest_fail("kmem_cache_zalloc returned dirty memory");
	for (int i = 0; i < SLAB_TEST_OBJS; i++)
		kmem_cache_free(c, objs[i]);
	if (kmem_cache_live(c) != 0 || kmem_cache_slabs(c) > 1)
		return ktest_fail("%zu live, %zu slabs after freeing everything",
				  kmem_cache_live(c), kmem_cache_slabs(c));
	if (kmem_cache_destroy(c) != 0)
		return ktest_fail("kmem_cache_destroy failed");
	kmem_shrink_all();
	if (pmm_free_count() != frames)
		return ktest_fail("%ld frames not returned", (long)(frames - pmm_free_count()));
	return NULL;
}

KTEST(mm, slab_destroy_with_live_objects_refused)
{
	struct kmem_cache *c = kmem_cache_create("test-live", 24, 8);
	if (!c)
		return ktest_fail("kmem_cache_create failed");
	void *o = kmem_cache_alloc(c);
	if (!o || kmem_cache_destroy(c) == 0)
		return ktest_fail("a cache with a live object was destroyed");
	kmem_cache_free(c, o);
	if (kmem_cache_destroy(c) != 0)
		return ktest_fail("the empty cache could not be destroyed");
	return NULL;
}

static struct kmem_cache *wrong_a, *wrong_b;
static void *wrong_obj;

static void free_to_wrong_cache(void)
{
	kmem_cache_free(wrong_b, wrong_obj);
}

KTEST(mm, slab_free_to_wrong_cache_reported)
{
	wrong_a = kmem_cache_create("test-a", 32, 16);
	wrong_b = kmem_cache_create("test-b", 32, 16);
	if (!wrong_a || !wrong_b)
		return ktest_fail("kmem_cache_create failed");
	wrong_obj = kmem_cache_alloc(wrong_a);
	size_t errors = kheap_error_count();
	kheap_expect_errors(true);
	free_to_wrong_cache();
	kheap_expect_errors(false);
	const char *err = NULL;
	if (kheap_error_count() != errors + 1)
		err = ktest_fail("freeing to the wrong cache was not reported");
	kmem_cache_free(wrong_a, wrong_obj);
	if (kmem_cache_destroy(wrong_a) || kmem_cache_destroy(wrong_b))
		err = err ? err : ktest_fail("kmem_cache_destroy failed");
	return err;
}

KTEST(mm, slab_bad_parameters_refused)
{
	if (kmem_cache_create("bad", 0, 8) || kmem_cache_create("bad", 64, 3) ||
	    kmem_cache_create("bad", 64, 8192) || kmem_cache_create("bad", 1 << 20, 16))
		return ktest_fail("a cache with impossible parameters was created");
	return NULL;
}
