/*
 * Process self-tests. The programs come from boot modules (/boot/NAME.aelf),
 * built by mk/proc.mk from examples/vela and tests/proc and signed with the
 * build key (or, on purpose, unsigned, tampered or signed by a key without
 * authority). Suite "proc" needs them: boot with the module list of
 * `make test-step-boot-proc`.
 */
#include <string.h>

#include "abi/syscall.h"
#include "fmt/format.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "proc/file.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/vfs.h"
#include "vela/trap.h"

#define OUT_MAX		  2048
#define TRAP_STATUS(kind) (AE_WAIT_SIGNALED | (128 + 64 + (kind)))

struct example {
	const char *name;
	const char *expected;
	int expected_len;
	int status;
	int trap_kind, trap_pc;
	uint64_t trap_addr; /* 64 bits: a float conversion trap reports the operand's bits */
	const char *stdin_data;
	int stdin_len;
};

static const struct example examples[] = {
#include "examples_table.h"
};

struct run {
	int pid;
	int status;
	char out[OUT_MAX];
	size_t out_len;
	char err[128];
};

/* Spawns /boot/NAME.aelf with stdin from `in` (NULL: the console), stdout captured
 * through a pipe, stderr on the console; waits and collects. */
static const char *run_program(const char *name, const char *in, size_t in_len, struct run *r)
{
	char path[96];
	memset(r, 0, sizeof(*r));
	size_t n = strlen(name);
	if (n + 12 > sizeof(path))
		return "name too long";
	memcpy(path, "/boot/", 6);
	memcpy(path + 6, name, n);
	memcpy(path + 6 + n, ".aelf", 6);
	uint8_t *image;
	size_t len;
	int rc = vfs_read_all(path, &image, &len, 16u << 20);
	if (rc)
		return ktest_fail(
		    "%s: not found (%d): was the kernel booted with the test modules?", path, rc);
	struct file *out[2], *inp[2] = {NULL, NULL};
	if (pipe_create(out) != 0) {
		kfree(image);
		return "pipe_create failed";
	}
	if (in) {
		if (pipe_create(inp) != 0 || in_len > PIPE_BUFFER_BYTES) {
			kfree(image);
			return "stdin pipe";
		}
		inp[1]->ops->write(inp[1], in, in_len);
		file_put(inp[1]);
	}
	struct file *console = console_file_open(AE_O_WRONLY);
	/* Without test input, stdin is the console, read-only (nothing here reads it). */
	if (!inp[0])
		inp[0] = console_file_open(AE_O_RDONLY);
	struct file *fds[3] = {inp[0], out[1], console};
	r->pid = proc_spawn_image(name, image, len, fds, r->err, sizeof(r->err));
	kfree(image);
	file_put(out[1]);
	file_put(console);
	if (inp[0])
		file_put(inp[0]);
	if (r->pid < 0) {
		file_put(out[0]);
		return NULL; /* the caller looks at r->err */
	}
	for (;;) {
		long got = out[0]->ops->read(out[0], r->out + r->out_len, OUT_MAX - 1 - r->out_len);
		if (got <= 0)
			break;
		r->out_len += (size_t)got;
		if (r->out_len == OUT_MAX - 1)
			break;
	}
	file_put(out[0]);
	if (proc_waitpid(r->pid, &r->status, 0) != r->pid)
		return "waitpid did not return the child";
	return NULL;
}

