/*
 * kernel/tty/console_lock.h (kernel only; lib/tty has no locks).
 * A small spinlock for console state (TTY line discipline, VGA screen), taken
 * with interrupts disabled so an interrupt handler on the same CPU cannot
 * re-enter the guarded code. On one CPU the spin never waits.
 */
#ifndef TTY_CONSOLE_LOCK_H
#define TTY_CONSOLE_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h"

struct console_lock {
	int locked;
};

/* Disables interrupts and takes the lock; returns the previous RFLAGS. */
static inline uint64_t console_lock_acquire(struct console_lock *l)
{
	uint64_t flags = read_rflags();
	irq_disable();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		cpu_pause();
	return flags;
}

/*
 * Like console_lock_acquire but gives up after `spins` attempts and returns
 * false (interrupts stay disabled): for output paths that a panic must still
 * be able to use while another CPU, or the interrupted code, holds the lock.
 */
static inline bool console_lock_try(struct console_lock *l, unsigned spins, uint64_t *flags)
{
	*flags = read_rflags();
	irq_disable();
	for (unsigned i = 0; i < spins; i++) {
		if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
			return true;
		cpu_pause();
	}
	return false;
}

/* Releases the lock; interrupts stay as they are. */
static inline void console_lock_release(struct console_lock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline void console_irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		irq_enable();
}

#endif
