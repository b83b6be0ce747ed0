/* Helpers shared by the mm self-tests (suite "mm"). */
#ifndef MM_TESTS_MM_TEST_H
#define MM_TESTS_MM_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h"
#include "arch/trap.h"
#include "mm/vm.h"

/* Kernel-half test window, inside the dynamic-mapping area (nothing else uses it yet). */
#define MM_TEST_VA	(VM_KERNEL_DYN_BASE + 0x40000000ull)
#define MM_TEST_USER_VA 0x0000000040000000ull

enum mm_probe { PROBE_READ, PROBE_WRITE, PROBE_EXEC };

/*
 * Reads, writes or calls `addr` with a page-fault catch armed. Returns true if
 * a #PF was caught (details in *res), false if the access went through.
 */
bool mm_probe_faults(enum mm_probe kind, uint64_t addr, struct trap_catch_result *res);

/*
 * Interrupts off while a test runs in an address space of its own (the
 * scheduler would switch back to the thread's space on the next tick) or holds
 * every free frame (another thread must not see the shortage).
 */
static inline uint64_t mm_test_irq_off(void)
{
	uint64_t flags = read_rflags();
	irq_disable();
	return flags;
}

static inline void mm_test_irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		irq_enable();
}

/* xorshift64*: the tests' deterministic pseudo-random numbers. */
static inline uint64_t mm_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Dull;
}

#endif
