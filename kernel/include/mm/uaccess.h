/*
 * Kernel access to user memory. With SMAP (CR4.SMAP) any kernel read or write of
 * a user page faults unless RFLAGS.AC is set; with SMEP the kernel can never
 * execute a user page. Code that must touch user memory (the syscall layer's
 * copy_from_user/copy_to_user) brackets the access:
 *
 *     user_access_begin();
 *     ... read or write the user range, already checked to lie below VM_USER_END ...
 *     user_access_end();
 *
 * Keep the bracket tight (no calls out of it). Without SMAP both are no-ops.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include "mm/vm.h"

static inline void user_access_begin(void)
{
	if (vm_cpu_features()->smap)
		__asm__ volatile("stac" ::: "memory", "cc");
}

static inline void user_access_end(void)
{
	if (vm_cpu_features()->smap)
		__asm__ volatile("clac" ::: "memory", "cc");
}

#endif
