/* Frame allocator self-tests, including an out-of-memory run over every free frame. */
#include <stddef.h>

#include "kernel/bootinfo.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/layout.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/tests/mm_test.h"
#include "mm/vm.h"

#define DMA32_LIMIT 0x100000000ull

KTEST(mm, frames_reserved_at_boot)
{
	if (pmm_frame_is_free(0) || pmm_frame_is_free(0x9000))
		return ktest_fail("low memory is not reserved");
	if (pmm_frame_is_free(KERNEL_LOAD_PHYS))
		return ktest_fail("the kernel image at %#x is free", KERNEL_LOAD_PHYS);
	uint64_t bss_last = virt_to_phys_image(&boot_info) & ~(uint64_t)(PAGE_SIZE - 1);
	if (pmm_frame_is_free(bss_last))
		return ktest_fail("kernel data frame %#lx is free", bss_last);
	for (int i = 0; i < boot_info.module_count; i++) {
		if (pmm_frame_is_free(boot_info.modules[i].start))
			return ktest_fail("module %d at %#lx is free", i,
					  boot_info.modules[i].start);
	}
	for (int i = 0; i < boot_info.loader_range_count; i++) {
		if (pmm_frame_is_free(boot_info.loader_ranges[i].start))
			return ktest_fail("loader data at %#lx is free",
					  boot_info.loader_ranges[i].start);
	}
	struct pmm_stats st;
	pmm_get_stats(&st);
	if (st.free_frames == 0 || st.free_frames > st.managed_frames)
		return ktest_fail("free %zu of %zu managed frames", st.free_frames,
				  st.managed_frames);
	return NULL;
}

/*
 * Takes every free frame (chained through their first word), checks that
 * everything that needs memory now fails cleanly, then gives them all back.
 */
KTEST(mm, frames_alloc_all_then_free_all)
{
	uint64_t irq = mm_test_irq_off();
	size_t before = pmm_free_count();
	uint64_t head = PMM_NO_FRAME;
	size_t got = 0;
	uint64_t misaligned = 0;
	for (;;) {
		uint64_t pa = pmm_alloc_frame();
		if (pa == PMM_NO_FRAME)
			break;
		if (pa % PAGE_SIZE)
			misaligned = pa;
		*(uint64_t *)phys_to_virt(pa & ~(uint64_t)(PAGE_SIZE - 1)) = head;
		head = pa;
		got++;
	}
	const char *err = NULL;
	if (misaligned)
		err = ktest_fail("frame %#lx is not aligned", misaligned);
	else if (got != before)
		err =
		    ktest_fail("allocated %zu frames, the counter said %zu were free", got, before);
	else if (pmm_free_count() != 0)
		err = ktest_fail("%zu frames still counted free", pmm_free_count());
	else if (pmm_alloc_frames(1, 1, PMM_ANY_ADDRESS) != PMM_NO_FRAME)
		err = ktest_fail("a run was allocated with no free frame");

	/* Out of memory: every consumer fails and changes nothing. */
	void *big = err ? NULL : kmalloc(64 * 1024);
	if (!err && big)
		err = ktest_fail("kmalloc(64 KiB) succeeded with no free frame");
	int r = err ? 0 : vm_map(aspace_kernel(), MM_TEST_VA, 0x200000, PAGE_SIZE, 0);
	if (!err && r != -ENOMEM)
		err = ktest_fail("vm_map needing new tables returned %d, want -ENOMEM", r);
	if (!err && vm_query(aspace_kernel(), MM_TEST_VA, NULL, NULL) != -ENOENT)
		err = ktest_fail("a failed vm_map left a mapping behind");
	if (!err && aspace_create() != NULL)
		err = ktest_fail("aspace_create succeeded with no free frame");

	size_t freed = 0;
	while (head != PMM_NO_FRAME) {
		uint64_t next = *(uint64_t *)phys_to_virt(head);
		if (pmm_free_frame(head) != 0 && !err)
			err = ktest_fail("freeing frame %#lx failed", head);
		head = next;
		freed++;
	}
	mm_test_irq_restore(irq);
	if (err)
		return err;
	if (freed != got || pmm_free_count() != before)
		return ktest_fail("freed %zu of %zu; free count %zu, was %zu", freed, got,
				  pmm_free_count(), before);
	return NULL;
}

KTEST(mm, frames_contiguous_aligned_run)
{
	size_t before = pmm_free_count();
	const size_t count = 16, align = 16;
	uint64_t pa = pmm_alloc_frames(count, align, DMA32_LIMIT);
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no run of %zu frames below 4 GiB", count);
	if (pa % (align * PAGE_SIZE) || pa + count * PAGE_SIZE > DMA32_LIMIT)
		return ktest_fail("run at %#lx breaks the alignment or the 4 GiB limit", pa);
	for (size_t i = 0; i < count; i++) {
		if (pmm_frame_is_free(pa + i * PAGE_SIZE))
			return ktest_fail("frame %zu of the run is still free", i);
	}
	if (pmm_free_count() != before - count)
		return ktest_fail("free count dropped by %zu, want %zu", before - pmm_free_count(),
				  count);
	if (pmm_alloc_frames(0, 1, PMM_ANY_ADDRESS) != PMM_NO_FRAME ||
	    pmm_alloc_frames(2, 3, PMM_ANY_ADDRESS) != PMM_NO_FRAME)
		return ktest_fail("a zero-length run or a non-power-of-two alignment was accepted");
	if (pmm_free_frames(pa, count) != 0 || pmm_free_count() != before)
		return ktest_fail("the run did not go back");
	return NULL;
}

KTEST(mm, frames_bad_free_reported)
{
	struct pmm_stats st;
	pmm_get_stats(&st);
	size_t bad = st.bad_frees;
	size_t before = pmm_free_count();
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	if (pmm_free_frame(pa) != 0)
		return ktest_fail("a good free failed");
	if (pmm_free_frame(pa) != -EINVAL)
		return ktest_fail("a double free was accepted");
	if (pmm_free_frame(KERNEL_LOAD_PHYS) != -EINVAL)
		return ktest_fail("freeing the kernel image was accepted");
	if (pmm_free_frame(pa + 8) != -EINVAL)
		return ktest_fail("a misaligned free was accepted");
	if (pmm_free_frame(1ull << 50) != -EINVAL)
		return ktest_fail("a free beyond memory was accepted");
	pmm_get_stats(&st);
	if (st.bad_frees != bad + 4)
		return ktest_fail("bad-free counter moved by %zu, want 4", st.bad_frees - bad);
	if (pmm_free_count() != before)
		return ktest_fail("bad frees changed the free count");
	return NULL;
}
