/*
 * System-call dispatch and the 25 calls of lib/abi/syscall.h. Arguments come
 * from the VELA registers saved in the process's context block (R3..R8, number
 * in R15); every pointer is a sandbox address checked by proc/sandbox.c; every
 * descriptor is checked against the table. Nothing a program passes can make
 * the kernel fault: bad input returns an errno (docs/syscalls.md).
 */
#include <string.h>

#include "abi/syscall.h"
#include "crypto/random.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "mm/heap.h"
#include "proc/exec.h"
#include "proc/file.h"
#include "proc/process.h"
#include "proc/sandbox.h"
#include "proc/sched.h"
#include "proc/syscall.h"
#include "proc/vfs.h"
#include "vela/trap.h"

#define IO_CHUNK	4096 /* bounce buffer for read/write */
#define SPAWN_MAX_IMAGE (16u << 20)

const char *proc_trap_description(unsigned kind);

typedef long (*syscall_fn)(struct process *p, const uint64_t *a);

/* ---------------------------------------------------------------- helpers */

static struct file *fd_get(struct process *p, uint64_t fd)
{
	if (fd >= PROC_MAX_FDS)
		return NULL;
	return p->fds[fd];
}

static int fd_install(struct process *p, struct file *f)
{
	for (int i = 0; i < PROC_MAX_FDS; i++) {
		if (!p->fds[i]) {
			p->fds[i] = f;
			return i;
		}
	}
	return -AE_EMFILE;
}

static bool can_read(const struct file *f)
{
	return (f->flags & AE_O_ACCMODE) != AE_O_WRONLY;
}

static bool can_write(const struct file *f)
{
	return (f->flags & AE_O_ACCMODE) != AE_O_RDONLY;
}

/* Copies a path argument and makes it absolute. */
static int path_arg(struct process *p, uint64_t addr, char *abs, size_t cap)
{
	char raw[AE_PATH_MAX];
	long n = sandbox_copy_string(p, addr, raw, sizeof(raw));
	if (n < 0)
		return (int)n;
	return vfs_normalise(p->cwd, raw, abs, cap);
}

/* Runs a file operation that fills a buffer (read, getdents) through a kernel
 * bounce buffer of at most IO_CHUNK bytes (short results are allowed), then
 * copies what it produced to the sandbox. The range is already checked. */
static long fill_sandbox(struct process *p, struct file *f,
			 long (*op)(struct file *, void *, size_t), uint64_t addr, uint64_t len)
{
	size_t n = len < IO_CHUNK ? (size_t)len : IO_CHUNK;
	uint8_t *buf = kmalloc(n);
	if (!buf)
		return -AE_ENOMEM;
	long got = op(f, buf, n);
	if (got > 0) {
		int rc = sandbox_copy_out(p, addr, buf, (size_t)got);
		if (rc)
			got = rc;
	}
	kfree(buf);
	return got;
}

/* ---------------------------------------------------------------- calls */

static long sys_exit(struct process *p, const uint64_t *a)
{
	(void)p;
	proc_exit_current((int)(a[0] & 0xFF));
}

static long sys_read(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f || !can_read(f) || !f->ops->read)
		return -AE_EBADF;
	if (!sandbox_range_ok(p, a[1], a[2]))
		return -AE_EFAULT;
	if (a[2] == 0)
		return 0;
	return fill_sandbox(p, f, f->ops->read, a[1], a[2]);
}

static long sys_write(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f || !can_write(f) || !f->ops->write)
		return -AE_EBADF;
	if (!sandbox_range_ok(p, a[1], a[2]))
		return -AE_EFAULT;
	if (a[2] == 0)
		return 0;
	size_t chunk = a[2] < IO_CHUNK ? a[2] : IO_CHUNK;
	uint8_t *buf = kmalloc(chunk);
	if (!buf)
		return -AE_ENOMEM;
	uint64_t done = 0;
	long rc = 0;
	while (done < a[2]) {
		size_t n = a[2] - done < chunk ? (size_t)(a[2] - done) : chunk;
		rc = sandbox_copy_in(p, buf, a[1] + done, n);
		if (rc)
			break;
		long w = f->ops->write(f, buf, n);
		if (w < 0) {
			rc = w;
			break;
		}
		done += (uint64_t)w;
		if ((size_t)w < n)
			break;
	}
	kfree(buf);
	return done ? (long)done : rc;
}

