/* kmalloc self-tests: sizes and alignment, realloc, a 100,000-operation stress, error reports. */
#include <stddef.h>
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/tests/mm_test.h"

#define STRESS_OPS   100000
#define STRESS_SLOTS 512

static bool contains(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++) {
		if (strncmp(s, word, n) == 0)
			return true;
	}
	return false;
}

KTEST(mm, kmalloc_sizes_and_alignment)
{
	static const size_t sizes[] = {0, 1, 15, 16, 17, 100, 512, 2047, 2048, 2049, 4096, 10000};
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = kmalloc(sizes[i]);
		if (!p[i])
			return ktest_fail("kmalloc(%zu) failed", sizes[i]);
		if ((uint64_t)p[i] % KMALLOC_MIN_ALIGN)
			return ktest_fail("kmalloc(%zu) = %p is not 16-byte aligned", sizes[i],
					  p[i]);
		if (kmalloc_usable_size(p[i]) < sizes[i])
			return ktest_fail("usable size %zu < %zu", kmalloc_usable_size(p[i]),
					  sizes[i]);
		memset(p[i], 0x11, sizes[i]);
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		kfree(p[i]);
	static const size_t aligns[] = {32, 64, 256, 4096};
	for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		void *q = kmalloc_aligned(100, aligns[i]);
		if (!q || (uint64_t)q % aligns[i])
			return ktest_fail("kmalloc_aligned(100, %zu) = %p", aligns[i], q);
		kfree(q);
	}
	if (kmalloc_aligned(16, 8192) || kmalloc_aligned(16, 48))
		return ktest_fail("an unsupported alignment was accepted");
	if (kmalloc((size_t)1 << 46))
		return ktest_fail("a 64 TiB request succeeded");
	kfree(NULL);
	return NULL;
}

KTEST(mm, kzalloc_and_krealloc_keep_contents)
{
	uint8_t *p = kzalloc(300);
	if (!p)
		return ktest_fail("kzalloc failed");
	for (int i = 0; i < 300; i++) {
		if (p[i])
			return ktest_fail("kzalloc byte %d is %#x", i, p[i]);
		p[i] = (uint8_t)i;
	}
	static const size_t steps[] = {400, 5000, 20000, 64, 3000, 10};
	size_t have = 300;
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		uint8_t *n = krealloc(p, steps[s]);
		if (!n)
			return ktest_fail("krealloc to %zu failed", steps[s]);
		size_t keep = have < steps[s] ? have : steps[s];
		for (size_t i = 0; i < keep; i++) {
			if (n[i] != (uint8_t)i)
				return ktest_fail("byte %zu lost when resizing to %zu", i,
						  steps[s]);
		}
		for (size_t i = keep; i < steps[s]; i++)
			n[i] = (uint8_t)i;
		p = n;
		have = steps[s];
	}
	if (krealloc(p, 0) != NULL)
		return ktest_fail("krealloc(p, 0) did not free");
	void *q = krealloc(NULL, 50);
	if (!q)
		return ktest_fail("krealloc(NULL, 50) failed");
	kfree(q);
	return NULL;
}

struct stress_slot {
	uint8_t *p;
	size_t size;
	uint64_t seed;
};

static void fill(uint8_t *p, size_t n, uint64_t seed)
{
	uint64_t s = seed | 1;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v = mm_rand(&s);
		size_t k = n - i < 8 ? n - i : 8;
		memcpy(p + i, &v, k);
	}
}

static bool intact(const uint8_t *p, size_t n, uint64_t seed)
{
	uint64_t s = seed | 1;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v = mm_rand(&s);
		size_t k = n - i < 8 ? n - i : 8;
		if (memcmp(p + i, &v, k) != 0)
			return false;
	}
	return true;
}

/* Mostly small blocks, some page-sized, a few large. */
static size_t stress_size(uint64_t *rng)
{
	uint64_t r = mm_rand(rng);
	unsigned pick = (unsigned)(r % 100);
	if (pick < 80)
		return 1 + (size_t)(r >> 8) % 512;
	if (pick < 97)
		return 1 + (size_t)(r >> 8) % 4096;
	return 4096 + (size_t)(r >> 8) % 28672;
}

static struct stress_slot slots[STRESS_SLOTS];

