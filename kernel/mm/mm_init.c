/*
 * Memory-manager start-up (frame allocator, kernel page tables, fault handler,
 * heap), the meminfo counters, and the leak-check counters the self-test runner
 * compares before and after the whole run.
 */
#include "kernel/bootinfo.h"
#include "kernel/init.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/monitor.h"
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

/* Parses a hexadecimal address with or without 0x; false on anything else. */
static bool parse_hex(const char *s, uint64_t *out)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	uint64_t v = 0;
	int digits = 0;
	for (; *s; s++, digits++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (digits == 16)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return digits > 0;
}

MONITOR_COMMAND(vmwalk, "vmwalk ADDR: page-table entries that translate a virtual address")
{
	uint64_t va;
	if (argc != 2 || !parse_hex(argv[1], &va)) {
		kprintf("usage: vmwalk ADDRESS (hexadecimal)\n");
		return -1;
	}
	vm_dump_walk(va);
	uint64_t pa;
	unsigned f;
	if (vm_query(aspace_current(), va, &pa, &f) == 0)
		kprintf("-> phys %#lx, %s%s%s%s\n", pa, f & VM_WRITE ? "RW" : "R",
			f & VM_EXEC ? "X" : " NX", f & VM_USER ? " user" : " kernel",
			f & VM_LARGE ? " 2MiB" : "");
	else
		kprintf("-> not mapped\n");
	return 0;
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
