/*
 * The memory manager's lock: a spinlock taken with interrupts disabled, so the
 * allocators may be called from interrupt handlers. Until SMP arrives the spin
 * never waits; the interrupt masking is what matters today.
 */
#ifndef MM_MM_LOCK_H
#define MM_MM_LOCK_H

#include <stdint.h>

#include "arch/cpu.h"

struct mm_lock {
	int locked;
};

static inline uint64_t mm_lock_acquire(struct mm_lock *l)
{
	uint64_t flags = read_rflags();
	irq_disable();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
	return flags;
}

static inline void mm_lock_release(struct mm_lock *l, uint64_t flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	if (flags & RFLAGS_IF)
		irq_enable();
}

#endif
