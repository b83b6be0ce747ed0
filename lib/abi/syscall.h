/*
 * The AetherOS system-call ABI, shared by the kernel, vela-run's host shim, the
 * reference interpreter's tests and vela-wasm's WASI layer (docs/syscalls.md).
 *
 * VELA convention: number in R15, arguments in R3..R8, result in R3; a result
 * in [-4095, -1] is a negated errno. Pointers are sandbox addresses; a buffer
 * not wholly inside the sandbox fails with -AE_EFAULT.
 */
#ifndef ABI_SYSCALL_H
#define ABI_SYSCALL_H

#include <stdint.h>

/* X(number, name, argument count, capability or -1, what) -- the one list. */
#define AETHER_SYSCALLS(X)                                                                         \
	X(0, exit, 1, -1, "end the process with a status")                                         \
	X(1, read, 3, -1, "read from a descriptor")                                                \
	X(2, write, 3, -1, "write to a descriptor")                                                \
	X(3, open, 3, 0, "open a path (FS_WRITE also needed to create or write)")                  \
	X(4, close, 1, -1, "close a descriptor")                                                   \
	X(5, lseek, 3, -1, "move a file offset")                                                   \
	X(6, stat, 2, 0, "file status by path")                                                    \
	X(7, fstat, 2, -1, "file status by descriptor")                                            \
	X(8, unlink, 1, 1, "remove a file")                                                        \
	X(9, mkdir, 2, 1, "create a directory")                                                    \
	X(10, rmdir, 1, 1, "remove an empty directory")                                            \
	X(11, rename, 2, 1, "rename a file or directory")                                          \
	X(12, getdents, 3, -1, "read directory entries from a descriptor")                         \
	X(13, dup2, 2, -1, "duplicate a descriptor onto another")                                  \
	X(14, pipe, 1, -1, "create a pipe (two int32 descriptors)")                                \
	X(15, spawn, 4, 4, "start a program: path, argv, envp, fd map")                            \
	X(16, waitpid, 3, -1, "wait for a child and reap it")                                      \
	X(17, getpid, 0, -1, "this process's id")                                                  \
	X(18, kill, 2, 4, "send a signal (terminate) to a process")                                \
	X(19, brk, 1, -1, "move the program break inside the sandbox")                             \
	X(20, nanosleep, 1, -1, "sleep for nanoseconds (0 yields)")                                \
	X(21, clock_gettime, 2, -1, "read a clock into {sec, nsec}")                               \
	X(22, getrandom, 3, -1, "random bytes from the kernel CSPRNG")                             \
	X(23, chdir, 1, 0, "change the working directory")                                         \
	X(24, getcwd, 2, -1, "copy the working directory")

enum aether_syscall {
#define AETHER_SYSCALL_ENUM(nr, name, argc, cap, what) AE_SYS_##name = nr,
	AETHER_SYSCALLS(AETHER_SYSCALL_ENUM)
#undef AETHER_SYSCALL_ENUM
	    AE_SYS_COUNT
};
_Static_assert(AE_SYS_COUNT == 25, "AetherOS has 25 system calls");

/* Capability-gated service opcodes call the handler with this base + opcode. */
#define AE_SYS_SERVICE_BASE 0x10000

/* errno values (Linux numbering, so WASI and C libraries map them directly). */
enum aether_errno {
	AE_EPERM = 1,
	AE_ENOENT = 2,
	AE_ESRCH = 3,
	AE_EINTR = 4,
	AE_EIO = 5,
	AE_E2BIG = 7,
	AE_ENOEXEC = 8,
	AE_EBADF = 9,
	AE_ECHILD = 10,
	AE_EAGAIN = 11,
	AE_ENOMEM = 12,
	AE_EACCES = 13,
	AE_EFAULT = 14,
	AE_EBUSY = 16,
	AE_EEXIST = 17,
	AE_EXDEV = 18,
	AE_ENOTDIR = 20,
	AE_EISDIR = 21,
	AE_EINVAL = 22,
	AE_ENFILE = 23,
	AE_EMFILE = 24,
	AE_EFBIG = 27,
	AE_ENOSPC = 28,
	AE_ESPIPE = 29,
	AE_EROFS = 30,
	AE_EPIPE = 32,
	AE_ERANGE = 34,
	AE_ENAMETOOLONG = 36,
	AE_ENOSYS = 38,
	AE_ENOTEMPTY = 39,
	AE_EBADMSG = 74,
	AE_ENOTSUP = 95,
};