static long sys_open(struct process *p, const uint64_t *a)
{
	uint32_t flags = (uint32_t)a[1];
	if (a[1] & ~(uint64_t)AE_O_KNOWN || (flags & AE_O_ACCMODE) == AE_O_ACCMODE)
		return -AE_EINVAL;
	bool writes = (flags & AE_O_ACCMODE) != AE_O_RDONLY || (flags & (AE_O_CREAT | AE_O_TRUNC));
	if (writes && !(p->caps & (1u << VELA_CAP_FS_WRITE)))
		return -AE_EPERM;
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	if (rc)
		return rc;
	struct file *f;
	rc = vfs_open(abs, flags, (uint32_t)a[2] & 0777, &f);
	if (rc)
		return rc;
	int fd = fd_install(p, f);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long sys_close(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f)
		return -AE_EBADF;
	p->fds[a[0]] = NULL;
	file_put(f);
	return 0;
}

static long sys_lseek(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f)
		return -AE_EBADF;
	if (!f->ops->lseek)
		return -AE_ESPIPE;
	if (a[2] > AE_SEEK_END)
		return -AE_EINVAL;
	return f->ops->lseek(f, (int64_t)a[1], (int)a[2]);
}

static long sys_stat(struct process *p, const uint64_t *a)
{
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	if (rc)
		return rc;
	if (!sandbox_range_ok(p, a[1], sizeof(struct ae_stat)))
		return -AE_EFAULT;
	struct ae_stat st;
	rc = vfs_stat(abs, &st);
	if (rc)
		return rc;
	return sandbox_copy_out(p, a[1], &st, sizeof(st));
}

static long sys_fstat(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f)
		return -AE_EBADF;
	if (!sandbox_range_ok(p, a[1], sizeof(struct ae_stat)))
		return -AE_EFAULT;
	if (!f->ops->stat)
		return -AE_EINVAL;
	struct ae_stat st;
	int rc = f->ops->stat(f, &st);
	if (rc)
		return rc;
	return sandbox_copy_out(p, a[1], &st, sizeof(st));
}

static long sys_unlink(struct process *p, const uint64_t *a)
{
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	return rc ? rc : vfs_unlink(abs);
}

static long sys_mkdir(struct process *p, const uint64_t *a)
{
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	return rc ? rc : vfs_mkdir(abs, (uint32_t)a[1] & 0777);
}

static long sys_rmdir(struct process *p, const uint64_t *a)
{
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	return rc ? rc : vfs_rmdir(abs);
}

static long sys_rename(struct process *p, const uint64_t *a)
{
	char from[AE_PATH_MAX], to[AE_PATH_MAX];
	int rc = path_arg(p, a[0], from, sizeof(from));
	if (rc == 0)
		rc = path_arg(p, a[1], to, sizeof(to));
	return rc ? rc : vfs_rename(from, to);
}

static long sys_getdents(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f)
		return -AE_EBADF;
	if (!f->ops->getdents)
		return -AE_ENOTDIR;
	if (!sandbox_range_ok(p, a[1], a[2]))
		return -AE_EFAULT;
	if (a[2] < sizeof(struct ae_dirent) + 2)
		return -AE_EINVAL;
	return fill_sandbox(p, f, f->ops->getdents, a[1], a[2]);
}

static long sys_dup2(struct process *p, const uint64_t *a)
{
	struct file *f = fd_get(p, a[0]);
	if (!f || a[1] >= PROC_MAX_FDS)
		return -AE_EBADF;
	if (a[0] == a[1])
		return (long)a[1];
	struct file *old = p->fds[a[1]];
	p->fds[a[1]] = file_get(f);
	file_put(old);
	return (long)a[1];
}