KTEST_GROUP(proc, proc_examples)
{
	/* Every VELA example runs as a ring-3 process with the interpreter's results. */
	for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		const struct example *e = &examples[i];
		struct run r;
		const char *err = run_program(e->name, e->stdin_len ? e->stdin_data : NULL,
					      (size_t)e->stdin_len, &r);
		if (!err && r.pid < 0)
			err = ktest_fail("spawn refused: %s", r.err);
		int want = e->trap_kind ? TRAP_STATUS(e->trap_kind) : e->status;
		if (!err && r.status != want)
			err = ktest_fail("status %#x, want %#x", r.status, want);
		if (!err && e->trap_kind) {
			const struct proc_trap_record *t = proc_last_trap();
			if (t->pid != r.pid || t->kind != (unsigned)e->trap_kind ||
			    t->pc != (uint32_t)e->trap_pc || t->addr != e->trap_addr)
				err =
				    ktest_fail("trap pid %d kind %u pc=%#x addr=%#lx, want kind %d "
					       "pc=%#x addr=%#lx",
					       t->pid, t->kind, t->pc, t->addr, e->trap_kind,
					       e->trap_pc, e->trap_addr);
		}
		if (!err && (r.out_len != (size_t)e->expected_len ||
			     memcmp(r.out, e->expected, r.out_len) != 0))
			err = ktest_fail("stdout differs (%zu bytes, want %d)", r.out_len,
					 e->expected_len);
		ktest_report("proc", e->name, err);
	}
}

/* The trap kinds the examples do not reach, each ending only its process. */
KTEST_GROUP(proc, proc_more_traps)
{
	static const struct {
		const char *name;
		unsigned kind;
		uint32_t pc;
		uint64_t addr;
	} cases[] = {
		{"trap_div_overflow", VELA_TRAP_DIV_OVERFLOW, 0x18, 0},
		{"trap_break", VELA_TRAP_BREAK, 0x4, 7},
		{"trap_call_depth", VELA_TRAP_CALL_DEPTH, 0x0, 0},
		{"trap_pc", VELA_TRAP_PC, 0x8, 0x8},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		const char *err = run_program(cases[i].name, NULL, 0, &r);
		const struct proc_trap_record *t = proc_last_trap();
		if (!err && r.pid < 0)
			err = ktest_fail("spawn refused: %s", r.err);
		if (!err && r.status != (int)TRAP_STATUS(cases[i].kind))
			err = ktest_fail("status %#x, want %#x", r.status, TRAP_STATUS(cases[i].kind));
		if (!err && (t->pid != r.pid || t->kind != cases[i].kind || t->pc != cases[i].pc ||
			     t->addr != cases[i].addr))
			err = ktest_fail("trap kind %u pc=%#x addr=%#lx", t->kind, t->pc, t->addr);
		ktest_report("proc", cases[i].name, err);
	}
}

KTEST(proc, directory_rewind)
{
	static const char *const dirs[] = {"/proc", "/boot", "/dev"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct file *f;
		if (vfs_open(dirs[i], AE_O_RDONLY | AE_O_DIRECTORY, 0, &f) != 0)
			return ktest_fail("cannot open %s", dirs[i]);
		static uint8_t first[512], again[512];
		long n1 = f->ops->getdents(f, first, sizeof(first));
		long end = f->ops->getdents(f, again, sizeof(again));
		long rw = f->ops->lseek(f, 0, AE_SEEK_SET);
		long n2 = f->ops->getdents(f, again, sizeof(again));
		long bad = f->ops->lseek(f, 16, AE_SEEK_SET);
		file_put(f);
		if (n1 <= 0 || n2 != n1 || memcmp(first, again, (size_t)n1) != 0)
			return ktest_fail("%s: %ld bytes, %ld after the rewind", dirs[i], n1, n2);
		if (rw != 0 || bad != -AE_EINVAL || end < 0)
			return ktest_fail("%s: rewind %ld, seek 16 gave %ld", dirs[i], rw, bad);
	}
	return NULL;
}

KTEST(proc, exit_status)
{
	struct run r;
	const char *err = run_program("exit42", NULL, 0, &r);
	if (err)
		return err;
	return r.status == 42 ? NULL : ktest_fail("status %d, want 42", r.status);
}

