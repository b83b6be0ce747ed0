/*
 * Memory-manager start-up (frame allocator, kernel page tables, fault handler,
 * heap), the meminfo counters, and the leak-check counters the self-test runner
 * compares before and after the whole run.
 */
#include "kernel/bootinfo.h"
#include "kernel/init.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "mm/fault.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/slab.h"
#include "mm/vm.h"

extern void (*meminfo_extra_hook)(void);

static void meminfo_print(void)
{
	struct pmm_stats st;
	pmm_get_stats(&st);
	const struct vm_features *f = vm_cpu_features();
	kprintf("frames: %zu managed (%zu MiB), %zu free, %zu used; bad frees %zu\n",
		st.managed_frames, st.managed_frames * PAGE_SIZE >> 20, st.free_frames,
		st.managed_frames - st.free_frames, st.bad_frees);
	kprintf("paging: NX %s, PGE %s, PCID %s, SMEP %s, SMAP %s; heap debugging %s\n",
		f->nx ? "on" : "off", f->pge ? "on" : "off", f->pcid ? "on" : "off",
		f->smep ? "on" : "off", f->smap ? "on" : "off", KHEAP_DEBUG ? "on" : "off");
	kprintf("heap: %zu live objects\n", kheap_live_objects());
	kmem_print_caches();
}

/* Empty slabs are a cache, not a leak: release them before counting free frames. */
static size_t leak_free_frames(void)
{
	kmem_shrink_all();
	return pmm_free_count();
}

static const struct ktest_counter frames_counter = {"free_frames", leak_free_frames};
static const struct ktest_counter heap_counter = {"heap_live_objects", kheap_live_objects};

static void mm_init(void)
{
	pmm_init(&boot_info);
	vm_init();
	vm_fault_init();
	kheap_init();
	meminfo_extra_hook = meminfo_print;
	ktest_register_counter(&frames_counter);
	ktest_register_counter(&heap_counter);
}
INITCALL(INIT_MEMORY, mm_init);
