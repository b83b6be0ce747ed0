/*
 * Threads and the scheduler: preemptive round robin on the local APIC timer
 * (SCHED_HZ), one run queue, sleeping with a deadline and blocking on a wait
 * channel. Single CPU for now: the scheduler's state is protected by disabling
 * interrupts (sched_lock/sched_unlock); SMP will put a spinlock beside it.
 *
 * A thread's control block sits at the bottom of its kernel stack allocation
 * (THREAD_STACK_FRAMES contiguous frames); the stack grows down towards it.
 */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct aspace;

#define SCHED_HZ	    100
#define THREAD_STACK_FRAMES 4 /* 16 KiB: control block + kernel stack */
#define THREAD_NAME_MAX	    32
#define FXSAVE_AREA_SIZE    512
/* MXCSR every FPU thread starts with: the reset value (round to nearest even, all
 * exceptions masked, no flush-to-zero or denormals-are-zero), which translated
 * VELA-F code assumes (docs/bridge.md, VELA-F). */
#define MXCSR_DEFAULT 0x1f80u

enum thread_state {
	THREAD_RUNNABLE,
	THREAD_RUNNING,
	THREAD_SLEEPING,  /* until wake_at_ns */
	THREAD_BLOCKED,	  /* until sched_wakeup(wait_channel) */
	THREAD_ZOMBIE,	  /* exited; thread_join frees it */
	THREAD_SUSPENDED, /* created, not started: thread_resume makes it runnable */
};

struct thread {
	uint8_t fpu[FXSAVE_AREA_SIZE] __attribute__((aligned(16))); /* FXSAVE image */
	uint64_t rsp;	    /* saved kernel stack pointer while switched out */
	uint64_t stack_top; /* initial rsp; TSS.RSP0 while this thread runs user code */
	int tid;
	enum thread_state state;
	char name[THREAD_NAME_MAX];
	struct thread *run_next; /* run-queue link (guarded by sched_lock) */
	struct thread *all_next; /* list of every thread */
	uint64_t wake_at_ns;
	const void *wait_channel;
	bool uses_fpu;	  /* save/restore SSE state on switches */
	bool interrupted; /* a kill is pending: blocking calls return early */
	bool own_stack;	  /* false only for the boot thread */
	int exit_code;
	uint64_t switches; /* times scheduled in */
	void (*entry)(void *);
	void *arg;
	void *process;	   /* owning process, NULL for kernel threads */
	struct aspace *as; /* address space to run in, NULL: the kernel's */
};

void sched_init(void);
/* Creates a runnable kernel thread; NULL when out of memory. */
struct thread *thread_create(const char *name, void (*fn)(void *), void *arg, bool uses_fpu);
/*
 * Creates a kernel thread that does not run until thread_resume(t): the caller
 * can finish publishing what the thread depends on (a process's state, its
 * thread pointer) before the thread can run, and end, on a timer tick.
 */
struct thread *thread_create_suspended(const char *name, void (*fn)(void *), void *arg,
				       bool uses_fpu);
/* Makes a suspended thread runnable (nothing for any other state). */
void thread_resume(struct thread *t);
struct thread *thread_current(void);
__attribute__((noreturn)) void thread_exit(int code);
/* Waits for t to exit, frees it, returns its exit code. */
int thread_join(struct thread *t);

void sched_yield(void);
void sched_sleep_ns(uint64_t ns);
/* Blocks the current thread on channel until sched_wakeup(channel). Call with
 * the scheduler locked after checking the condition; returns unlocked state restored. */
void sched_block(const void *channel);
/* Marks t interrupted and wakes it if it sleeps or blocks. */
void sched_interrupt(struct thread *t);
/* True when the current thread was interrupted (blocking loops give up). */
bool sched_interrupted(void);

/* Blocks on channel like sched_block, but for at most ns (a lost wakeup costs
 * at most that long). */
void sched_block_timeout(const void *channel, uint64_t ns);

/* Makes every thread blocked on channel runnable; returns how many. */
int sched_wakeup(const void *channel);

/* Interrupt masking around scheduler state (nesting-safe: restores the old IF). */
uint64_t sched_lock(void);
void sched_unlock(uint64_t flags);

/* Statistics for the monitor and benchmarks. */
uint64_t sched_context_switches(void);
int sched_thread_count(void);

#endif
