/* Address-space self-tests: create/destroy returns every frame, isolation, PCID, SMEP/SMAP. */
#include <stddef.h>

#include "arch/cpu.h"
#include "arch/pte.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "mm/pmm.h"
#include "mm/tests/mm_test.h"
#include "mm/uaccess.h"
#include "mm/vm.h"

#define ASPACE_LOOPS 200

/* Scattered user addresses, so each needs its own PDPT, PD and PT. */
static const uint64_t spread_va[] = {0x400000ull, 0x0000123456789000ull, 0x00007FFFFFFFE000ull};

KTEST(mm, aspace_create_destroy_returns_frames)
{
	size_t before = pmm_free_count();
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	for (int i = 0; i < ASPACE_LOOPS; i++) {
		struct aspace *as = aspace_create();
		if (!as)
			return ktest_fail("aspace_create failed at iteration %d", i);
		for (size_t k = 0; k < sizeof(spread_va) / sizeof(spread_va[0]); k++) {
			int r = vm_map(as, spread_va[k], pa, PAGE_SIZE, VM_USER | VM_WRITE);
			if (r)
				return ktest_fail("vm_map %#lx: %d", spread_va[k], r);
		}
		if (aspace_table_frames(as) != 9)
			return ktest_fail("%zu table frames for three scattered pages, want 9",
					  aspace_table_frames(as));
		int r = aspace_destroy(as);
		if (r)
			return ktest_fail("aspace_destroy: %d", r);
	}
	pmm_free_frame(pa);
	if (pmm_free_count() != before)
		return ktest_fail("%ld frames lost over %d create/destroy cycles",
				  (long)(before - pmm_free_count()), ASPACE_LOOPS);
	return NULL;
}

KTEST(mm, aspace_destroy_refuses_current_and_kernel)
{
	if (aspace_destroy(aspace_kernel()) != -EBUSY)
		return ktest_fail("the kernel space could be destroyed");
	if (aspace_destroy(aspace_current()) != -EBUSY)
		return ktest_fail("the current space could be destroyed");
	return NULL;
}

static uint64_t user_read(uint64_t va)
{
	user_access_begin();
	uint64_t v = *(volatile uint64_t *)va;
	user_access_end();
	return v;
}

/*
 * Two spaces map the same user address to different frames. Switching between
 * them (with PCID: keeping TLB entries) must always show the right frame, also
 * after a space was changed while it was not current.
 */
KTEST(mm, aspace_switch_isolation_and_pcid)
{
	const uint64_t va = MM_TEST_USER_VA;
	uint64_t f[3];
	for (int i = 0; i < 3; i++) {
		f[i] = pmm_alloc_frame();
		if (f[i] == PMM_NO_FRAME)
			return ktest_fail("no frame");
		*(volatile uint64_t *)phys_to_virt(f[i]) =
		    0x1111111111111111ull * (uint64_t)(i + 1);
	}
	struct aspace *a = aspace_create(), *b = aspace_create();
	const char *err = NULL;
	if (!a || !b)
		return ktest_fail("aspace_create failed");
	if (vm_map(a, va, f[0], PAGE_SIZE, VM_USER) || vm_map(b, va, f[1], PAGE_SIZE, VM_USER))
		return ktest_fail("vm_map failed");
	bool pcid = vm_cpu_features()->pcid;
	if (pcid &&
	    (aspace_pcid(a) == 0 || aspace_pcid(b) == 0 || aspace_pcid(a) == aspace_pcid(b)))
		err = ktest_fail("PCIDs %u and %u", aspace_pcid(a), aspace_pcid(b));
	if (!err && pcid && !(read_cr4() & CR4_PCIDE))
		err = ktest_fail("the CPU has PCID but CR4.PCIDE is off");
	uint64_t irq = mm_test_irq_off();
	for (int round = 0; !err && round < 3; round++) {
		aspace_switch(a);
		if (pcid && (read_cr3() & CR3_PCID_MASK) != aspace_pcid(a))
			err = ktest_fail("CR3 PCID %lu, want %u",
					 (uint64_t)(read_cr3() & CR3_PCID_MASK), aspace_pcid(a));
		else if (user_read(va) != 0x1111111111111111ull)
			err = ktest_fail("space A reads %#lx", user_read(va));
		aspace_switch(b);
		if (!err && user_read(va) != 0x2222222222222222ull)
			err = ktest_fail("space B reads %#lx (stale TLB from A?)", user_read(va));
	}
	/* B is current: change A behind its back, then come back to A. */
	if (!err && (vm_unmap(a, va, PAGE_SIZE) || vm_map(a, va, f[2], PAGE_SIZE, VM_USER)))
		err = ktest_fail("remapping A failed");
	if (!err) {
		aspace_switch(a);
		if (user_read(va) != 0x3333333333333333ull)
			err = ktest_fail("A reads %#lx after it was remapped while not current",
					 user_read(va));
	}
	aspace_switch(aspace_kernel());
	mm_test_irq_restore(irq);
	if (aspace_destroy(a) || aspace_destroy(b))
		err = err ? err : ktest_fail("aspace_destroy failed");
	for (int i = 0; i < 3; i++)
		pmm_free_frame(f[i]);
	return err;
}

