/*
 * VELA-3 service opcodes: system calls whose number is the opcode, so their
 * capability is proven when the program is loaded (the translator rejects a
 * program using one it lacks). The run-time check here is the second line.
 */
#include <string.h>

#include "abi/syscall.h"
#include "crypto/ed25519.h"
#include "crypto/random.h"
#include "crypto/sha512.h"
#include "mm/heap.h"
#include "proc/process.h"
#include "proc/sandbox.h"
#include "proc/syscall.h"
#include "vela/vela.h"

#define SERVICE_MAX_MESSAGE (1u << 20)

static long service_hash(struct process *p, const uint64_t *a)
{
	if (!sandbox_range_ok(p, a[0], 64) || !sandbox_range_ok(p, a[1], a[2]))
		return -AE_EFAULT;
	struct sha512_ctx ctx;
	sha512_init(&ctx);
	uint8_t buf[512];
	for (uint64_t done = 0; done < a[2];) {
		size_t n = a[2] - done < sizeof(buf) ? (size_t)(a[2] - done) : sizeof(buf);
		int rc = sandbox_copy_in(p, buf, a[1] + done, n);
		if (rc)
			return rc;
		sha512_update(&ctx, buf, n);
		done += n;
	}
	uint8_t digest[64];
	sha512_final(&ctx, digest);
	return sandbox_copy_out(p, a[0], digest, sizeof(digest));
}

static long service_verify(struct process *p, const uint64_t *a)
{
	if (a[1] > SERVICE_MAX_MESSAGE)
		return -AE_EINVAL;
	uint8_t sig[64], pk[32];
	int rc = sandbox_copy_in(p, sig, a[2], sizeof(sig));
	if (rc == 0)
		rc = sandbox_copy_in(p, pk, a[3], sizeof(pk));
	if (rc == 0 && !sandbox_range_ok(p, a[0], a[1]))
		rc = -AE_EFAULT;
	if (rc)
		return rc;
	uint8_t *msg = kmalloc(a[1] ? a[1] : 1);
	if (!msg)
		return -AE_ENOMEM;
	rc = sandbox_copy_in(p, msg, a[0], a[1]);
	long r = rc ? rc : (ed25519_verify(sig, msg, a[1], pk) ? 1 : 0);
	kfree(msg);
	return r;
}

long syscall_service(struct process *p, uint64_t opcode, const uint64_t args[6])
{
	const struct vela_opinfo *oi = opcode < 256 ? vela_opinfo((unsigned)opcode) : NULL;
	if (!oi || oi->cls != VELA_CLS_SERVICE)
		return -AE_ENOSYS;
	if (oi->cap >= 0 && !(p->caps & (1u << oi->cap)))
		return -AE_EPERM;
	uint64_t a[6];
	memcpy(a, args, sizeof(a));
	switch (opcode) {
	case VELA_OP_FSOPEN:
		return syscall_invoke(p, AE_SYS_open,
				      (uint64_t[6]){a[0], a[1] & AE_O_DIRECTORY, 0});
	case VELA_OP_FSREAD:
		return syscall_invoke(p, AE_SYS_read, a);
	case VELA_OP_FSCREATE:
		return syscall_invoke(
		    p, AE_SYS_open,
		    (uint64_t[6]){a[0], AE_O_WRONLY | AE_O_CREAT | AE_O_TRUNC, a[1] & 0777});
	case VELA_OP_FSWRITE:
		return syscall_invoke(p, AE_SYS_write, a);
	case VELA_OP_FSUNLINK:
		return syscall_invoke(p, AE_SYS_unlink, a);
	case VELA_OP_CRYPTOHASH:
		return service_hash(p, a);
	case VELA_OP_CRYPTORAND:
		return syscall_invoke(p, AE_SYS_getrandom, (uint64_t[6]){a[0], a[1], 0});
	case VELA_OP_CRYPTOVERIFY:
		return service_verify(p, a);
	default:
		/* net.*: no network stack in this kernel yet. */
		return -AE_ENOSYS;
	}
}
