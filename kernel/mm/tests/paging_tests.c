/* Paging self-tests: map/unmap/protect, NX, W^X, large pages, the kernel's own tables. */
#include <stddef.h>
#include <string.h>

#include "arch/cpu.h"
#include "arch/pte.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/layout.h"
#include "mm/pmm.h"
#include "mm/tests/mm_test.h"
#include "mm/vm.h"

#define X86_MOV_EAX_IMM32 0xB8
#define X86_RET		  0xC3
#define PROBE_WRITE_BYTE  0x5A

extern char _text_start[], _rodata_start[], _data_start[];

static volatile uint64_t probe_addr;

static void probe_read(void)
{
	(void)*(volatile uint8_t *)probe_addr;
}

static void probe_write(void)
{
	*(volatile uint8_t *)probe_addr = PROBE_WRITE_BYTE;
}

static void probe_exec(void)
{
	((void (*)(void))probe_addr)();
}

bool mm_probe_faults(enum mm_probe kind, uint64_t addr, struct trap_catch_result *res)
{
	struct kjmp_buf jb;
	probe_addr = addr;
	if (kset_jmp(&jb) == 0) {
		trap_catch_arm(VEC_PAGE_FAULT, &jb, res);
		if (kind == PROBE_READ)
			probe_read();
		else if (kind == PROBE_WRITE)
			probe_write();
		else
			probe_exec();
		trap_catch_disarm();
		return false;
	}
	return true;
}

static struct aspace *kas(void)
{
	return aspace_kernel();
}

KTEST(mm, map_write_read_alias_unmap_fault)
{
	size_t before = pmm_free_count();
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	int r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, VM_WRITE);
	if (r)
		return ktest_fail("vm_map: %d", r);
	volatile uint64_t *v = (volatile uint64_t *)MM_TEST_VA;
	for (int i = 0; i < 512; i++)
		v[i] = 0xA5A5000000000000ull + (uint64_t)i;
	const uint64_t *alias = phys_to_virt(pa);
	for (int i = 0; i < 512; i++) {
		if (alias[i] != 0xA5A5000000000000ull + (uint64_t)i)
			return ktest_fail("direct-map alias word %d is %#lx", i, alias[i]);
	}
	uint64_t qpa;
	unsigned qf;
	if (vm_query(kas(), MM_TEST_VA + 123, &qpa, &qf) || qpa != pa + 123 || qf != VM_WRITE)
		return ktest_fail("vm_query gave pa %#lx flags %#x", qpa, qf);
	if ((r = vm_unmap(kas(), MM_TEST_VA, PAGE_SIZE)))
		return ktest_fail("vm_unmap: %d", r);
	struct trap_catch_result res;
	if (!mm_probe_faults(PROBE_READ, MM_TEST_VA + 8, &res))
		return ktest_fail("reading the unmapped page did not fault");
	if (res.cr2 != MM_TEST_VA + 8 || (res.error & PF_PRESENT))
		return ktest_fail("fault at %#lx error %#lx", res.cr2, res.error);
	pmm_free_frame(pa);
	if (pmm_free_count() != before)
		return ktest_fail("%ld frames not returned (tables?)",
				  (long)(before - pmm_free_count()));
	return NULL;
}

KTEST(mm, nx_page_does_not_execute)
{
	if (!vm_cpu_features()->nx)
		return NULL; /* no NX on this CPU: nothing to enforce */
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	int r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, VM_WRITE);
	if (r)
		return ktest_fail("vm_map: %d", r);
	*(volatile uint8_t *)MM_TEST_VA = X86_RET;
	struct trap_catch_result res;
	bool faulted = mm_probe_faults(PROBE_EXEC, MM_TEST_VA, &res);
	vm_unmap(kas(), MM_TEST_VA, PAGE_SIZE);
	pmm_free_frame(pa);
	if (!faulted)
		return ktest_fail("code ran from an NX page");
	if (!(res.error & PF_FETCH) || !(res.error & PF_PRESENT) || res.cr2 != MM_TEST_VA)
		return ktest_fail("fault error %#lx cr2 %#lx, want an instruction fetch", res.error,
				  res.cr2);
	return NULL;
}

