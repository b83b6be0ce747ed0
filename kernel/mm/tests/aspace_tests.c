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

/* A user page holding `value` in its first word, for the PCID tests. */
static uint64_t pattern_frame(uint64_t value)
{
	uint64_t pa = pmm_alloc_frame();
	if (pa != PMM_NO_FRAME)
		*(volatile uint64_t *)phys_to_virt(pa) = value;
	return pa;
}

#define PCID_PATTERN_A ((uint64_t)0xA1A1A1A1A1A1A1A1)
#define PCID_PATTERN_B ((uint64_t)0xB2B2B2B2B2B2B2B2)
#define PCID_ROUNDS    4

/*
 * The PCID switch path itself: with CR4.PCIDE on, spaces A and B (same user
 * address, different frames) are switched back and forth. After the first,
 * flushing load of each, every switch must keep the TLB (CR3_NOFLUSH), CR3 must
 * carry the space's PCID, and each space must still read its own frame: A's
 * translation, kept under A's PCID, must never answer for B. Without PCID the
 * test says so and passes (aspace_switch_isolation_and_pcid covers that path);
 * only a boot with PCID prints the "PCID path taken" line that boot-kvm-pcid
 * and boot-bochs-pcid require.
 */
KTEST(mm, pcid_switch)
{
	const struct vm_features *feat = vm_cpu_features();
	if (!feat->pcid) {
		kprintf("mm: CPU offers no PCID (CPUID.01H:ECX.PCID = 0): every switch reloads CR3 "
			"and flushes; PCID path not exercised\n");
		return NULL;
	}
	if (!(read_cr4() & CR4_PCIDE))
		return ktest_fail("the CPU has PCID but CR4.PCIDE is off");
	const uint64_t va = MM_TEST_USER_VA, va_a_only = MM_TEST_USER_VA + PAGE_SIZE;
	uint64_t fa = pattern_frame(PCID_PATTERN_A), fb = pattern_frame(PCID_PATTERN_B);
	struct aspace *a = aspace_create(), *b = aspace_create();
	if (fa == PMM_NO_FRAME || fb == PMM_NO_FRAME || !a || !b)
		return ktest_fail("setup failed");
	if (vm_map(a, va, fa, PAGE_SIZE, VM_USER) || vm_map(b, va, fb, PAGE_SIZE, VM_USER) ||
	    vm_map(a, va_a_only, fa, PAGE_SIZE, VM_USER))
		return ktest_fail("vm_map failed");
	const char *err = NULL;
	struct aspace_switch_stats before, after;
	struct trap_catch_result res;
	uint64_t irq = mm_test_irq_off();
	aspace_switch_stats(&before);
	for (int round = 0; !err && round < PCID_ROUNDS; round++) {
		struct aspace *as = round % 2 ? b : a;
		uint64_t want = round % 2 ? PCID_PATTERN_B : PCID_PATTERN_A;
		aspace_switch(as);
		uint64_t cr3 = read_cr3();
		uint64_t got = user_read(va);
		if ((cr3 & CR3_PCID_MASK) != aspace_pcid(as))
			err = ktest_fail("round %d: CR3 PCID %lu, want %u", round,
					 (uint64_t)(cr3 & CR3_PCID_MASK), aspace_pcid(as));
		else if (cr3 & CR3_NOFLUSH)
			err = ktest_fail("round %d: CR3 reads back with bit 63 set", round);
		else if (got != want)
			err = ktest_fail("round %d: space %c reads %#lx, want %#lx (stale TLB?)",
					 round, round % 2 ? 'B' : 'A', got, want);
		else if (as == a && user_read(va_a_only) != PCID_PATTERN_A)
			err = ktest_fail("round %d: A's second page reads wrong", round);
	}
	/*
	 * B is current, loaded with CR3_NOFLUSH after A had used its second page:
	 * that page is not mapped in B, so the read must fault as not present (with
	 * SMAP a stale translation would fault too, but as a protection fault).
	 */
	if (!err && !mm_probe_faults(PROBE_READ, va_a_only, &res))
		err =
		    ktest_fail("space B reads A's page at %#lx (stale TLB entry of A)", va_a_only);
	else if (!err && (res.error & PF_PRESENT))
		err = ktest_fail("space B faults on A's page with error %#lx: a present "
				 "(stale) translation",
				 res.error);
	aspace_switch_stats(&after);
	aspace_switch(aspace_kernel());
	mm_test_irq_restore(irq);
	uint64_t flushes = after.pcid_flush - before.pcid_flush;
	uint64_t keeps = after.pcid_keep - before.pcid_keep;
	/* Rounds 0 and 1 load new spaces (flush); rounds 2 and 3 keep their entries. */
	if (!err && (flushes != 2 || keeps != PCID_ROUNDS - 2))
		err = ktest_fail("%lu flushing and %lu no-flush PCID switches, want 2 and %d",
				 flushes, keeps, PCID_ROUNDS - 2);
	if (!err)
		kprintf("mm: PCID path taken: CR4.PCIDE on, PCIDs %u and %u, %lu no-flush and %lu "
			"flushing switches, each space saw only its own pages\n",
			aspace_pcid(a), aspace_pcid(b), keeps, flushes);
	if (aspace_destroy(a) || aspace_destroy(b))
		err = err ? err : ktest_fail("aspace_destroy failed");
	pmm_free_frame(fa);
	pmm_free_frame(fb);
	return err;
}