KTEST(mm, heap_stress_100k_checksummed)
{
	uint64_t rng = 0x9E3779B97F4A7C15ull;
	size_t live_before = kheap_live_objects();
	const char *err = NULL;
	size_t allocs = 0, frees = 0, reallocs = 0;
	for (int op = 0; op < STRESS_OPS && !err; op++) {
		struct stress_slot *s = &slots[mm_rand(&rng) % STRESS_SLOTS];
		unsigned kind = (unsigned)(mm_rand(&rng) % 3);
		if (!s->p) {
			s->size = stress_size(&rng);
			s->seed = mm_rand(&rng);
			s->p = kmalloc(s->size);
			if (!s->p) {
				err = ktest_fail("op %d: kmalloc(%zu) failed", op, s->size);
				break;
			}
			fill(s->p, s->size, s->seed);
			allocs++;
		} else if (!intact(s->p, s->size, s->seed)) {
			err = ktest_fail("op %d: block %p of %zu bytes was corrupted", op, s->p,
					 s->size);
		} else if (kind == 0) {
			size_t n = stress_size(&rng);
			uint8_t *q = krealloc(s->p, n);
			if (!q) {
				err = ktest_fail("op %d: krealloc to %zu failed", op, n);
				break;
			}
			size_t keep = n < s->size ? n : s->size;
			if (!intact(q, keep, s->seed))
				err = ktest_fail("op %d: krealloc %zu -> %zu lost data", op,
						 s->size, n);
			s->p = q;
			s->size = n;
			s->seed = mm_rand(&rng);
			fill(s->p, s->size, s->seed);
			reallocs++;
		} else {
			kfree(s->p);
			s->p = NULL;
			frees++;
		}
	}
	for (int i = 0; i < STRESS_SLOTS; i++) {
		if (slots[i].p && !err && !intact(slots[i].p, slots[i].size, slots[i].seed))
			err = ktest_fail("block %d corrupted at the end", i);
		kfree(slots[i].p);
		slots[i].p = NULL;
	}
	if (!err && kheap_live_objects() != live_before)
		err = ktest_fail("%zu live objects after the stress, %zu before",
				 kheap_live_objects(), live_before);
	if (!err)
		kprintf("mm: heap stress: %zu allocs, %zu reallocs, %zu frees\n", allocs, reallocs,
			frees);
	return err;
}

/* Runs `misuse` with report-and-continue on and checks that one report naming `want` came out. */
static const char *expect_report(void (*misuse)(void), const char *want)
{
	size_t errors = kheap_error_count();
	kheap_expect_errors(true);
	misuse();
	kheap_expect_errors(false);
	if (kheap_error_count() != errors + 1)
		return ktest_fail("%zu heap errors reported, want 1 (%s)",
				  kheap_error_count() - errors, want);
	if (!contains(kheap_last_error(), want))
		return ktest_fail("report '%s' does not mention '%s'", kheap_last_error(), want);
	return NULL;
}

static void double_free(void)
{
	void *p = kmalloc(40);
	kfree(p);
	kfree(p);
}

static void foreign_free(void)
{
	static uint64_t not_heap[4];
	kfree(not_heap);
}

static void interior_free(void)
{
	uint8_t *p = kmalloc(100);
	kfree(p + 16);
	kfree(p);
}

static void interior_large_free(void)
{
	uint8_t *p = kmalloc(9000);
	kfree(p + 4096);
	kfree(p);
}

static void overflow(void)
{
	uint8_t *p = kmalloc(40);
	p[40] = 0; /* one byte past the end: lands in the redzone */
	kfree(p);  /* reported, and the object is kept out of circulation... */
	p[40] = KHEAP_REDZONE;
	kfree(p); /* ...until the damage is repaired */
}

static void underflow(void)
{
	uint8_t *p = kmalloc(64);
	uint8_t saved = p[-1];
	p[-1] = 0;
	kfree(p);
	p[-1] = saved;
	kfree(p);
}

static void large_overflow(void)
{
	uint8_t *p = kmalloc(5000);
	p[5000] = 0;
	kfree(p);
	p[5000] = KHEAP_REDZONE;
	kfree(p);
}

static void use_after_free(void)
{
	volatile uint8_t *p = kmalloc(200);
	kfree((void *)p);
	p[7] = 1;		/* write after free */
	void *q = kmalloc(200); /* LIFO: the same slot comes back and its poison is checked */
	kfree(q);
}

KTEST(mm, heap_double_free_reported)
{
	return expect_report(double_free, "double free");
}

KTEST(mm, heap_invalid_frees_reported)
{
	const char *err = expect_report(foreign_free, "never returned");
	if (!err)
		err = expect_report(interior_free, "not the start");
	if (!err)
		err = expect_report(interior_large_free, "inside the 9000-byte allocation");
	return err;
}

KTEST(mm, heap_overflow_underflow_reported)
{
	if (!KHEAP_DEBUG) {
		kprintf("mm: hardened build: no redzones; check skipped\n");
		return NULL;
	}
	const char *err = expect_report(overflow, "buffer overflow: kmalloc-64 object");
	if (!err && !contains(kheap_last_error(), "of 40 bytes"))
		err = ktest_fail("the report does not give the size: %s", kheap_last_error());
	if (!err && !contains(kheap_last_error(), "offset 40"))
		err = ktest_fail("the report does not give the offset: %s", kheap_last_error());
	if (!err)
		err = expect_report(underflow, "buffer underflow");
	if (!err)
		err = expect_report(large_overflow, "5000-byte allocation");
	return err;
}

KTEST(mm, heap_use_after_free_detected)
{
	if (!KHEAP_DEBUG) {
		kprintf("mm: hardened build: no poisoning; check skipped\n");
		return NULL;
	}
	const char *err = expect_report(use_after_free, "use after free");
	if (!err && !contains(kheap_last_error(), "offset 7"))
		err = ktest_fail("the report does not give the offset: %s", kheap_last_error());
	return err;
}