KTEST(mm, wx_mapping_refused)
{
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	const char *err = NULL;
	unsigned f = 0;
	int r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, VM_WRITE | VM_EXEC);
	if (r != -EACCES)
		err = ktest_fail("vm_map(W|X) returned %d, want -EACCES", r);
	else if (vm_query(kas(), MM_TEST_VA, NULL, NULL) != -ENOENT)
		err = ktest_fail("the refused W|X request left a mapping");
	else if ((r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, VM_WRITE)))
		err = ktest_fail("vm_map(W): %d", r);
	else if ((r = vm_protect(kas(), MM_TEST_VA, PAGE_SIZE, VM_WRITE | VM_EXEC)) != -EACCES)
		err = ktest_fail("vm_protect(W|X) returned %d, want -EACCES", r);
	else if (vm_query(kas(), MM_TEST_VA, NULL, &f) || f != VM_WRITE)
		err = ktest_fail("the refused protect changed the flags to %#x", f);
	vm_unmap(kas(), MM_TEST_VA, PAGE_SIZE);
	pmm_free_frame(pa);
	return err;
}

/* Writes `mov eax, 42; ret` while writable, then flips permissions and probes each state. */
KTEST(mm, protect_honoured_after_flush)
{
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	const char *err = NULL;
	struct trap_catch_result res;
	int r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, VM_WRITE);
	if (r)
		return ktest_fail("vm_map: %d", r);
	static const uint8_t code[] = {X86_MOV_EAX_IMM32, 42, 0, 0, 0, X86_RET};
	memcpy((void *)MM_TEST_VA, code, sizeof(code));
	if ((r = vm_protect(kas(), MM_TEST_VA, PAGE_SIZE, 0)))
		err = ktest_fail("protect(R): %d", r);
	else if (!mm_probe_faults(PROBE_WRITE, MM_TEST_VA + 100, &res))
		err = ktest_fail("a write to the page made read-only went through (stale TLB?)");
	else if (!(res.error & PF_WRITE) || !(res.error & PF_PRESENT))
		err = ktest_fail("write fault error %#lx", res.error);
	else if ((r = vm_protect(kas(), MM_TEST_VA, PAGE_SIZE, VM_EXEC)))
		err = ktest_fail("protect(RX): %d", r);
	else if (((int (*)(void))MM_TEST_VA)() != 42)
		err = ktest_fail("the code written earlier did not run after protect(RX)");
	else if (!mm_probe_faults(PROBE_WRITE, MM_TEST_VA + 100, &res))
		err = ktest_fail("an RX page was writable");
	else if ((r = vm_protect(kas(), MM_TEST_VA, PAGE_SIZE, VM_WRITE)))
		err = ktest_fail("protect(RW): %d", r);
	else if (mm_probe_faults(PROBE_WRITE, MM_TEST_VA + 100, &res))
		err = ktest_fail("the page made writable again still faults");
	else if (vm_cpu_features()->nx && !mm_probe_faults(PROBE_EXEC, MM_TEST_VA, &res))
		err = ktest_fail("the page made RW is still executable (stale TLB?)");
	vm_unmap(kas(), MM_TEST_VA, PAGE_SIZE);
	pmm_free_frame(pa);
	return err;
}

KTEST(mm, large_pages_split_on_partial_unmap)
{
	const size_t frames = 2 * LARGE_PAGE_SIZE / PAGE_SIZE;
	size_t before = pmm_free_count();
	uint64_t pa = pmm_alloc_frames(frames, LARGE_PAGE_SIZE / PAGE_SIZE, PMM_ANY_ADDRESS);
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no 4 MiB run");
	const char *err = NULL;
	uint64_t hole = MM_TEST_VA + LARGE_PAGE_SIZE + 5 * PAGE_SIZE;
	uint64_t qpa = 0;
	unsigned f = 0;
	struct trap_catch_result res;
	int r = vm_map(kas(), MM_TEST_VA, pa, 2 * LARGE_PAGE_SIZE, VM_WRITE | VM_LARGE);
	if (r)
		err = ktest_fail("vm_map: %d", r);
	else if (vm_query(kas(), MM_TEST_VA + 4096, &qpa, &f) || !(f & VM_LARGE) ||
		 qpa != pa + 4096)
		err = ktest_fail("not mapped with a 2 MiB page (flags %#x pa %#lx)", f, qpa);
	else if ((r = vm_unmap(kas(), hole, PAGE_SIZE)))
		err = ktest_fail("partial unmap: %d", r);
	else if (!mm_probe_faults(PROBE_READ, hole, &res))
		err = ktest_fail("the page unmapped from inside a 2 MiB page is still readable");
	else if (vm_query(kas(), hole + PAGE_SIZE, &qpa, &f) || (f & VM_LARGE) ||
		 qpa != pa + LARGE_PAGE_SIZE + 6 * PAGE_SIZE)
		err = ktest_fail("neighbour after the split: pa %#lx flags %#x", qpa, f);
	else if (mm_probe_faults(PROBE_WRITE, hole - PAGE_SIZE, &res))
		err = ktest_fail("the neighbour below the hole faults");
	else if (vm_query(kas(), MM_TEST_VA, &qpa, &f) || !(f & VM_LARGE))
		err = ktest_fail("the other 2 MiB page was split too");
	vm_unmap(kas(), MM_TEST_VA, 2 * LARGE_PAGE_SIZE);
	pmm_free_frames(pa, frames);
	if (!err && pmm_free_count() != before)
		err = ktest_fail("%ld frames (tables) not returned",
				 (long)(before - pmm_free_count()));
	return err;
}