/*
 * A destroyed space's TLB entries must not serve the next owner of its PCID:
 * space 1 maps frame A at a user address and reads it (the translation may now
 * sit in the TLB under space 1's PCID), goes away, space 2 gets the same PCID
 * (the lowest free one), maps frame B at the same address and must read B.
 * Without PCID the same sequence checks the plain CR3 reload.
 */
KTEST(mm, recycled_pcid_sees_no_stale_tlb)
{
	const uint64_t va = MM_TEST_USER_VA;
	bool pcid = vm_cpu_features()->pcid;
	uint64_t fa = pattern_frame(PCID_PATTERN_A), fb = pattern_frame(PCID_PATTERN_B);
	struct aspace *s1 = aspace_create();
	if (fa == PMM_NO_FRAME || fb == PMM_NO_FRAME || !s1)
		return ktest_fail("setup failed");
	if (vm_map(s1, va, fa, PAGE_SIZE, VM_USER | VM_WRITE))
		return ktest_fail("vm_map in space 1 failed");
	const char *err = NULL;
	unsigned pcid1 = aspace_pcid(s1);
	uint64_t irq = mm_test_irq_off();
	aspace_switch(s1);
	uint64_t got = user_read(va);
	aspace_switch(aspace_kernel()); /* PCID 0: flushes PCID 0 only, space 1's entries stay */
	mm_test_irq_restore(irq);
	if (got != PCID_PATTERN_A)
		err = ktest_fail("space 1 reads %#lx, want %#lx", got, PCID_PATTERN_A);
	if (aspace_destroy(s1))
		return ktest_fail("aspace_destroy of space 1 failed");
	struct aspace *s2 = aspace_create();
	if (!s2)
		return ktest_fail("aspace_create of space 2 failed");
	if (!err && pcid && aspace_pcid(s2) != pcid1)
		err = ktest_fail("space 2 got PCID %u, not space 1's %u: nothing recycled",
				 aspace_pcid(s2), pcid1);
	if (!err && vm_map(s2, va, fb, PAGE_SIZE, VM_USER | VM_WRITE))
		err = ktest_fail("vm_map in space 2 failed");
	if (!err) {
		struct aspace_switch_stats before, after;
		irq = mm_test_irq_off();
		aspace_switch_stats(&before);
		aspace_switch(s2);
		aspace_switch_stats(&after);
		got = user_read(va);
		aspace_switch(aspace_kernel());
		mm_test_irq_restore(irq);
		if (got != PCID_PATTERN_B)
			err = ktest_fail("space 2 (PCID %u) reads %#lx, want %#lx: a stale "
					 "translation of destroyed space 1 was used",
					 aspace_pcid(s2), got, PCID_PATTERN_B);
		else if (pcid && after.pcid_flush != before.pcid_flush + 1)
			err = ktest_fail("the first switch to the PCID's new owner kept the TLB");
		else if (pcid)
			kprintf("mm: PCID %u recycled from a destroyed space: its first load "
				"flushed, the new frame was read\n",
				pcid1);
	}
	if (aspace_destroy(s2))
		err = err ? err : ktest_fail("aspace_destroy of space 2 failed");
	pmm_free_frame(fa);
	pmm_free_frame(fb);
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
