/* Sandbox access and demand paging (see proc/sandbox.h). */
#include "proc/sandbox.h"

#include <string.h>

#include "abi/syscall.h"
#include "kernel/layout.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "proc/process.h"

bool sandbox_range_ok(const struct process *p, uint64_t addr, uint64_t len)
{
	return addr <= p->mem_size && len <= p->mem_size - addr;
}

int sandbox_fault_in(struct process *p, uint64_t addr)
{
	if (addr >= p->mem_size)
		return -AE_EFAULT;
	uint64_t va = PROC_SANDBOX_BASE + (addr & ~(uint64_t)(PAGE_SIZE - 1));
	uint64_t pa;
	unsigned flags;
	if (vm_query(p->as, va, &pa, &flags) == 0)
		return 0;
	uint64_t frame = pmm_alloc_frame();
	if (frame == PMM_NO_FRAME)
		return -AE_ENOMEM;
	memset(phys_to_virt(frame), 0, PAGE_SIZE);
	if (vm_map(p->as, va, frame, PAGE_SIZE, VM_USER | VM_WRITE) != 0) {
		pmm_free_frame(frame);
		return -AE_ENOMEM;
	}
	return 0;
}

/*
 * Copies between a kernel buffer and the sandbox page by page through the
 * direct map (the process's address space need not be the current one, and
 * SMAP never comes into play). Pages are faulted in on the way.
 */
static int sandbox_copy(struct process *p, uint64_t addr, void *kbuf, size_t len, bool out)
{
	if (!sandbox_range_ok(p, addr, len))
		return -AE_EFAULT;
	uint8_t *k = kbuf;
	while (len) {
		int rc = sandbox_fault_in(p, addr);
		if (rc)
			return rc;
		uint64_t pa;
		unsigned flags;
		uint64_t va = PROC_SANDBOX_BASE + (addr & ~(uint64_t)(PAGE_SIZE - 1));
		if (vm_query(p->as, va, &pa, &flags) != 0)
			return -AE_EFAULT;
		size_t in_page = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
		size_t n = len < in_page ? len : in_page;
		uint8_t *page = (uint8_t *)phys_to_virt(pa) + (addr & (PAGE_SIZE - 1));
		if (out)
			memcpy(page, k, n);
		else
			memcpy(k, page, n);
		k += n;
		addr += n;
		len -= n;
	}
	return 0;
}

int sandbox_copy_in(struct process *p, void *dst, uint64_t addr, size_t len)
{
	return sandbox_copy(p, addr, dst, len, false);
}

int sandbox_copy_out(struct process *p, uint64_t addr, const void *src, size_t len)
{
	return sandbox_copy(p, addr, (void *)src, len, true);
}

long sandbox_copy_string(struct process *p, uint64_t addr, char *dst, size_t cap)
{
	for (size_t i = 0; i < cap; i++) {
		if (addr > p->mem_size - 1 || i > p->mem_size - 1 - addr)
			return -AE_EFAULT;
		char c;
		int rc = sandbox_copy_in(p, &c, addr + i, 1);
		if (rc)
			return rc;
		dst[i] = c;
		if (c == '\0')
			return (long)i;
	}
	dst[cap - 1] = '\0';
	return -AE_ENAMETOOLONG;
}

void sandbox_release(struct process *p)
{
	for (uint64_t off = 0; off < p->mem_size; off += PAGE_SIZE) {
		uint64_t pa;
		unsigned flags;
		if (vm_query(p->as, PROC_SANDBOX_BASE + off, &pa, &flags) == 0)
			pmm_free_frame(pa);
	}
	vm_unmap(p->as, PROC_SANDBOX_BASE, p->mem_size);
}