static long sys_pipe(struct process *p, const uint64_t *a)
{
	if (!sandbox_range_ok(p, a[0], 8))
		return -AE_EFAULT;
	struct file *ends[2];
	int rc = pipe_create(ends);
	if (rc)
		return rc;
	int r = fd_install(p, ends[0]);
	int w = r >= 0 ? fd_install(p, ends[1]) : -AE_EMFILE;
	if (r < 0 || w < 0) {
		if (r >= 0)
			p->fds[r] = NULL;
		file_put(ends[0]);
		file_put(ends[1]);
		return -AE_EMFILE;
	}
	int32_t fds[2] = {r, w};
	rc = sandbox_copy_out(p, a[0], fds, sizeof(fds));
	if (rc) {
		p->fds[r] = p->fds[w] = NULL;
		file_put(ends[0]);
		file_put(ends[1]);
	}
	return rc;
}

/* Copies a NULL-terminated vector of strings (argv, envp) out of the sandbox
 * into pool; at most PROC_MAX_ARGS strings and AE_ARG_MAX bytes in all. */
static int copy_string_vector(struct process *p, uint64_t addr, const char **out, int *count,
			      char *pool, size_t *pool_used)
{
	*count = 0;
	if (!addr)
		return 0;
	for (int i = 0;; i++) {
		uint64_t ptr;
		int rc = sandbox_copy_in(p, &ptr, addr + 8 * (uint64_t)i, 8);
		if (rc)
			return rc;
		if (!ptr)
			return 0;
		if (i == PROC_MAX_ARGS || *pool_used >= AE_ARG_MAX)
			return -AE_E2BIG;
		long n = sandbox_copy_string(p, ptr, pool + *pool_used, AE_ARG_MAX - *pool_used);
		if (n == -AE_ENAMETOOLONG)
			return -AE_E2BIG;
		if (n < 0)
			return (int)n;
		out[i] = pool + *pool_used;
		*pool_used += (size_t)n + 1;
		*count = i + 1;
	}
}

static long sys_spawn(struct process *p, const uint64_t *a)
{
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	if (rc)
		return rc;
	struct file *fds[3] = {p->fds[0], p->fds[1], p->fds[2]};
	if (a[3]) {
		int32_t map[AE_SPAWN_FDS];
		rc = sandbox_copy_in(p, map, a[3], sizeof(map));
		if (rc)
			return rc;
		for (int i = 0; i < AE_SPAWN_FDS; i++) {
			if (map[i] == -1) {
				fds[i] = NULL;
			} else {
				fds[i] = fd_get(p, (uint64_t)(int64_t)map[i]);
				if (!fds[i])
					return -AE_EBADF;
			}
		}
	}
	char *pool = kmalloc(2 * AE_ARG_MAX);
	const char **vec = kmalloc(2 * (PROC_MAX_ARGS + 1) * sizeof(char *));
	if (!pool || !vec) {
		kfree(pool);
		kfree(vec);
		return -AE_ENOMEM;
	}
	struct proc_args args = {0, vec, 0, vec + PROC_MAX_ARGS + 1};
	size_t used = 0;
	rc = copy_string_vector(p, a[1], vec, &args.argc, pool, &used);
	if (rc == 0) {
		size_t env_used = 0;
		rc = copy_string_vector(p, a[2], vec + PROC_MAX_ARGS + 1, &args.envc,
					pool + AE_ARG_MAX, &env_used);
	}
	uint8_t *image = NULL;
	size_t len = 0;
	if (rc == 0)
		rc = vfs_read_all(abs, &image, &len, SPAWN_MAX_IMAGE);
	int pid = rc;
	if (rc == 0) {
		char err[128];
		const char *base = strrchr(abs, '/');
		const char *name = base ? base + 1 : abs;
		if (args.argc == 0) {
			vec[0] = name;
			args.argc = 1;
		}
		/* A refusal is logged with its reason by proc_spawn_image_args. */
		pid = proc_spawn_image_args(name, image, len, fds, &args, err, sizeof(err));
	}
	kfree(image);
	kfree(pool);
	kfree(vec);
	return pid;
}

static long sys_waitpid(struct process *p, const uint64_t *a)
{
	if (a[2] & ~(uint64_t)AE_WNOHANG)
		return -AE_EINVAL;
	if (a[1] && !sandbox_range_ok(p, a[1], 4))
		return -AE_EFAULT;
	int status = 0;
	int pid = proc_waitpid((int)(int64_t)a[0], &status, (int)a[2]);
	if (pid > 0 && a[1]) {
		int32_t s = status;
		int rc = sandbox_copy_out(p, a[1], &s, sizeof(s));
		if (rc)
			return rc;
	}
	return pid;
}