/* open() flags. */
#define AE_O_RDONLY    0x0
#define AE_O_WRONLY    0x1
#define AE_O_RDWR      0x2
#define AE_O_ACCMODE   0x3
#define AE_O_CREAT     0x40
#define AE_O_EXCL      0x80
#define AE_O_TRUNC     0x200
#define AE_O_APPEND    0x400
#define AE_O_DIRECTORY 0x10000
#define AE_O_KNOWN                                                                                 \
	(AE_O_ACCMODE | AE_O_CREAT | AE_O_EXCL | AE_O_TRUNC | AE_O_APPEND | AE_O_DIRECTORY)

/* lseek() whence. */
#define AE_SEEK_SET 0
#define AE_SEEK_CUR 1
#define AE_SEEK_END 2

/* File types in ae_stat.mode (upper bits) and ae_dirent.type. */
#define AE_S_IFMT  0xF000
#define AE_S_IFREG 0x8000
#define AE_S_IFDIR 0x4000
#define AE_S_IFIFO 0x1000
#define AE_S_IFCHR 0x2000

#define AE_DT_REG 1
#define AE_DT_DIR 2

/* Integrity status of a file (ae_stat.integrity): what IronVFS could prove. */
#define AE_INTEGRITY_UNSIGNED 0 /* not a signed file (pipe, console, RAM file) */
#define AE_INTEGRITY_SYSTEM   1 /* signed off-device by the build key */
#define AE_INTEGRITY_DEVICE   2 /* signed at run time by this device's key */
#define AE_INTEGRITY_DAMAGED  3 /* a check failed: reads return EBADMSG */

struct ae_stat {
	uint64_t ino;
	uint64_t size;
	uint32_t mode; /* AE_S_IF* | permission bits */
	uint32_t nlink;
	int64_t mtime_ns;
	uint32_t integrity; /* AE_INTEGRITY_* */
	uint32_t reserved;
};
_Static_assert(sizeof(struct ae_stat) == 40, "ae_stat is part of the ABI");

/* getdents() returns records of this header followed by the name and a NUL,
 * each record padded to 8 bytes (reclen). */
struct ae_dirent {
	uint64_t ino;
	uint16_t reclen;
	uint8_t type; /* AE_DT_* */
	uint8_t namelen;
	uint32_t reserved;
	/* char name[namelen + 1] follows */
};
_Static_assert(sizeof(struct ae_dirent) == 16, "ae_dirent header is part of the ABI");

/* clock_gettime() clocks and result. */
#define AE_CLOCK_REALTIME  0
#define AE_CLOCK_MONOTONIC 1
struct ae_timespec {
	int64_t sec;
	int64_t nsec;
};
_Static_assert(sizeof(struct ae_timespec) == 16, "ae_timespec is part of the ABI");

/* waitpid(): status encoding. A normal exit stores code (0..255); a trap or a
 * kill stores 128 + signal/trap kind with AE_WAIT_SIGNALED set. */
#define AE_WAIT_SIGNALED 0x100
#define AE_WNOHANG	 1

/* kill() signals. */
#define AE_SIGINT  2
#define AE_SIGKILL 9
#define AE_SIGTERM 15

/* spawn() descriptor map: child fd i = parent fd map[i] for i < 3, -1 = closed. */
#define AE_SPAWN_FDS 3

/* getrandom() flags (accepted and ignored: the kernel generator never blocks once seeded). */
#define AE_GRND_NONBLOCK 1

/* Limits. */
#define AE_PATH_MAX 256
#define AE_ARG_MAX  4096

#endif
