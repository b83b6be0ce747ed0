/*
 * Page faults. A fault from ring 3 goes to the process layer through
 * vm_user_fault_hook (the processes issue fills it in; it returns true when it
 * handled the fault, e.g. by killing the process). A fault in kernel mode that
 * no test catch expects is a kernel bug: the handler prints the cause, the
 * registers, the page-table walk for the faulting address and a backtrace, then
 * halts through panic().
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/trap.h"

struct vm_fault_info {
	uint64_t addr;	/* CR2 */
	uint64_t error; /* PF_* bits */
	bool present;	/* protection violation (else: nothing mapped) */
	bool write;
	bool fetch;
	bool user_mode;
};

extern bool (*vm_user_fault_hook)(struct trap_frame *f, const struct vm_fault_info *info);

void vm_fault_init(void);
/* Prints the four table entries used to translate va in the current space. */
void vm_dump_walk(uint64_t va);
/* A one-line cause for a kernel-mode fault ("SMAP violation: ..."). */
const char *vm_fault_cause(const struct vm_fault_info *info);

#endif