/* With SMAP the kernel cannot read a user page outside user_access_begin/end. */
KTEST(mm, smap_blocks_stray_user_access)
{
	if (!vm_cpu_features()->smap) {
		kprintf("mm: no SMAP on this CPU; check skipped\n");
		return NULL;
	}
	if (!(read_cr4() & CR4_SMAP))
		return ktest_fail("the CPU has SMAP but CR4.SMAP is off");
	uint64_t pa = pmm_alloc_frame();
	struct aspace *as = aspace_create();
	if (pa == PMM_NO_FRAME || !as || vm_map(as, MM_TEST_USER_VA, pa, PAGE_SIZE, VM_USER))
		return ktest_fail("setup failed");
	uint64_t irq = mm_test_irq_off();
	aspace_switch(as);
	struct trap_catch_result res;
	bool faulted = mm_probe_faults(PROBE_READ, MM_TEST_USER_VA, &res);
	aspace_switch(aspace_kernel());
	mm_test_irq_restore(irq);
	aspace_destroy(as);
	pmm_free_frame(pa);
	if (!faulted)
		return ktest_fail("the kernel read a user page with SMAP on");
	if (!(res.error & PF_PRESENT) || (res.error & PF_USER))
		return ktest_fail("fault error %#lx, want a kernel protection fault", res.error);
	return NULL;
}

/* With SMEP the kernel cannot execute a user page, even an executable one. */
KTEST(mm, smep_blocks_user_code)
{
	if (!vm_cpu_features()->smep) {
		kprintf("mm: no SMEP on this CPU; check skipped\n");
		return NULL;
	}
	uint64_t pa = pmm_alloc_frame();
	struct aspace *as = aspace_create();
	if (pa == PMM_NO_FRAME || !as)
		return ktest_fail("setup failed");
	*(volatile uint8_t *)phys_to_virt(pa) = 0xC3; /* ret */
	if (vm_map(as, MM_TEST_USER_VA, pa, PAGE_SIZE, VM_USER | VM_EXEC))
		return ktest_fail("vm_map failed");
	uint64_t irq = mm_test_irq_off();
	aspace_switch(as);
	struct trap_catch_result res;
	bool faulted = mm_probe_faults(PROBE_EXEC, MM_TEST_USER_VA, &res);
	aspace_switch(aspace_kernel());
	mm_test_irq_restore(irq);
	aspace_destroy(as);
	pmm_free_frame(pa);
	if (!faulted)
		return ktest_fail("the kernel executed a user page with SMEP on");
	if (!(res.error & PF_FETCH))
		return ktest_fail("fault error %#lx, want an instruction fetch", res.error);
	return NULL;
}