KTEST(proc, spawn_and_wait_from_ring3)
{
	struct run r;
	const char *err = run_program("spawn_wait", NULL, 0, &r);
	if (err)
		return err;
	if (r.pid < 0)
		return ktest_fail("spawn refused: %s", r.err);
	if (r.status != 0 || strncmp(r.out, "spawn_wait: child exited 42\n", r.out_len) != 0)
		return ktest_fail("status %d, output '%.*s'", r.status, (int)r.out_len, r.out);
	return NULL;
}

KTEST(proc, pipe_between_two_processes)
{
	struct run r;
	const char *err = run_program("pipe_pair", NULL, 0, &r);
	if (err)
		return err;
	static const char want[] = "pipe_pair got: Hello, VELA!\n";
	if (r.status != 0 || r.out_len != sizeof(want) - 1 || memcmp(r.out, want, r.out_len))
		return ktest_fail("status %d, output '%.*s'", r.status, (int)r.out_len, r.out);
	return NULL;
}

KTEST(proc, arguments_and_environment)
{
	struct run r;
	const char *err = run_program("spawn_args", NULL, 0, &r);
	if (err)
		return err;
	static const char want[] = "3\necho_args\none\ntwo words\nHOME=/\n";
	if (r.status != 0 || r.out_len != sizeof(want) - 1 || memcmp(r.out, want, r.out_len))
		return ktest_fail("status %d, output '%.*s'", r.status, (int)r.out_len, r.out);
	return NULL;
}

KTEST(proc, proc_and_dev_files)
{
	struct run r;
	const char *err = run_program("procfiles", NULL, 0, &r);
	if (err)
		return err;
	r.out[r.out_len] = '\0';
	if (r.status != 0)
		return ktest_fail("status %d, output '%s'", r.status, r.out);
	if (!strstr(r.out, "programs_started: ") || !strstr(r.out, "name: procfiles") ||
	    !strstr(r.out, "caps: FS_READ,FS_WRITE") || !strstr(r.out, "guards_emitted: "))
		return ktest_fail("unexpected /proc contents '%s'", r.out);
	return NULL;
}

KTEST(proc, chaos_redraw_keeps_results)
{
	struct run r;
	const char *err = run_program("chaos", NULL, 0, &r);
	if (err)
		return err;
	if (r.status != 0 || strncmp(r.out, "500500\n", r.out_len) != 0 || r.out_len != 7)
		return ktest_fail("status %d, output '%.*s'", r.status, (int)r.out_len, r.out);
	if (proc_total_chaos_draws() < 10)
		return ktest_fail("%lu CHAOS re-translations, want 10",
				  (unsigned long)proc_total_chaos_draws());
	return NULL;
}

/* Spawns without waiting (for the busy loops). */
static int spawn_only(const char *name, char *err, size_t cap)
{
	char path[64] = "/boot/";
	size_t n = strlen(name);
	memcpy(path + 6, name, n);
	memcpy(path + 6 + n, ".aelf", 6);
	uint8_t *image;
	size_t len;
	int rc = vfs_read_all(path, &image, &len, 1u << 20);
	if (rc)
		return rc;
	struct file *fds[3] = {NULL, NULL, NULL};
	int pid = proc_spawn_image(name, image, len, fds, err, cap);
	kfree(image);
	return pid;
}

KTEST(proc, preemption_and_kill)
{
	char err[128];
	int a = spawn_only("busy", err, sizeof(err));
	int b = spawn_only("busy", err, sizeof(err));
	if (a < 0 || b < 0)
		return ktest_fail("spawn: %s", err);
	/* Neither process ever makes a system call: only the timer gives us the CPU back. */
	sched_sleep_ns(300000000);
	struct process *pa = proc_by_pid(a), *pb = proc_by_pid(b);
	if (!pa || !pb)
		return "a busy process vanished";
	uint64_t sa = pa->thread->switches, sb = pb->thread->switches;
	if (sa < 3 || sb < 3)
		return ktest_fail("busy processes scheduled %lu and %lu times", sa, sb);
	if (proc_kill(a, AE_SIGKILL) || proc_kill(b, AE_SIGTERM))
		return "kill failed";
	int st;
	if (proc_waitpid(a, &st, 0) != a || st != (AE_WAIT_SIGNALED | (128 + AE_SIGKILL)))
		return ktest_fail("first busy process: status %#x", st);
	if (proc_waitpid(b, &st, 0) != b || st != (AE_WAIT_SIGNALED | (128 + AE_SIGTERM)))
		return ktest_fail("second busy process: status %#x", st);
	if (proc_kill(a, AE_SIGKILL) != -AE_ESRCH)
		return "killing a reaped pid did not fail with ESRCH";
	return NULL;
}

