/*
 * The process table, process start, exit, waitpid and kill. One kernel thread
 * per process; it enters ring 3 at the exit stub, which calls the translated
 * program and reports back through a system call when the program halts,
 * traps or asks for CHAOS.
 */
#include "proc/process.h"

#include <string.h>

#include "abi/argblock.h"
#include "fmt/format.h"
#include "kernel/log.h"
#include "kernel/tty.h"
#include "kernel/panic.h"
#include "mm/fault.h"
#include "mm/heap.h"
#include "mm/vm.h"
#include "proc/exec.h"
#include "proc/file.h"
#include "proc/sandbox.h"
#include "proc/sched.h"
#include "vela/trap.h"
#include "vela/vela.h"

void enter_user(uint64_t rip, uint64_t rsp, uint64_t rdi, uint64_t rsi);

void (*proc_spawn_started_hook)(void);
/* VRC assumes SP at entry lies within AE_ARGBLOCK_MAX_BYTES under mem_size: the
 * block proc_write_args builds must never be larger than that */
_Static_assert(PROC_MAX_ARGS <= AE_ARGBLOCK_MAX_STRINGS, "argument block larger than VRC assumes");
static struct process table[PROC_MAX];
static int next_pid = 1;
static uint64_t total_emitted, total_elided, total_started, total_chaos;
static struct proc_trap_record last_trap;
/* The process that gets Ctrl-C: the newest one started with the console as
 * stdin; when it ends, its parent (if that still reads the console). */
static int console_fg;
static int init_pid;

const struct proc_trap_record *proc_last_trap(void)
{
	return &last_trap;
}

void proc_record_trap(int pid, unsigned kind, uint32_t pc, uint64_t addr)
{
	last_trap = (struct proc_trap_record){pid, kind, pc, addr};
}

uint64_t proc_total_chaos_draws(void)
{
	uint64_t total = total_chaos;
	for (int i = 0; i < PROC_MAX; i++)
		total += table[i].state != PROC_FREE ? table[i].chaos_draws : 0;
	return total;
}

struct process *proc_current(void)
{
	struct thread *t = thread_current();
	return t ? t->process : NULL;
}

struct process *proc_by_pid(int pid)
{
	for (int i = 0; i < PROC_MAX; i++) {
		if (table[i].state != PROC_FREE && table[i].pid == pid)
			return &table[i];
	}
	return NULL;
}

struct process *proc_at(int i)
{
	if (i < 0 || i >= PROC_MAX || table[i].state == PROC_FREE)
		return NULL;
	return &table[i];
}

bool proc_syscall_origin_ok(const struct process *p, uint64_t rip)
{
	/* rip is the address after the syscall instruction: inside the cache, past its start. */
	return rip > PROC_CODE_BASE && rip <= PROC_CODE_BASE + p->code_len;
}

void proc_guard_totals(uint64_t *emitted, uint64_t *elided, uint64_t *started)
{
	*emitted = total_emitted;
	*elided = total_elided;
	*started = total_started;
}

static struct process *proc_alloc(void)
{
	uint64_t f = sched_lock();
	for (int i = 0; i < PROC_MAX; i++) {
		if (table[i].state == PROC_FREE) {
			struct process *p = &table[i];
			memset(p, 0, sizeof(*p));
			p->state = PROC_EMBRYO;
			p->pid = next_pid++;
			sched_unlock(f);
			return p;
		}
	}
	sched_unlock(f);
	return NULL;
}

static void proc_free_slot(struct process *p)
{
	uint64_t f = sched_lock();
	p->state = PROC_FREE;
	sched_unlock(f);
}

/* The process's thread: switch to its address space and enter ring 3. */
static void proc_thread_main(void *arg)
{
	struct process *p = arg;
	struct thread *t = thread_current();
	/* Set here too: the thread may run before proc_spawn_image_args returns
	 * from thread_create, and every fault or syscall needs to find p. */
	t->process = p;
	t->as = p->as;
	aspace_switch(p->as);
	enter_user(p->stub_enter, PROC_HSTACK_BASE + PROC_HSTACK_BYTES, PROC_CTX_BASE,
		   p->entry_host);
}

