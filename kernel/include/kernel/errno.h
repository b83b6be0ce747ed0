/*
 * Kernel error codes. Command-like kernel functions return 0 or a negative
 * code from this list. The numbers follow Linux/POSIX so the syscall layer can
 * pass them to user programs unchanged.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define EPERM  1  /* operation not permitted */
#define ENOENT 2  /* no such entry (nothing mapped there) */
#define ENOMEM 12 /* out of memory */
#define EACCES 13 /* permission denied (e.g. a writable+executable mapping) */
#define EFAULT 14 /* bad address */
#define EBUSY  16 /* resource busy */
#define EEXIST 17 /* already exists (already mapped) */
#define EINVAL 22 /* invalid argument */
#define ERANGE 34 /* out of range */

#endif
