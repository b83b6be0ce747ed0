/* The page-fault handler (see mm/fault.h). */
#include "mm/fault.h"

#include "arch/cpu.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "vm_internal.h"

#define NULL_PAGE_LIMIT 0x10000 /* faults below 64 KiB are reported as NULL dereferences */

extern char boot_stack_bottom[];

bool (*vm_user_fault_hook)(struct trap_frame *f, const struct vm_fault_info *info);

static const char *const level_names[PT_LEVELS + 1] = {"", "PTE", "PDE", "PDPTE", "PML4E"};

void vm_dump_walk(uint64_t va)
{
	if (!va_is_canonical(va)) {
		kprintf("walk %016lx: non-canonical address\n", va);
		return;
	}
	uint64_t *t = vm_table(read_cr3() & PTE_ADDR_MASK);
	kprintf("walk %016lx (CR3 %016lx):", va, read_cr3());
	for (int level = PT_LEVELS; level >= 1; level--) {
		uint64_t e = t[pt_index(va, level)];
		kprintf(" %s[%u]=%016lx", level_names[level], pt_index(va, level), e);
		if (!(e & PTE_PRESENT) || (e & PTE_HUGE) || level == 1)
			break;
		t = vm_table(e & PTE_ADDR_MASK);
	}
	kprintf("\n");
}

/* The leaf entry for va in the current space, or 0. */
static uint64_t leaf_entry(uint64_t va)
{
	if (!va_is_canonical(va))
		return 0;
	uint64_t *t = vm_table(read_cr3() & PTE_ADDR_MASK);
	for (int level = PT_LEVELS; level >= 1; level--) {
		uint64_t e = t[pt_index(va, level)];
		if (!(e & PTE_PRESENT))
			return 0;
		if (level == 1 || (e & PTE_HUGE))
			return e;
		t = vm_table(e & PTE_ADDR_MASK);
	}
	return 0;
}

const char *vm_fault_cause(const struct vm_fault_info *info)
{
	uint64_t guard = (uint64_t)boot_stack_bottom - PAGE_SIZE;
	if (info->addr >= guard && info->addr < (uint64_t)boot_stack_bottom)
		return "kernel stack overflow (guard page below the boot stack)";
	if (info->error & PF_RSVD)
		return "reserved bit set in a page-table entry (corrupt tables)";
	if (!info->present)
		return info->addr < NULL_PAGE_LIMIT ? "NULL pointer dereference"
						    : "access to an unmapped address";
	uint64_t leaf = leaf_entry(info->addr);
	bool user_page = leaf & PTE_USER;
	if (!info->user_mode && user_page && info->fetch)
		return "SMEP violation: the kernel tried to execute a user page";
	if (!info->user_mode && user_page)
		return "SMAP violation: kernel access to a user page outside user_access_begin()";
	if (info->fetch)
		return "execution of a non-executable (NX) page";
	if (info->write)
		return "write to a read-only page";
	if (info->user_mode && !user_page)
		return "user access to a kernel page";
	return "protection violation";
}

static void page_fault(struct trap_frame *f)
{
	struct vm_fault_info info = {
	    .addr = read_cr2(),
	    .error = f->error,
	    .present = f->error & PF_PRESENT,
	    .write = f->error & PF_WRITE,
	    .fetch = f->error & PF_FETCH,
	    .user_mode = (f->cs & 3) == 3,
	};
	if (info.user_mode) {
		if (vm_user_fault_hook && vm_user_fault_hook(f, &info))
			return;
		if (trap_user_fault_hook && trap_user_fault_hook(f))
			return;
	}
	kprintf("\n*** KERNEL EXCEPTION ***\n");
	kprintf("page fault at %#lx: %s%s\n", info.addr, vm_fault_cause(&info),
		info.user_mode ? " (user mode, and no process layer took it)" : "");
	trap_dump_frame(f);
	vm_dump_walk(info.addr);
	panic("unhandled page fault at %#lx (rip %#lx)", info.addr, f->rip);
}

void vm_fault_init(void)
{
	trap_set_handler(VEC_PAGE_FAULT, page_fault);
}