/*
 * Regression: a child that runs to its end before proc_spawn_image returns (its
 * parent preempted just after the child's thread became runnable) must still
 * be reaped. Spawn used to publish PROC_RUNNING after starting the thread,
 * overwriting the child's PROC_ZOMBIE, and the parent slept in waitpid for
 * ever: the boot-all hang right after "pid N (proof): PROOF.PATH assertion
 * failed". The spawn hook yields at that point every time; the wait is
 * bounded, so a regression fails instead of hanging the boot.
 */
#define REAP_ROUNDS  8
#define REAP_WAIT_NS 2000000000ull /* a child here ends in well under 100 ms */
#define REAP_POLL_NS 1000000ull

static void yield_to_child(void)
{
	sched_yield();
}

/* Spawns name, yielding to it inside spawn; waits (bounded) for status want.
 * Sets *ended_first when the child had already ended when spawn returned. */
static const char *spawn_yield_reap(const char *name, const uint8_t *image, size_t len, int want,
				    bool *ended_first)
{
	char err[128];
	struct file *fds[3] = {NULL, NULL, NULL};
	proc_spawn_started_hook = yield_to_child;
	int pid = proc_spawn_image(name, image, len, fds, err, sizeof(err));
	proc_spawn_started_hook = NULL;
	if (pid < 0)
		return ktest_fail("spawn %s: %s", name, err);
	int st = 0;
	for (uint64_t waited = 0;; waited += REAP_POLL_NS) {
		int rc = proc_waitpid(pid, &st, AE_WNOHANG);
		if (rc == pid) {
			*ended_first = waited == 0;
			break;
		}
		if (rc != 0)
			return ktest_fail("waitpid(%d) of %s: %d", pid, name, rc);
		if (waited >= REAP_WAIT_NS) {
			struct process *c = proc_by_pid(pid);
			return ktest_fail("pid %d (%s) not reaped after 2 s: process state %d, "
					  "thread state %d (lost wakeup)",
					  pid, name, c ? (int)c->state : -1,
					  c ? (int)c->thread->state : -1);
		}
		sched_sleep_ns(REAP_POLL_NS);
	}
	if (st != want)
		return ktest_fail("%s: status %#x, want %#x", name, st, want);
	return NULL;
}

KTEST(proc, child_ending_before_spawn_returns_is_reaped)
{
	static const struct {
		const char *name;
		int status;
	} progs[] = {
	    {"exit42", 42},
	    {"trap_div_overflow", TRAP_STATUS(VELA_TRAP_DIV_OVERFLOW)},
	    {"proof", TRAP_STATUS(VELA_TRAP_PROOF)},
	};
	const char *err = NULL;
	int ended_first = 0;
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]) && !err; i++) {
		char path[64];
		fmt_snprintf(path, sizeof(path), "/boot/%s.aelf", progs[i].name);
		uint8_t *image;
		size_t len;
		if (vfs_read_all(path, &image, &len, 1u << 20) != 0)
			return ktest_fail("%s: not found", path);
		for (int round = 0; round < REAP_ROUNDS && !err; round++) {
			bool first = false;
			err = spawn_yield_reap(progs[i].name, image, len, progs[i].status, &first);
			ended_first += first;
		}
		kfree(image);
	}
	if (!err && ended_first == 0)
		err = "no child ended before spawn returned: the yield exercised nothing";
	return err;
}

