/*
 * vela-run's host system call shim: the few calls a VELA program needs on a
 * development host: exit, read from stdin, write to stdout/stderr, with the
 * numbers and errno values of the AetherOS ABI (lib/abi/syscall.h,
 * docs/syscalls.md); every other number fails with -ENOSYS. Buffers are sandbox addresses, checked
 * here.
 */
#include "abi/syscall.h"
#include "run.h"

#include <errno.h>
#include <unistd.h>

static bool buf_ok(uint64_t addr, uint64_t len, uint64_t mem_size)
{
	return addr <= mem_size && len <= mem_size - addr;
}

struct vrun_shim_result vrun_shim_syscall(uint64_t nr, const uint64_t a[6], uint8_t *mem,
					  uint64_t mem_size)
{
	struct vrun_shim_result r = {false, 0, 0};
	switch (nr) {
	case AE_SYS_exit:
		r.exited = true;
		r.status = (int64_t)a[0];
		return r;
	case AE_SYS_read:
	case AE_SYS_write: {
		if (vrun_host_syscall && a[0] > 2)
			return vrun_host_syscall(nr, a, mem, mem_size);
		uint64_t fd = a[0], buf = a[1], len = a[2];
		if (!buf_ok(buf, len, mem_size)) {
			r.ret = -AE_EFAULT;
			return r;
		}
		if ((nr == AE_SYS_read && fd != 0) || (nr == AE_SYS_write && fd != 1 && fd != 2)) {
			r.ret = -AE_EBADF;
			return r;
		}
		ssize_t n;
		do {
			n = nr == AE_SYS_read ? read(0, mem + buf, len)
					      : write((int)fd, mem + buf, len);
		} while (n < 0 && errno == EINTR);
		r.ret = n < 0 ? -AE_EIO : n;
		return r;
	}
	default:
		if (vrun_host_syscall)
			return vrun_host_syscall(nr, a, mem, mem_size);
		r.ret = -AE_ENOSYS;
		return r;
	}
}