KTEST(mm, map_argument_errors)
{
	uint64_t pa = pmm_alloc_frame();
	if (pa == PMM_NO_FRAME)
		return ktest_fail("no frame");
	const char *err = NULL;
	int r;
	if ((r = vm_map(kas(), MM_TEST_VA + 1, pa, PAGE_SIZE, 0)) != -EINVAL)
		err = ktest_fail("misaligned va: %d", r);
	else if ((r = vm_map(kas(), MM_TEST_VA, pa, 100, 0)) != -EINVAL)
		err = ktest_fail("size not a page multiple: %d", r);
	else if ((r = vm_map(kas(), 0x0000800000000000ull, pa, PAGE_SIZE, 0)) != -EINVAL)
		err = ktest_fail("non-canonical va: %d", r);
	else if ((r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, VM_USER)) != -EINVAL)
		err = ktest_fail("a user page in the kernel half: %d", r);
	else if ((r = vm_map(kas(), 0x00007FFFFFFFF000ull, pa, 2 * PAGE_SIZE, VM_USER)) != -EINVAL)
		err = ktest_fail("a range straddling the halves: %d", r);
	else if ((r = vm_protect(kas(), MM_TEST_VA, PAGE_SIZE, 0)) != -ENOENT)
		err = ktest_fail("protect of a hole: %d", r);
	else if ((r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, 0)))
		err = ktest_fail("vm_map: %d", r);
	else if ((r = vm_map(kas(), MM_TEST_VA, pa, PAGE_SIZE, 0)) != -EEXIST)
		err = ktest_fail("mapping over a mapping: %d", r);
	vm_unmap(kas(), MM_TEST_VA, PAGE_SIZE);
	pmm_free_frame(pa);
	return err;
}

KTEST(mm, kernel_image_permissions)
{
	unsigned f;
	if (vm_query(kas(), (uint64_t)_text_start, NULL, &f) || f != VM_EXEC)
		return ktest_fail("text flags %#x, want RX", f);
	if (vm_query(kas(), (uint64_t)_rodata_start, NULL, &f) || (f & (VM_WRITE | VM_EXEC)))
		return ktest_fail("rodata flags %#x, want R", f);
	if (vm_query(kas(), (uint64_t)_data_start, NULL, &f) || f != VM_WRITE)
		return ktest_fail("data flags %#x, want RW", f);
	uint64_t dm = (uint64_t)phys_to_virt(0x200000);
	if (vm_query(kas(), dm, NULL, &f) || (f & VM_EXEC) || !(f & VM_WRITE))
		return ktest_fail("direct map flags %#x, want RW NX", f);
	if (vm_query(kas(), KERNEL_LOAD_PHYS, NULL, NULL) != -ENOENT)
		return ktest_fail("the boot identity map is still there");
	if (!(read_cr4() & CR4_PGE) && vm_cpu_features()->pge)
		return ktest_fail("CR4.PGE is off");
	struct trap_catch_result res;
	if (!mm_probe_faults(PROBE_WRITE, (uint64_t)_text_start + 64, &res))
		return ktest_fail("kernel text is writable");
	if (!mm_probe_faults(PROBE_WRITE, (uint64_t)_rodata_start, &res))
		return ktest_fail("kernel rodata is writable");
	if (vm_cpu_features()->nx && !mm_probe_faults(PROBE_EXEC, dm, &res))
		return ktest_fail("the direct map is executable");
	if (!mm_probe_faults(PROBE_READ, 0x1000, &res))
		return ktest_fail("low memory is readable at its identity address");
	return NULL;
}

KTEST(mm, direct_map_covers_all_ram)
{
	struct pmm_stats st;
	pmm_get_stats(&st);
	uint64_t last = st.top_phys - PAGE_SIZE;
	uint64_t pa;
	if (vm_query(kas(), (uint64_t)phys_to_virt(last), &pa, NULL) || pa != last)
		return ktest_fail("the last usable frame %#lx is not in the direct map", last);
	struct trap_catch_result res;
	if (mm_probe_faults(PROBE_READ, (uint64_t)phys_to_virt(last), &res))
		return ktest_fail("reading the last usable frame faults");
	return NULL;
}
