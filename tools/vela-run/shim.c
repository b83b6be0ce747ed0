/*
 * vela-run's host system call shim: the few calls a VELA program needs on a
 * development host (docs/vela-isa.md section 7): exit, read from stdin,
 * write to stdout/stderr. Buffers are sandbox addresses, checked here.
 */
#include "run.h"

#include <errno.h>
#include <unistd.h>

#define VSYS_EXIT  0
#define VSYS_READ  1
#define VSYS_WRITE 2

static bool buf_ok(uint64_t addr, uint64_t len, uint64_t mem_size)
{
	return addr <= mem_size && len <= mem_size - addr;
}

struct vrun_shim_result vrun_shim_syscall(uint64_t nr, const uint64_t a[6], uint8_t *mem,
					  uint64_t mem_size)
{
	struct vrun_shim_result r = {false, 0, 0};
	switch (nr) {
	case VSYS_EXIT:
		r.exited = true;
		r.status = (int64_t)a[0];
		return r;
	case VSYS_READ:
	case VSYS_WRITE: {
		uint64_t fd = a[0], buf = a[1], len = a[2];
		if (!buf_ok(buf, len, mem_size)) {
			r.ret = -EFAULT;
			return r;
		}
		if ((nr == VSYS_READ && fd != 0) || (nr == VSYS_WRITE && fd != 1 && fd != 2)) {
			r.ret = -EBADF;
			return r;
		}
		ssize_t n;
		do {
			n = nr == VSYS_READ ? read(0, mem + buf, len)
					    : write((int)fd, mem + buf, len);
		} while (n < 0 && errno == EINTR);
		r.ret = n < 0 ? -errno : n;
		return r;
	}
	default:
		r.ret = -ENOSYS;
		return r;
	}
}
