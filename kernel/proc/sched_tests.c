/* Scheduler self-tests: preemption, sleeping, wakeup, FPU state, no leaks. */
#include <stdint.h>

#include "kernel/ktest.h"
#include "kernel/time.h"
#include "mm/pmm.h"
#include "proc/sched.h"

static volatile uint64_t spin_count[2];
static volatile bool spin_stop;

static void spin(void *arg)
{
	int i = (int)(uintptr_t)arg;
	while (!spin_stop)
		spin_count[i]++;
}

KTEST(sched, preemption_two_busy_loops)
{
	spin_stop = false;
	spin_count[0] = spin_count[1] = 0;
	struct thread *a = thread_create("spin0", spin, (void *)0, false);
	struct thread *b = thread_create("spin1", spin, (void *)1, false);
	if (!a || !b)
		return ktest_fail("thread_create failed");
	/* Neither loop ever yields: only the timer can share the CPU. */
	uint64_t switches = sched_context_switches();
	sched_sleep_ns(300000000);
	spin_stop = true;
	thread_join(a);
	thread_join(b);
	if (spin_count[0] == 0 || spin_count[1] == 0)
		return ktest_fail("counts %lu and %lu: a busy thread never ran", spin_count[0],
				  spin_count[1]);
	if (sched_context_switches() - switches < 10)
		return ktest_fail("only %lu context switches in 300 ms",
				  sched_context_switches() - switches);
	return NULL;
}

KTEST(sched, sleep_duration)
{
	uint64_t t0 = time_now_ns();
	sched_sleep_ns(50000000);
	uint64_t dt = time_now_ns() - t0;
	if (dt < 50000000 || dt > 1000000000)
		return ktest_fail("slept %lu ns for a 50 ms request", dt);
	return NULL;
}

static volatile int handoff;

static void waker(void *arg)
{
	(void)arg;
	sched_sleep_ns(20000000);
	handoff = 1;
	sched_wakeup((const void *)&handoff);
}

KTEST(sched, block_and_wakeup)
{
	handoff = 0;
	struct thread *t = thread_create("waker", waker, NULL, false);
	if (!t)
		return ktest_fail("thread_create failed");
	uint64_t f = sched_lock();
	while (!handoff)
		sched_block((const void *)&handoff);
	sched_unlock(f);
	thread_join(t);
	return handoff == 1 ? NULL : "woke without the condition";
}

static int exit_with(void *arg)
{
	return (int)(uintptr_t)arg;
}

static void exit_thread(void *arg)
{
	thread_exit(exit_with(arg));
}

KTEST(sched, create_join_returns_frames)
{
	size_t before = pmm_free_count();
	for (int i = 0; i < 100; i++) {
		struct thread *t = thread_create("short", exit_thread, (void *)(uintptr_t)i, false);
		if (!t)
			return ktest_fail("thread_create failed at %d", i);
		int code = thread_join(t);
		if (code != i)
			return ktest_fail("exit code %d, want %d", code, i);
	}
	size_t after = pmm_free_count();
	if (after != before)
		return ktest_fail("%zu free frames before, %zu after", before, after);
	return NULL;
}

/* Each thread keeps its own value in xmm0 across many preemptions. */
static volatile int fpu_errors;

static void fpu_worker(void *arg)
{
	uint64_t mine = (uint64_t)(uintptr_t)arg * 0x0101010101010101ull;
	uint64_t deadline = time_now_ns() + 200000000;
	while (time_now_ns() < deadline) {
		uint64_t back;
		/* xmm0 cannot be named as a clobber under -mgeneral-regs-only; the
		 * kernel itself never uses SSE, so nothing else holds it. */
		__asm__ volatile("movq %0, %%xmm0" : : "r"(mine));
		for (volatile int spin = 0; spin < 20000; spin++)
			;
		__asm__ volatile("movq %%xmm0, %0" : "=r"(back));
		if (back != mine)
			fpu_errors++;
	}
}

KTEST(sched, fpu_state_preserved)
{
	fpu_errors = 0;
	struct thread *a = thread_create("fpu1", fpu_worker, (void *)1, true);
	struct thread *b = thread_create("fpu2", fpu_worker, (void *)2, true);
	if (!a || !b)
		return ktest_fail("thread_create failed");
	thread_join(a);
	thread_join(b);
	return fpu_errors ? ktest_fail("%d xmm0 values lost across switches", fpu_errors) : NULL;
}

/* A new FPU thread starts with MXCSR_DEFAULT even when the creating thread runs
 * with another rounding mode (translated VELA-F code relies on it). */
static volatile uint32_t fpu_thread_mxcsr;

static void mxcsr_worker(void *arg)
{
	(void)arg;
	uint32_t v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	fpu_thread_mxcsr = v;
}

KTEST(sched, fpu_thread_starts_with_default_mxcsr)
{
	uint32_t saved, odd = MXCSR_DEFAULT | 0x6000u; /* round toward zero */
	__asm__ volatile("stmxcsr %0" : "=m"(saved));
	__asm__ volatile("ldmxcsr %0" : : "m"(odd));
	fpu_thread_mxcsr = 0;
	struct thread *t = thread_create("mxcsr", mxcsr_worker, NULL, true);
	if (t)
		thread_join(t);
	__asm__ volatile("ldmxcsr %0" : : "m"(saved));
	if (!t)
		return ktest_fail("thread_create failed");
	if (fpu_thread_mxcsr != MXCSR_DEFAULT)
		return ktest_fail("MXCSR 0x%x, want 0x%x", fpu_thread_mxcsr, MXCSR_DEFAULT);
	return NULL;
}