/* Writes the argument block below the top of the sandbox and sets SP, R3-R5. */
static int proc_write_args(struct process *p, const struct proc_args *a)
{
	size_t strings = 0;
	for (int i = 0; i < a->argc; i++)
		strings += strlen(a->argv[i]) + 1;
	for (int i = 0; i < a->envc; i++)
		strings += strlen(a->envp[i]) + 1;
	size_t ptrs = 8 * ((size_t)a->argc + 1 + (size_t)a->envc + 1);
	size_t total = ((strings + 15) & ~(size_t)15) + ptrs + 32;
	if (a->argc > PROC_MAX_ARGS || a->envc > PROC_MAX_ARGS || strings > AE_ARG_MAX ||
	    total > (p->mem_size - p->stack_low) / 2)
		return -AE_E2BIG;
	uint64_t str_at = p->mem_size - ((strings + 15) & ~(size_t)15);
	uint64_t arr_at = str_at - ptrs;
	uint64_t hdr_at = (arr_at - 32) & ~(uint64_t)15;
	uint64_t cursor = str_at;
	int rc = 0;
	for (int k = 0; k < 2 && rc == 0; k++) {
		int n = k == 0 ? a->argc : a->envc;
		const char *const *v = k == 0 ? a->argv : a->envp;
		uint64_t base = k == 0 ? arr_at : arr_at + 8 * ((uint64_t)a->argc + 1);
		for (int i = 0; i < n && rc == 0; i++) {
			size_t l = strlen(v[i]) + 1;
			rc = sandbox_copy_out(p, cursor, v[i], l);
			if (rc == 0)
				rc = sandbox_copy_out(p, base + 8 * (uint64_t)i, &cursor, 8);
			cursor += l;
		}
		uint64_t zero = 0;
		if (rc == 0)
			rc = sandbox_copy_out(p, base + 8 * (uint64_t)n, &zero, 8);
	}
	uint64_t hdr[4] = {(uint64_t)a->argc, arr_at, (uint64_t)a->envc,
			   arr_at + 8 * ((uint64_t)a->argc + 1)};
	if (rc == 0)
		rc = sandbox_copy_out(p, hdr_at, hdr, sizeof(hdr));
	if (rc)
		return rc;
	p->ctx->regs[VELA_REG_SP] = hdr_at;
	p->ctx->regs[3] = hdr[0];
	p->ctx->regs[4] = hdr[1];
	p->ctx->regs[5] = hdr[3];
	return 0;
}

int proc_spawn_image(const char *name, const uint8_t *buf, size_t len, struct file *const fds[3],
		     char *err, size_t errcap)
{
	return proc_spawn_image_args(name, buf, len, fds, NULL, err, errcap);
}

int proc_spawn_image_args(const char *name, const uint8_t *buf, size_t len,
			  struct file *const fds[3], const struct proc_args *args, char *err,
			  size_t errcap)
{
	struct process *p = proc_alloc();
	if (!p) {
		fmt_snprintf(err, errcap, "process table full");
		return -AE_EAGAIN;
	}
	size_t n = strnlen(name, PROC_NAME_MAX - 1);
	memcpy(p->name, name, n);
	p->name[n] = '\0';
	struct process *parent = proc_current();
	p->ppid = parent ? parent->pid : 0;
	memcpy(p->cwd, parent ? parent->cwd : "/", parent ? sizeof(p->cwd) : 2);
	p->as = aspace_create();
	if (!p->as) {
		proc_free_slot(p);
		fmt_snprintf(err, errcap, "out of memory");
		return -AE_ENOMEM;
	}
	int rc = exec_load(p, buf, len, err, errcap);
	if (rc == 0) {
		const char *self[1] = {p->name};
		struct proc_args dflt = {1, self, 0, NULL};
		rc = proc_write_args(p, args ? args : &dflt);
		if (rc) {
			fmt_snprintf(err, errcap, "arguments too large for the sandbox stack");
			exec_unload(p);
		}
	}
	if (rc) {
		pr_err("exec %s: %s\n", name, err);
		aspace_destroy(p->as);
		proc_free_slot(p);
		return rc;
	}
	for (int i = 0; i < 3; i++)
		p->fds[i] = fds[i] ? file_get(fds[i]) : NULL;
	/* Suspended until the process is published as running: see below. */
	p->thread = thread_create_suspended(p->name, proc_thread_main, p, true);
	if (!p->thread) {
		for (int i = 0; i < 3; i++)
			file_put(p->fds[i]);
		exec_unload(p);
		aspace_destroy(p->as);
		proc_free_slot(p);
		fmt_snprintf(err, errcap, "out of memory for the thread");
		return -AE_ENOMEM;
	}
	p->thread->process = p;
	uint64_t emitted = 0, elided = 0;
	for (int g = 0; g < BRIDGE_G_COUNT; g++) {
		emitted += p->stats.emitted[g];
		elided += p->stats.elided[g];
	}
	/*
	 * Every write to p happens before its thread may run, in one critical
	 * section. A thread made runnable earlier can be switched to on the next
	 * timer tick and run to its end: proc_exit_current sets PROC_ZOMBIE and
	 * wakes the parent before this function gets the CPU back, and a late
	 * `p->state = PROC_RUNNING` here would overwrite ZOMBIE, leaving the parent
	 * blocked in waitpid for a child that never ends again.
	 */
	uint64_t f = sched_lock();
	if (file_is_console(fds[0]))
		console_fg = p->pid;
	total_emitted += emitted;
	total_elided += elided;
	total_started++;
	p->state = PROC_RUNNING;
	int pid = p->pid; /* once the thread runs, a waitpid elsewhere may free the slot */
	thread_resume(p->thread);
	sched_unlock(f);
	if (proc_spawn_started_hook)
		proc_spawn_started_hook();
	return pid;
}

