/*
 * vela-run: the AetherOS file, time and random system calls on the host, so
 * that programs imported by vela-wasm (WASI preview1 on AetherOS syscalls,
 * lib/wasm/rt.c) run under vela-run exactly as they do in the kernel. The
 * numbers, flags, errno values and structures are those of lib/abi/syscall.h;
 * program descriptors 0-2 are the host's, 3 and up map to host descriptors
 * through a small table. shim.c calls vrun_host_syscall (a weak reference,
 * so builds without this file keep the minimal shim).
 */
#include "abi/syscall.h"
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HOST_FDS 64

static struct {
	int fd; /* host descriptor, -1 = free */
	DIR *dir;
} fds[HOST_FDS];
static bool fds_init;

static void init(void)
{
	if (fds_init)
		return;
	fds_init = true;
	for (int i = 0; i < HOST_FDS; i++)
		fds[i].fd = i < 3 ? i : -1;
}

static int64_t err(void)
{
	switch (errno) {
	case ENOENT:
		return -AE_ENOENT;
	case EBADF:
		return -AE_EBADF;
	case EEXIST:
		return -AE_EEXIST;
	case ENOTDIR:
		return -AE_ENOTDIR;
	case EISDIR:
		return -AE_EISDIR;
	case EINVAL:
		return -AE_EINVAL;
	case ENOTEMPTY:
		return -AE_ENOTEMPTY;
	case EACCES:
	case EPERM:
		return -AE_EACCES;
	case ESPIPE:
		return -AE_ESPIPE;
	case ENAMETOOLONG:
		return -AE_ENAMETOOLONG;
	case EMFILE:
	case ENFILE:
		return -AE_EMFILE;
	case ENOSPC:
		return -AE_ENOSPC;
	case EXDEV:
		return -AE_EXDEV;
	default:
		return -AE_EIO;
	}
}

static bool buf_ok(uint64_t addr, uint64_t len, uint64_t mem_size)
{
	return addr <= mem_size && len <= mem_size - addr;
}

/* a NUL-terminated path inside the sandbox, shorter than AE_PATH_MAX */
static const char *path_at(uint64_t addr, uint8_t *mem, uint64_t mem_size, int64_t *e)
{
	if (addr >= mem_size) {
		*e = -AE_EFAULT;
		return NULL;
	}
	uint64_t max = mem_size - addr < AE_PATH_MAX ? mem_size - addr : AE_PATH_MAX;
	if (!memchr(mem + addr, 0, max)) {
		*e = max == AE_PATH_MAX ? -AE_ENAMETOOLONG : -AE_EFAULT;
		return NULL;
	}
	return (const char *)mem + addr;
}

static int host_fd(uint64_t fd)
{
	init();
	if (fd >= HOST_FDS)
		return -1;
	return fds[fd].fd;
}

