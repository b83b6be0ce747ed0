/*
 * Processes: one translated VELA program in its own address space, run by one
 * kernel thread that enters ring 3. Layout of a process's user half:
 *
 *   PROC_CODE_BASE     code cache (translated x86-64 + the exit stub), user R+X
 *   PROC_CTX_BASE      bridge context block and its tables, user R+W, NX
 *   PROC_SHADOW_BASE   shadow stack (return addresses), user R+W, NX
 *   PROC_HSTACK_BASE   host stack used by the translated code's trampoline, R+W, NX
 *   PROC_SANDBOX_BASE  the sandbox (mem_size bytes), user R+W, NX
 *
 * Each region is surrounded by unmapped guard space. Only the code cache is ever
 * executable; VELA code and data never are (W^X).
 */
#ifndef PROC_PROCESS_H
#define PROC_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/syscall.h"
#include "bridge/bridge.h"

#define PROC_CODE_BASE	  0x0000000100000000ull
#define PROC_CTX_BASE	  0x0000000200000000ull
#define PROC_SHADOW_BASE  0x0000000300000000ull
#define PROC_HSTACK_BASE  0x0000000400000000ull
#define PROC_SANDBOX_BASE 0x0000100000000000ull

#define PROC_SHADOW_BYTES (64u << 10) /* 8192 return addresses */
#define PROC_HSTACK_BYTES (16u << 10)
#define PROC_MAX	  64
#define PROC_MAX_FDS	  32
#define PROC_NAME_MAX	  64

struct file;
struct thread;
struct aspace;

enum proc_state {
	PROC_FREE,
	PROC_EMBRYO, /* being built by exec */
	PROC_RUNNING,
	PROC_ZOMBIE, /* exited, waiting for its parent's waitpid */
};

struct process {
	int pid;
	int ppid;
	enum proc_state state;
	char name[PROC_NAME_MAX];
	uint32_t caps;	   /* granted capability mask */
	int wait_status;   /* AE_WAIT_* encoding, valid once ZOMBIE */
	bool kill_pending; /* kill() asked the process to stop */
	bool ignore_intr;  /* Ctrl-C passes it by (a shell: /dev/tty-mode "ignore-intr") */
	int kill_signal;
	struct aspace *as;
	struct thread *thread;

	/* Translation. */
	uint8_t *image; /* the verified AELF (kept for CHAOS re-translation) */
	size_t image_len;
	uint64_t code_phys;	/* contiguous frames of the code cache */
	uint64_t code_len;	/* bytes of the code cache in use */
	uint64_t code_pages;	/* mapped code-cache bytes */
	uint64_t stub_enter;	/* user address of the exit stub's start */
	uint64_t stub_ret;	/* return address of the exit stub's syscall */
	struct bridge_ctx *ctx; /* kernel alias (direct map) of the context block */
	uint64_t ctx_bytes;
	uint64_t ctx_phys;
	size_t ctx_table_off; /* pc -> host address table inside the context block */
	uint64_t entry_host;  /* where the first entry jumps (user address) */
	struct bridge_stats stats;
	uint64_t translate_ns, verify_ns, check_ns, map_ns;
	uint64_t chaos_draws;

	/* Sandbox. */
	uint64_t mem_size;
	uint64_t brk;	    /* program break (sandbox address) */
	uint64_t brk_min;   /* end of data/bss: brk never goes below */
	uint64_t stack_low; /* mem_size - stack size: brk never reaches it */

	struct file *fds[PROC_MAX_FDS];
	char cwd[AE_PATH_MAX];
};

/* Initialises the table and the syscall machinery (called from the scheduler's init). */
void proc_init(void);

/*
 * Loads a signed AELF image (copied; the caller keeps buf) and starts it as a
 * child of the current process. fds[0..2] become its standard descriptors
 * (NULL: closed). On success returns the pid; on failure a negative errno and a
 * message in err (e.g. "signature invalid (key 3a9f...)").
 */
int proc_spawn_image(const char *name, const uint8_t *buf, size_t len, struct file *const fds[3],
		     char *err, size_t errcap);

/*
 * Program arguments. At entry the loader has placed an argument block at the top
 * of the sandbox, and SP points at its header: { u64 argc; u64 argv; u64 envc;
 * u64 envp; } where argv/envp are sandbox addresses of NULL-terminated arrays of
 * string addresses. R3 = argc, R4 = argv, R5 = envp as well (docs/syscalls.md).
 */
struct proc_args {
	int argc;
	const char *const *argv;
	int envc;
	const char *const *envp;
};
#define PROC_MAX_ARGS 64

/* As proc_spawn_image, with arguments and environment (NULL: argv = {name}). */
int proc_spawn_image_args(const char *name, const uint8_t *buf, size_t len,
			  struct file *const fds[3], const struct proc_args *args, char *err,
			  size_t errcap);

/*
 * Test seam: when set, called at the first point after a new process's thread
 * became runnable where the spawning thread could be preempted, before
 * proc_spawn_image_args returns. The proc suite yields the CPU here so that
 * the child runs, and ends, before its parent looks at it.
 */
extern void (*proc_spawn_started_hook)(void);
/* Waits for a child (pid > 0, or -1 for any) to exit; 0 with AE_WNOHANG if none has. */
int proc_waitpid(int pid, int *status, int flags);
int proc_kill(int pid, int sig);
struct process *proc_current(void);
struct process *proc_by_pid(int pid);
/* Slot i of the process table (0 <= i < PROC_MAX), NULL if free. */
struct process *proc_at(int i);

/* Ends the current process (status in waitpid encoding). */
__attribute__((noreturn)) void proc_exit_current(int wait_status);

/* True when a syscall returning to `rip` came from this process's translated code. */
bool proc_syscall_origin_ok(const struct process *p, uint64_t rip);

/* The last trap that ended a process (for tests and the monitor). */
struct proc_trap_record {
	int pid;
	unsigned kind;
	uint32_t pc;
	uint64_t addr;
};
const struct proc_trap_record *proc_last_trap(void);
void proc_record_trap(int pid, unsigned kind, uint32_t pc, uint64_t addr);
/* CHAOS re-translations over every process since boot. */
uint64_t proc_total_chaos_draws(void);

/* Marks the init process (Ctrl-C never kills it). */
void proc_set_init(int pid);
int proc_init_pid(void);
/* Starts the first user program (init= on the command line, else /bin/init, else
 * /boot/init.aelf) on the console; false when there is none. */
bool proc_start_init(void);

/* Guard statistics over every process started since boot. */
void proc_guard_totals(uint64_t *emitted, uint64_t *elided, uint64_t *started);

#endif