/* Frees everything of an exited process except its slot and thread. */
static void proc_release_resources(struct process *p)
{
	total_chaos += p->chaos_draws;
	p->chaos_draws = 0;
	for (int i = 0; i < PROC_MAX_FDS; i++) {
		file_put(p->fds[i]);
		p->fds[i] = NULL;
	}
	exec_unload(p);
	aspace_destroy(p->as);
	p->as = NULL;
}

void proc_exit_current(int wait_status)
{
	struct process *p = proc_current();
	if (!p)
		panic("proc_exit_current outside a process");
	struct thread *t = thread_current();
	/* Leave the address space before tearing it down. */
	uint64_t f = sched_lock();
	t->as = NULL;
	aspace_switch(aspace_kernel());
	sched_unlock(f);
	proc_release_resources(p);

	f = sched_lock();
	if (console_fg == p->pid) {
		struct process *parent = proc_by_pid(p->ppid);
		console_fg = parent && parent->state == PROC_RUNNING ? parent->pid : 0;
	}
	p->wait_status = wait_status;
	for (int i = 0; i < PROC_MAX; i++) {
		if (table[i].state != PROC_FREE && table[i].ppid == p->pid)
			table[i].ppid = 0; /* orphans go to the kernel */
	}
	p->state = PROC_ZOMBIE;
	sched_unlock(f);
	sched_wakeup(&table); /* parents waiting in waitpid */
	thread_exit(0);
}

int proc_waitpid(int pid, int *status, int flags)
{
	struct process *self = proc_current();
	int me = self ? self->pid : 0;
	uint64_t f = sched_lock();
	for (;;) {
		bool have_child = false;
		for (int i = 0; i < PROC_MAX; i++) {
			struct process *c = &table[i];
			if (c->state == PROC_FREE || c->ppid != me || c == self)
				continue;
			if (pid > 0 && c->pid != pid)
				continue;
			have_child = true;
			if (c->state != PROC_ZOMBIE)
				continue;
			int cpid = c->pid;
			if (status)
				*status = c->wait_status;
			c->ppid = -1; /* claimed: nobody else reaps it */
			sched_unlock(f);
			thread_join(c->thread);
			proc_free_slot(c);
			return cpid;
		}
		if (!have_child) {
			sched_unlock(f);
			return -AE_ECHILD;
		}
		if (flags & AE_WNOHANG) {
			sched_unlock(f);
			return 0;
		}
		if (sched_interrupted()) {
			sched_unlock(f);
			return -AE_EINTR;
		}
		sched_block(&table);
	}
}

int proc_kill(int pid, int sig)
{
	if (sig != AE_SIGKILL && sig != AE_SIGTERM && sig != AE_SIGINT)
		return -AE_EINVAL;
	uint64_t f = sched_lock();
	struct process *p = proc_by_pid(pid);
	if (!p || p->state != PROC_RUNNING) {
		sched_unlock(f);
		return -AE_ESRCH;
	}
	p->kill_pending = true;
	p->kill_signal = sig;
	/* A sleeping or blocked process wakes up, sees the interruption, and ends at
	 * its return towards user mode. Still under the lock: once it is released
	 * the process may end and be reaped, and its thread's memory freed. */
	sched_interrupt(p->thread);
	sched_unlock(f);
	return 0;
}

