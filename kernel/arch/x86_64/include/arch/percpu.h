/*
 * Per-CPU data, reached through the GS base in the kernel (swapgs on every
 * entry from ring 3). Field offsets are used by syscall_entry.S.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#define PERCPU_SELF	  0
#define PERCPU_KERNEL_RSP 8
#define PERCPU_USER_RSP	  16

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct percpu {
	struct percpu *self; /* lets C read the block with one gs-relative load */
	uint64_t kernel_rsp; /* top of the current thread's kernel stack */
	uint64_t user_rsp;   /* scratch: the user rsp at syscall entry */
	uint32_t cpu_index;
	uint32_t lapic_id;
	void *thread; /* current thread */
};

_Static_assert(offsetof(struct percpu, kernel_rsp) == PERCPU_KERNEL_RSP, "asm offset");
_Static_assert(offsetof(struct percpu, user_rsp) == PERCPU_USER_RSP, "asm offset");

void percpu_init_boot(void);
static inline struct percpu *percpu_this(void)
{
	struct percpu *p;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}
#endif

#endif
