/* Round-robin scheduler, threads, sleep and wait channels (see proc/sched.h). */
#include "proc/sched.h"

#include <stddef.h>
#include <string.h>

#include "arch/cpu.h"
#include "arch/gdt.h"
#include "kernel/init.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/time.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "platform/lapic.h"

#define PAGE_BYTES 4096u

void context_switch(uint64_t *save_rsp, uint64_t new_rsp);
void cpu_set_kernel_stack(uint64_t top);
void thread_entry_trampoline(void);
void thread_start(void);

static struct thread boot_thread; /* kmain's context, on the boot stack */
static struct thread *current = &boot_thread;
static struct thread *idle_thread;
static struct thread *run_head, *run_tail;
static struct thread *all_threads = &boot_thread;
static int next_tid = 1;
static uint64_t switch_count;
static bool sched_running;
static uint8_t fpu_initial[FXSAVE_AREA_SIZE] __attribute__((aligned(16)));
/* FXSAVE64 layout (Intel SDM vol. 1, table 10-2): MXCSR is the dword at byte 24 */
#define FXSAVE_MXCSR_OFFSET 24
_Static_assert(FXSAVE_MXCSR_OFFSET + 4 <= FXSAVE_AREA_SIZE, "MXCSR lies inside the FXSAVE area");

uint64_t sched_lock(void)
{
	uint64_t flags = read_rflags();
	irq_disable();
	return flags;
}

void sched_unlock(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		irq_enable();
}

struct thread *thread_current(void)
{
	return current;
}

uint64_t sched_context_switches(void)
{
	return switch_count;
}

int sched_thread_count(void)
{
	int n = 0;
	uint64_t f = sched_lock();
	for (struct thread *t = all_threads; t; t = t->all_next)
		n++;
	sched_unlock(f);
	return n;
}

static void runq_push(struct thread *t)
{
	t->run_next = NULL;
	if (run_tail)
		run_tail->run_next = t;
	else
		run_head = t;
	run_tail = t;
}

static struct thread *runq_pop(void)
{
	struct thread *t = run_head;
	if (t) {
		run_head = t->run_next;
		if (!run_head)
			run_tail = NULL;
		t->run_next = NULL;
	}
	return t;
}

static void fpu_save(struct thread *t)
{
	__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[FXSAVE_AREA_SIZE])t->fpu));
}

static void fpu_restore(struct thread *t)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[FXSAVE_AREA_SIZE])t->fpu));
}

/* Picks the next thread and switches to it. Called with interrupts disabled;
 * the caller has already set current->state (and queued it if runnable). */
static void schedule(void)
{
	struct thread *prev = current;
	struct thread *next = runq_pop();
	if (!next)
		next = prev->state == THREAD_RUNNING ? prev : idle_thread;
	if (next == prev) {
		prev->state = THREAD_RUNNING;
		return;
	}
	if (prev->uses_fpu)
		fpu_save(prev);
	if (next->uses_fpu)
		fpu_restore(next);
	next->state = THREAD_RUNNING;
	next->switches++;
	switch_count++;
	current = next;
	if (next->own_stack)
		cpu_set_kernel_stack(next->stack_top);
	if (next->as != prev->as)
		aspace_switch(next->as ? next->as : aspace_kernel());
	context_switch(&prev->rsp, next->rsp);
}

void sched_yield(void)
{
	uint64_t f = sched_lock();
	if (current != idle_thread) {
		current->state = THREAD_RUNNABLE;
		runq_push(current);
	}
	schedule();
	sched_unlock(f);
}

/* Timer tick: wake sleepers whose deadline passed, then preempt. */
static void sched_tick(void)
{
	if (!sched_running)
		return;
	uint64_t now = time_now_ns();
	for (struct thread *t = all_threads; t; t = t->all_next) {
		if (t->state == THREAD_SLEEPING && t->wake_at_ns <= now) {
			t->state = THREAD_RUNNABLE;
			runq_push(t);
		}
	}
	if (run_head) {
		if (current != idle_thread && current->state == THREAD_RUNNING) {
			current->state = THREAD_RUNNABLE;
			runq_push(current);
		}
		schedule();
	}
}

void sched_sleep_ns(uint64_t ns)
{
	uint64_t f = sched_lock();
	if (!sched_running) {
		sched_unlock(f);
		time_delay_us(ns / 1000);
		return;
	}
	current->wake_at_ns = time_now_ns() + ns;
	current->state = THREAD_SLEEPING;
	schedule();
	sched_unlock(f);
}

void sched_block(const void *channel)
{
	current->wait_channel = channel;
	current->state = THREAD_BLOCKED;
	schedule();
	current->wait_channel = NULL;
}

void sched_block_timeout(const void *channel, uint64_t ns)
{
	uint64_t f = sched_lock();
	if (!sched_running) {
		sched_unlock(f);
		return;
	}
	current->wait_channel = channel;
	current->wake_at_ns = time_now_ns() + ns;
	current->state = THREAD_SLEEPING;
	schedule();
	current->wait_channel = NULL;
	sched_unlock(f);
}