static const char *const trap_descriptions[VELA_TRAP_COUNT] = {
    [VELA_TRAP_OOB_LOAD] = "out-of-bounds load",
    [VELA_TRAP_OOB_STORE] = "out-of-bounds store",
    [VELA_TRAP_DIV_ZERO] = "division by zero",
    [VELA_TRAP_DIV_OVERFLOW] = "division overflow",
    [VELA_TRAP_CFI] = "indirect jump to a non-target (CFI)",
    [VELA_TRAP_SHADOW] = "return address mismatch (shadow stack)",
    [VELA_TRAP_ILLEGAL] = "illegal instruction",
    [VELA_TRAP_CAPABILITY] = "missing capability",
    [VELA_TRAP_TIME] = "time budget exhausted",
    [VELA_TRAP_PROOF] = "PROOF.PATH assertion failed",
    [VELA_TRAP_BREAK] = "break",
    [VELA_TRAP_PC] = "execution left the code",
    [VELA_TRAP_CALL_DEPTH] = "shadow stack full",
    [VELA_TRAP_SYSCALL] = "refused system call",
    [VELA_TRAP_FLOAT_INVALID] = "float to integer conversion of a NaN",
    [VELA_TRAP_FLOAT_RANGE] = "float to integer conversion out of range",
};

const char *proc_trap_description(unsigned kind);
const char *proc_trap_description(unsigned kind)
{
	if (kind < VELA_TRAP_COUNT && trap_descriptions[kind])
		return trap_descriptions[kind];
	return "unknown trap";
}

/* A fault in ring 3: demand paging inside the sandbox, anything else kills. */
/* A ring-3 fault on a thread without a process cannot be served; it must not
 * take the kernel down either: the thread ends. */
static void proc_orphan_user_fault(const struct trap_frame *f)
{
	pr_err("ring-3 fault on thread %d (%s) without a process at rip %#lx; thread ended\n",
	       thread_current()->tid, thread_current()->name, f->rip);
	thread_exit(-1);
}

static bool proc_user_fault(struct trap_frame *f, const struct vm_fault_info *info)
{
	struct process *p = proc_current();
	if (!p)
		proc_orphan_user_fault(f);
	if (!info->present && !info->fetch && info->addr >= PROC_SANDBOX_BASE &&
	    info->addr - PROC_SANDBOX_BASE < p->mem_size) {
		if (sandbox_fault_in(p, info->addr - PROC_SANDBOX_BASE) == 0)
			return true;
		pr_err("pid %d (%s): out of memory for a sandbox page; killed\n", p->pid, p->name);
	} else {
		pr_err("pid %d (%s): fault at %#lx (%s, rip %#lx) outside its sandbox; killed\n",
		       p->pid, p->name, info->addr,
		       info->fetch   ? "fetch"
		       : info->write ? "write"
				     : "read",
		       f->rip);
	}
	proc_exit_current(AE_WAIT_SIGNALED | (128 + AE_SIGKILL));
}

static bool proc_user_trap(struct trap_frame *f)
{
	struct process *p = proc_current();
	if (!p)
		proc_orphan_user_fault(f);
	pr_err("pid %d (%s): CPU exception %lu at rip %#lx; killed\n", p->pid, p->name, f->vector,
	       f->rip);
	proc_exit_current(AE_WAIT_SIGNALED | (128 + AE_SIGKILL));
}

/* Before an interrupted process goes back to ring 3: honour a pending kill. */
static void proc_user_return(struct trap_frame *f)
{
	(void)f;
	struct process *p = proc_current();
	if (p && p->kill_pending)
		proc_exit_current(AE_WAIT_SIGNALED | (128 + p->kill_signal));
}

/* Ctrl-C on the console (from the TTY, in interrupt context). */
static void proc_console_interrupt(void)
{
	int fg = console_fg;
	struct process *p = fg > 0 ? proc_by_pid(fg) : NULL;
	if (p && fg != init_pid && !p->ignore_intr)
		proc_kill(fg, AE_SIGINT);
}

void proc_set_init(int pid)
{
	init_pid = pid;
}

int proc_init_pid(void)
{
	return init_pid;
}

void proc_init(void)
{
	tty_interrupt_hook = proc_console_interrupt;
	vm_user_fault_hook = proc_user_fault;
	trap_user_fault_hook = proc_user_trap;
	trap_user_return_hook = proc_user_return;
}