KTEST(proc, hostile_syscall_table)
{
	struct run r;
	const char *err = run_program("hostile", NULL, 0, &r);
	if (err)
		return err;
	if (r.pid < 0)
		return ktest_fail("spawn refused: %s", r.err);
	return r.status == 0 ? NULL
			     : ktest_fail("%d rows gave the wrong errno (see stderr)", r.status);
}

KTEST(proc, random_syscall_stress)
{
	struct run r;
	const char *err = run_program("stress", NULL, 0, &r);
	if (err)
		return err;
	if (r.status != 0 || strncmp(r.out, "stress: 100000 calls made\n", r.out_len) != 0)
		return ktest_fail("status %#x, output '%.*s'", r.status, (int)r.out_len, r.out);
	return NULL;
}

static const char *expect_refused(const char *name, int want_rc, const char *want_msg)
{
	struct run r;
	const char *err = run_program(name, NULL, 0, &r);
	if (err)
		return err;
	if (r.pid >= 0)
		return ktest_fail("%s was started (pid %d)", name, r.pid);
	if (r.pid != want_rc || !strstr(r.err, want_msg))
		return ktest_fail("%s refused with %d '%s', want %d '%s'", name, r.pid, r.err,
				  want_rc, want_msg);
	return NULL;
}

KTEST(proc, tampered_signature_refused)
{
	return expect_refused("hello_tampered", -AE_EACCES, "signature invalid (key ");
}

KTEST(proc, unauthorised_capability_refused)
{
	return expect_refused("hello_nocapskey", -AE_EPERM, "capability PROC not authorised");
}

KTEST(proc, constant_syscall_without_capability_refused_at_load)
{
	return expect_refused("nocap_spawn", -AE_EPERM, "syscall 15 needs capability PROC");
}

KTEST(proc, malformed_executable_refused)
{
	static const uint8_t junk[64] = "AELF garbage";
	char err[128];
	struct file *fds[3] = {NULL, NULL, NULL};
	int rc = proc_spawn_image("junk", junk, sizeof(junk), fds, err, sizeof(err));
	if (rc != -AE_ENOEXEC || !strstr(err, "malformed executable"))
		return ktest_fail("rc %d '%s'", rc, err);
	return NULL;
}

KTEST(proc, unsigned_program_policy)
{
	struct run r;
	const char *err = run_program("hello_unsigned", NULL, 0, &r);
	if (err)
		return err;
#if AETHER_HARDENED
	if (r.pid != -AE_EACCES || !strstr(r.err, "unsigned program refused"))
		return ktest_fail("hardened kernel: rc %d '%s'", r.pid, r.err);
#else
	if (r.pid < 0 || r.status != 0)
		return ktest_fail("dev kernel: the bypass did not run it (%d '%s')", r.pid, r.err);
#endif
	return NULL;
}

KTEST(proc, syscall_origin_check)
{
	struct process fake;
	memset(&fake, 0, sizeof(fake));
	fake.code_len = 0x1000;
	if (!proc_syscall_origin_ok(&fake, PROC_CODE_BASE + 0x10))
		return "a return address inside the code cache was refused";
	if (!proc_syscall_origin_ok(&fake, PROC_CODE_BASE + 0x1000))
		return "a syscall as the last instruction of the cache was refused";
	static const uint64_t outside[] = {
	    0,
	    PROC_CODE_BASE,
	    PROC_CODE_BASE + 0x1001,
	    PROC_SANDBOX_BASE + 0x10,
	    PROC_CTX_BASE + 8,
	    PROC_HSTACK_BASE,
	    0xffffffff80100000ull,
	    ~0ull,
	};
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		if (proc_syscall_origin_ok(&fake, outside[i]))
			return ktest_fail("return address %#lx accepted", outside[i]);
	}
	return NULL;
}