int sched_wakeup(const void *channel)
{
	uint64_t f = sched_lock();
	int n = 0;
	for (struct thread *t = all_threads; t; t = t->all_next) {
		if ((t->state == THREAD_BLOCKED || t->state == THREAD_SLEEPING) &&
		    t->wait_channel == channel) {
			t->state = THREAD_RUNNABLE;
			runq_push(t);
			n++;
		}
	}
	sched_unlock(f);
	return n;
}

void sched_interrupt(struct thread *t)
{
	uint64_t f = sched_lock();
	t->interrupted = true;
	if (t->state == THREAD_BLOCKED || t->state == THREAD_SLEEPING) {
		t->state = THREAD_RUNNABLE;
		runq_push(t);
	}
	sched_unlock(f);
}

bool sched_interrupted(void)
{
	return current->interrupted;
}

void thread_start(void)
{
	struct thread *t = current;
	irq_enable();
	t->entry(t->arg);
	thread_exit(0);
}

struct thread *thread_create_suspended(const char *name, void (*fn)(void *), void *arg,
				       bool uses_fpu)
{
	uint64_t pa = pmm_alloc_frames(THREAD_STACK_FRAMES, 1, PMM_ANY_ADDRESS);
	if (pa == PMM_NO_FRAME)
		return NULL;
	uint8_t *base = phys_to_virt(pa);
	struct thread *t = (struct thread *)base;
	memset(t, 0, sizeof(*t));
	size_t n = strnlen(name, THREAD_NAME_MAX - 1);
	memcpy(t->name, name, n);
	t->name[n] = '\0';
	t->entry = fn;
	t->arg = arg;
	t->uses_fpu = uses_fpu;
	t->own_stack = true;
	t->stack_top = (uint64_t)(base + THREAD_STACK_FRAMES * PAGE_BYTES);
	memcpy(t->fpu, fpu_initial, sizeof(fpu_initial));

	/* The frame context_switch pops: six callee-saved registers, then the return address. */
	uint64_t *sp = (uint64_t *)t->stack_top;
	*--sp = 0; /* alignment: the trampoline is entered like a called function */
	*--sp = (uint64_t)thread_entry_trampoline;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->rsp = (uint64_t)sp;

	uint64_t f = sched_lock();
	t->tid = next_tid++;
	t->all_next = all_threads;
	all_threads = t;
	t->state = THREAD_SUSPENDED;
	sched_unlock(f);
	return t;
}

void thread_resume(struct thread *t)
{
	uint64_t f = sched_lock();
	if (t->state == THREAD_SUSPENDED) {
		t->state = THREAD_RUNNABLE;
		runq_push(t);
	}
	sched_unlock(f);
}

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg, bool uses_fpu)
{
	struct thread *t = thread_create_suspended(name, fn, arg, uses_fpu);
	if (t)
		thread_resume(t);
	return t;
}

void thread_exit(int code)
{
	irq_disable();
	current->exit_code = code;
	current->state = THREAD_ZOMBIE;
	sched_wakeup(current);
	irq_disable(); /* sched_wakeup restored IF to its state on entry: still off */
	schedule();
	panic("thread %d (%s) ran after exit", current->tid, current->name);
}

int thread_join(struct thread *t)
{
	uint64_t f = sched_lock();
	while (t->state != THREAD_ZOMBIE)
		sched_block(t);
	for (struct thread **pp = &all_threads; *pp; pp = &(*pp)->all_next) {
		if (*pp == t) {
			*pp = t->all_next;
			break;
		}
	}
	sched_unlock(f);
	int code = t->exit_code;
	pmm_free_frames((uint64_t)t - DIRECT_MAP_BASE, THREAD_STACK_FRAMES);
	return code;
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		/* sti; hlt is atomic: an interrupt cannot slip in between and be missed. */
		__asm__ volatile("sti; hlt");
		sched_yield();
	}
}

static void fpu_init(void)
{
	write_cr0((read_cr0() & ~CR0_EM) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	__asm__ volatile("fxsave64 %0" : "=m"(fpu_initial));
	/* MXCSR set in the image, not inherited: firmware or a loader may have left
	 * another mode. Written into memory rather than with LDMXCSR, which the
	 * instruction emulator of some hypervisors (PVM here) cannot run with
	 * interrupts off; every thread starts from this image through FXRSTOR. */
	uint32_t mxcsr = MXCSR_DEFAULT;
	memcpy(fpu_initial + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof(mxcsr));
}

void sched_init(void)
{
	fpu_init();
	memcpy(boot_thread.name, "kmain", 6);
	boot_thread.tid = 0;
	boot_thread.state = THREAD_RUNNING;
	boot_thread.uses_fpu = false;
	idle_thread = thread_create_suspended("idle", idle_loop, NULL, false);
	if (!idle_thread)
		panic("sched: no memory for the idle thread");
	/* The idle thread never sits in the run queue: schedule() picks it only
	 * when nothing else is runnable. */
	uint64_t f = sched_lock();
	idle_thread->state = THREAD_RUNNABLE;
	sched_running = true;
	sched_unlock(f);
	lapic_timer_start(SCHED_HZ, sched_tick);
	pr_info("sched: round robin at %d Hz on the LAPIC timer\n", SCHED_HZ);
}
INITCALL(INIT_SERVICES, sched_init);
