/*
 * The kernel's access to a process's sandbox. A sandbox address is an offset
 * into [0, mem_size); every range is checked without overflow, then the pages
 * are faulted in (sandbox pages are allocated on first touch, zero-filled) and
 * copied through the kernel's direct map of the frames behind them, so the
 * process's address space need not be the current one.
 * All functions return 0 or a negative AE_* errno.
 */
#ifndef PROC_SANDBOX_H
#define PROC_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct process;

/* addr + len <= mem_size, computed without overflow. */
bool sandbox_range_ok(const struct process *p, uint64_t addr, uint64_t len);
int sandbox_copy_in(struct process *p, void *dst, uint64_t addr, size_t len);
int sandbox_copy_out(struct process *p, uint64_t addr, const void *src, size_t len);
/* Copies a NUL-terminated string of at most cap - 1 bytes; -AE_ENAMETOOLONG when
 * no NUL comes first, -AE_EFAULT when the string leaves the sandbox. Returns its length. */
long sandbox_copy_string(struct process *p, uint64_t addr, char *dst, size_t cap);

/* Maps a zero page at the sandbox page containing addr (demand paging).
 * Returns 0, -AE_EFAULT outside the sandbox, -AE_ENOMEM. */
int sandbox_fault_in(struct process *p, uint64_t addr);
/* Frees every sandbox page. */
void sandbox_release(struct process *p);

#endif