static long sys_getpid(struct process *p, const uint64_t *a)
{
	(void)a;
	return p->pid;
}

static long sys_kill(struct process *p, const uint64_t *a)
{
	(void)p;
	if ((int64_t)a[0] <= 0)
		return -AE_ESRCH;
	return proc_kill((int)a[0], (int)a[1]);
}

static long sys_brk(struct process *p, const uint64_t *a)
{
	if (a[0] == 0)
		return (long)p->brk;
	if (a[0] < p->brk_min || a[0] > p->stack_low)
		return -AE_ENOMEM;
	p->brk = a[0];
	return (long)p->brk;
}

static long sys_nanosleep(struct process *p, const uint64_t *a)
{
	(void)p;
	if (a[0] == 0)
		sched_yield();
	else
		sched_sleep_ns(a[0]);
	return sched_interrupted() ? -AE_EINTR : 0;
}

static long sys_clock_gettime(struct process *p, const uint64_t *a)
{
	if (a[0] != AE_CLOCK_REALTIME && a[0] != AE_CLOCK_MONOTONIC)
		return -AE_EINVAL;
	uint64_t ns = time_now_ns();
	if (a[0] == AE_CLOCK_REALTIME)
		ns += time_boot_epoch_ns();
	struct ae_timespec ts = {(int64_t)(ns / 1000000000u), (int64_t)(ns % 1000000000u)};
	return sandbox_copy_out(p, a[1], &ts, sizeof(ts));
}

static long sys_getrandom(struct process *p, const uint64_t *a)
{
	if (a[2] & ~(uint64_t)AE_GRND_NONBLOCK)
		return -AE_EINVAL;
	if (!sandbox_range_ok(p, a[0], a[1]))
		return -AE_EFAULT;
	size_t len = a[1] < IO_CHUNK ? a[1] : IO_CHUNK;
	uint8_t buf[256];
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		if (crypto_random_bytes(buf, n) != 0)
			return -AE_EIO;
		int rc = sandbox_copy_out(p, a[0] + done, buf, n);
		if (rc)
			return rc;
		done += n;
	}
	memset(buf, 0, sizeof(buf));
	return (long)len;
}

static long sys_chdir(struct process *p, const uint64_t *a)
{
	char abs[AE_PATH_MAX];
	int rc = path_arg(p, a[0], abs, sizeof(abs));
	if (rc)
		return rc;
	struct ae_stat st;
	rc = vfs_stat(abs, &st);
	if (rc)
		return rc;
	if ((st.mode & AE_S_IFMT) != AE_S_IFDIR)
		return -AE_ENOTDIR;
	memcpy(p->cwd, abs, strlen(abs) + 1);
	return 0;
}

static long sys_getcwd(struct process *p, const uint64_t *a)
{
	size_t n = strlen(p->cwd) + 1;
	if (a[1] < n)
		return -AE_ERANGE;
	int rc = sandbox_copy_out(p, a[0], p->cwd, n);
	return rc ? rc : (long)n;
}

static const syscall_fn syscall_table[AE_SYS_COUNT] = {
#define AETHER_SYSCALL_FN(nr, name, argc, cap, what) [nr] = sys_##name,
    AETHER_SYSCALLS(AETHER_SYSCALL_FN)
#undef AETHER_SYSCALL_FN
};

static const int8_t syscall_caps[AE_SYS_COUNT] = {
#define AETHER_SYSCALL_CAPS(nr, name, argc, cap, what) [nr] = cap,
    AETHER_SYSCALLS(AETHER_SYSCALL_CAPS)
#undef AETHER_SYSCALL_CAPS
};

long syscall_invoke(struct process *p, uint64_t nr, const uint64_t args[6])
{
	if (nr >= AE_SYS_SERVICE_BASE)
		return syscall_service(p, nr - AE_SYS_SERVICE_BASE, args);
	if (nr >= AE_SYS_COUNT)
		return -AE_ENOSYS;
	int cap = syscall_caps[nr];
	if (cap >= 0 && !(p->caps & (1u << cap)))
		return -AE_EPERM; /* only reachable when the number was not proven at load */
	return syscall_table[nr](p, args);
}