static void to_ae_stat(const struct stat *st, struct ae_stat *a)
{
	memset(a, 0, sizeof *a);
	a->ino = st->st_ino;
	a->size = (uint64_t)st->st_size;
	uint32_t type = S_ISDIR(st->st_mode)	? AE_S_IFDIR
			: S_ISREG(st->st_mode)	? AE_S_IFREG
			: S_ISFIFO(st->st_mode) ? AE_S_IFIFO
						: AE_S_IFCHR;
	a->mode = type | (st->st_mode & 0777);
	a->nlink = (uint32_t)st->st_nlink;
	a->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static int64_t do_open(const uint64_t a[6], uint8_t *mem, uint64_t ms)
{
	int64_t e;
	const char *p = path_at(a[0], mem, ms, &e);
	if (!p)
		return e;
	uint64_t fl = a[1];
	if (fl & ~(uint64_t)AE_O_KNOWN)
		return -AE_EINVAL;
	int hf = (fl & AE_O_ACCMODE) == AE_O_WRONLY ? O_WRONLY
		 : (fl & AE_O_ACCMODE) == AE_O_RDWR ? O_RDWR
						    : O_RDONLY;
	if (fl & AE_O_CREAT)
		hf |= O_CREAT;
	if (fl & AE_O_EXCL)
		hf |= O_EXCL;
	if (fl & AE_O_TRUNC)
		hf |= O_TRUNC;
	if (fl & AE_O_APPEND)
		hf |= O_APPEND;
	if (fl & AE_O_DIRECTORY)
		hf |= O_DIRECTORY;
	init();
	int slot = -1;
	for (int i = 3; i < HOST_FDS; i++)
		if (fds[i].fd < 0) {
			slot = i;
			break;
		}
	if (slot < 0)
		return -AE_EMFILE;
	int h = open(p, hf | O_CLOEXEC, (mode_t)(a[2] & 0777));
	if (h < 0)
		return err();
	fds[slot].fd = h;
	fds[slot].dir = NULL;
	return slot;
}

static int64_t do_getdents(const uint64_t a[6], uint8_t *mem, uint64_t ms)
{
	int h = host_fd(a[0]);
	if (h < 0 || a[0] < 3)
		return -AE_EBADF;
	if (!buf_ok(a[1], a[2], ms))
		return -AE_EFAULT;
	if (!fds[a[0]].dir) {
		int d = dup(h);
		if (d < 0 || !(fds[a[0]].dir = fdopendir(d)))
			return -AE_ENOTDIR;
	}
	DIR *dir = fds[a[0]].dir;
	uint64_t used = 0;
	for (;;) {
		long pos = telldir(dir);
		struct dirent *de = readdir(dir);
		if (!de)
			break;
		size_t nl = strlen(de->d_name);
		if (nl > 255)
			continue;
		uint64_t rec = (sizeof(struct ae_dirent) + nl + 1 + 7) & ~7ull;
		if (used + rec > a[2]) {
			seekdir(dir, pos);
			if (!used)
				return -AE_EINVAL;
			break;
		}
		struct ae_dirent h2 = {de->d_ino, (uint16_t)rec,
				       de->d_type == DT_DIR ? AE_DT_DIR : AE_DT_REG, (uint8_t)nl,
				       0};
		memset(mem + a[1] + used, 0, rec);
		memcpy(mem + a[1] + used, &h2, sizeof h2);
		memcpy(mem + a[1] + used + sizeof h2, de->d_name, nl);
		used += rec;
	}
	return (int64_t)used;
}

struct vrun_shim_result vrun_host_syscall(uint64_t nr, const uint64_t a[6], uint8_t *mem,
					  uint64_t ms)
{
	struct vrun_shim_result r = {false, 0, 0};
	int64_t e = 0;
	const char *p, *q;
	struct stat st;
	struct ae_stat as;
	switch (nr) {
	case AE_SYS_read:
	case AE_SYS_write: {
		int h = host_fd(a[0]);
		if (h < 0)
			return r.ret = -AE_EBADF, r;
		if (!buf_ok(a[1], a[2], ms))
			return r.ret = -AE_EFAULT, r;
		ssize_t n;
		do {
			n = nr == AE_SYS_read ? read(h, mem + a[1], a[2])
					      : write(h, mem + a[1], a[2]);
		} while (n < 0 && errno == EINTR);
		r.ret = n < 0 ? err() : n;
		return r;
	}
	case AE_SYS_open:
		r.ret = do_open(a, mem, ms);
		return r;
	case AE_SYS_close: {
		int h = host_fd(a[0]);
		if (h < 0 || a[0] < 3)
			return r.ret = h < 0 ? -AE_EBADF : 0, r;
		if (fds[a[0]].dir)
			closedir(fds[a[0]].dir);
		close(h);
		fds[a[0]].fd = -1;
		fds[a[0]].dir = NULL;
		return r;
	}
	case AE_SYS_lseek: {
		int h = host_fd(a[0]);
		if (h < 0)
			return r.ret = -AE_EBADF, r;
		if (a[2] > 2)
			return r.ret = -AE_EINVAL, r;
		if (fds[a[0]].dir) {
			/* a directory being read: its stream caches entries, so rewind
			 * the stream; as in the kernel, only a rewind is defined */
			if (a[1] != 0 || a[2] != AE_SEEK_SET)
				return r.ret = -AE_EINVAL, r;
			rewinddir(fds[a[0]].dir);
			return r;
		}
		off_t o = lseek(h, (off_t)a[1],
				a[2] == 0   ? SEEK_SET
				: a[2] == 1 ? SEEK_CUR
					    : SEEK_END);
		r.ret = o < 0 ? err() : o;
		return r;
	}
	case AE_SYS_stat:
	case AE_SYS_fstat: {
		if (!buf_ok(a[1], sizeof as, ms))
			return r.ret = -AE_EFAULT, r;
		if (nr == AE_SYS_stat) {
			if (!(p = path_at(a[0], mem, ms, &e)))
				return r.ret = e, r;
			if (stat(p, &st) < 0)
				return r.ret = err(), r;
		} else {
			int h = host_fd(a[0]);
			if (h < 0 || fstat(h, &st) < 0)
				return r.ret = -AE_EBADF, r;
		}
		to_ae_stat(&st, &as);
		memcpy(mem + a[1], &as, sizeof as);
		return r;
	}
	case AE_SYS_unlink:
	case AE_SYS_rmdir:
	case AE_SYS_mkdir:
	case AE_SYS_chdir:
		if (!(p = path_at(a[0], mem, ms, &e)))
			return r.ret = e, r;
		e = nr == AE_SYS_unlink	 ? unlink(p)
		    : nr == AE_SYS_rmdir ? rmdir(p)
		    : nr == AE_SYS_mkdir ? mkdir(p, (mode_t)(a[1] & 0777))
					 : chdir(p);
		r.ret = e < 0 ? err() : 0;
		return r;
	case AE_SYS_rename:
		if (!(p = path_at(a[0], mem, ms, &e)) || !(q = path_at(a[1], mem, ms, &e)))
			return r.ret = e, r;
		r.ret = rename(p, q) < 0 ? err() : 0;
		return r;
	case AE_SYS_getdents:
		r.ret = do_getdents(a, mem, ms);
		return r;
	case AE_SYS_nanosleep: {
		struct timespec ts = {(time_t)(a[0] / 1000000000), (long)(a[0] % 1000000000)};
		nanosleep(&ts, NULL);
		return r;
	}
	case AE_SYS_clock_gettime: {
		struct timespec ts;
		if (!buf_ok(a[1], 16, ms))
			return r.ret = -AE_EFAULT, r;
		if (a[0] > 1)
			return r.ret = -AE_EINVAL, r;
		clock_gettime(a[0] ? CLOCK_MONOTONIC : CLOCK_REALTIME, &ts);
		struct ae_timespec t = {ts.tv_sec, ts.tv_nsec};
		memcpy(mem + a[1], &t, sizeof t);
		return r;
	}
	case AE_SYS_getrandom: {
		if (!buf_ok(a[0], a[1], ms))
			return r.ret = -AE_EFAULT, r;
		uint64_t done = 0;
		while (done < a[1]) {
			ssize_t n = getrandom(mem + a[0] + done, a[1] - done, 0);
			if (n <= 0)
				return r.ret = -AE_EIO, r;
			done += (uint64_t)n;
		}
		r.ret = (int64_t)a[1];
		return r;
	}
	case AE_SYS_getcwd: {
		char buf[AE_PATH_MAX];
		if (!getcwd(buf, sizeof buf))
			return r.ret = -AE_ERANGE, r;
		uint64_t n = strlen(buf) + 1;
		if (n > a[1])
			return r.ret = -AE_ERANGE, r;
		if (!buf_ok(a[0], n, ms))
			return r.ret = -AE_EFAULT, r;
		memcpy(mem + a[0], buf, n);
		r.ret = (int64_t)n;
		return r;
	}
	case AE_SYS_getpid:
		r.ret = getpid();
		return r;
	default:
		r.ret = -AE_ENOSYS;
		return r;
	}
}
