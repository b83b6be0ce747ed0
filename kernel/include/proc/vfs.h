/*
 * The path layer: mount points and path normalisation in front of the
 * filesystems. A filesystem implements vfs_fs_ops on paths relative to its
 * mount point, always absolute and normalised ("/", "/a/b"). Results are 0 or
 * a negative AE_* errno.
 */
#ifndef PROC_VFS_H
#define PROC_VFS_H

#include <stddef.h>
#include <stdint.h>

#include "abi/syscall.h"

struct file;

struct vfs_fs_ops {
	const char *name;
	int (*open)(void *fs, const char *path, uint32_t flags, uint32_t mode, struct file **out);
	int (*stat)(void *fs, const char *path, struct ae_stat *st);
	int (*mkdir)(void *fs, const char *path, uint32_t mode);
	int (*unlink)(void *fs, const char *path);
	int (*rmdir)(void *fs, const char *path);
	int (*rename)(void *fs, const char *from, const char *to);
};

#define VFS_MAX_MOUNTS 8

/* Mounts fs at prefix ("/", "/proc", "/boot"); later mounts hide earlier ones. */
int vfs_mount(const char *prefix, const struct vfs_fs_ops *ops, void *fs);
/* Joins path to cwd (if relative) and removes ".", ".." and repeated slashes.
 * -AE_ENAMETOOLONG if the result does not fit, -AE_ENOENT for an empty path. */
int vfs_normalise(const char *cwd, const char *path, char *out, size_t cap);

int vfs_open(const char *abs, uint32_t flags, uint32_t mode, struct file **out);
int vfs_stat(const char *abs, struct ae_stat *st);
int vfs_mkdir(const char *abs, uint32_t mode);
int vfs_unlink(const char *abs);
int vfs_rmdir(const char *abs);
int vfs_rename(const char *from, const char *to);

/* Reads a whole file into a kmalloc'ed buffer (for exec); caller kfree()s it. */
int vfs_read_all(const char *abs, uint8_t **buf, size_t *len, size_t max);

#endif
