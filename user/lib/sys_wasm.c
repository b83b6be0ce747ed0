/*
 * The AetherOS calls of ulib.h in a wasm32-wasi program: the `aether` import
 * module of vela-wasm. Each import is a system call passed through: i32
 * pointer arguments are sandbox addresses (wasm memory is the sandbox),
 * arrays are in the kernel's format (spawn's argv and envp are u64 address
 * arrays, built here), the result is the system call's (a negative errno in
 * the AetherOS = Linux numbering, mapped here to the C library's numbering).
 */
#include "ulib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AETHER_IMPORT(name) __attribute__((import_module("aether"), import_name(#name)))

AETHER_IMPORT(spawn)
int aether_spawn(const char *, const uint64_t *, const uint64_t *, const int *);
AETHER_IMPORT(waitpid) int aether_waitpid(int, int *, int);
AETHER_IMPORT(pipe) int aether_pipe(int *);
AETHER_IMPORT(dup2) int aether_dup2(int, int);
AETHER_IMPORT(kill) int aether_kill(int, int);
AETHER_IMPORT(getpid) int aether_getpid(void);
AETHER_IMPORT(getdents) int aether_getdents(int, void *, uint32_t);
AETHER_IMPORT(stat) int aether_stat(const char *, struct ae_stat *);
AETHER_IMPORT(chdir) int aether_chdir(const char *);
AETHER_IMPORT(getcwd) int aether_getcwd(char *, uint32_t);

/* AetherOS (Linux) errno -> this C library's errno */
static int map_errno(int r)
{
	static const int table[][2] = {
	    {AE_EPERM, EPERM},	   {AE_ENOENT, ENOENT},
	    {AE_ESRCH, ESRCH},	   {AE_EINTR, EINTR},
	    {AE_EIO, EIO},	   {AE_E2BIG, E2BIG},
	    {AE_ENOEXEC, ENOEXEC}, {AE_EBADF, EBADF},
	    {AE_ECHILD, ECHILD},   {AE_EAGAIN, EAGAIN},
	    {AE_ENOMEM, ENOMEM},   {AE_EACCES, EACCES},
	    {AE_EFAULT, EFAULT},   {AE_EBUSY, EBUSY},
	    {AE_EEXIST, EEXIST},   {AE_EXDEV, EXDEV},
	    {AE_ENOTDIR, ENOTDIR}, {AE_EISDIR, EISDIR},
	    {AE_EINVAL, EINVAL},   {AE_ENFILE, ENFILE},
	    {AE_EMFILE, EMFILE},   {AE_EFBIG, EFBIG},
	    {AE_ENOSPC, ENOSPC},   {AE_ESPIPE, ESPIPE},
	    {AE_EROFS, EROFS},	   {AE_EPIPE, EPIPE},
	    {AE_ERANGE, ERANGE},   {AE_ENAMETOOLONG, ENAMETOOLONG},
	    {AE_ENOSYS, ENOSYS},   {AE_ENOTEMPTY, ENOTEMPTY},
	    {AE_EBADMSG, EBADMSG}, {AE_ENOTSUP, ENOTSUP},
	};
	if (r >= 0)
		return r;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i][0] == -r)
			return -table[i][1];
	return -EIO;
}

/* a C string array -> the kernel's u64 address array (malloc'ed) */
static uint64_t *addr_array(char *const v[])
{
	size_t n = 0;
	while (v && v[n])
		n++;
	uint64_t *a = calloc(n + 1, sizeof(uint64_t));
	if (!a)
		return NULL;
	for (size_t i = 0; i < n; i++)
		a[i] = (uint64_t)(uintptr_t)v[i];
	return a;
}

int ae_spawn(const char *path, char *const argv[], char *const envp[], const int fdmap[3])
{
	uint64_t *av = addr_array(argv), *ev = addr_array(envp);
	int r = -ENOMEM;
	if (av && ev)
		r = map_errno(aether_spawn(path, av, ev, fdmap));
	free(av);
	free(ev);
	return r;
}

int ae_waitpid(int pid, int *status, int flags)
{
	return map_errno(aether_waitpid(pid, status, flags));
}

int ae_pipe(int fds[2])
{
	return map_errno(aether_pipe(fds));
}

int ae_dup2(int oldfd, int newfd)
{
	return map_errno(aether_dup2(oldfd, newfd));
}

int ae_kill(int pid, int sig)
{
	return map_errno(aether_kill(pid, sig));
}

int ae_getpid(void)
{
	return aether_getpid();
}

/* The kernel's working directory is the truth (children inherit it); the C
 * library resolves relative paths against its own copy, kept in step here. */
int ae_chdir(const char *path)
{
	int r = map_errno(aether_chdir(path));
	if (r < 0)
		return r;
	char buf[AE_PATH_MAX];
	if (ae_getcwd(buf, sizeof(buf)) > 0)
		chdir(buf);
	return 0;
}

int ae_getcwd(char *buf, size_t len)
{
	memset(buf, 0, len);
	int r = map_errno(aether_getcwd(buf, (uint32_t)len));
	if (r >= 0 && buf[0] != '/')
		return -ENOSYS;
	return r;
}

__attribute__((constructor)) static void sync_cwd(void)
{
	char buf[AE_PATH_MAX];
	if (ae_getcwd(buf, sizeof(buf)) > 0)
		chdir(buf);
}

int ae_stat(const char *path, struct ae_stat *st)
{
	char abs[AE_PATH_MAX];
	if (path[0] != '/') {
		if (!getcwd(abs, sizeof(abs)))
			return -errno;
		size_t n = strlen(abs);
		if (n + 1 + strlen(path) + 1 > sizeof(abs))
			return -ENAMETOOLONG;
		if (n > 1)
			abs[n++] = '/';
		strcpy(abs + n, path);
		path = abs;
	}
	return map_errno(aether_stat(path, st));
}

int ul_list_dir(const char *path, ul_dir_fn fn, void *ctx)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -errno;
	static char buf[2048] __attribute__((aligned(8)));
	int rc = 0;
	for (;;) {
		int n = map_errno(aether_getdents(fd, buf, sizeof(buf)));
		if (n <= 0) {
			rc = n;
			break;
		}
		for (int off = 0; off + (int)sizeof(struct ae_dirent) <= n;) {
			const struct ae_dirent *d = (const void *)(buf + off);
			if (d->reclen == 0)
				break;
			const char *name = (const char *)(d + 1);
			if (strcmp(name, ".") && strcmp(name, ".."))
				rc = fn(ctx, name, d->type);
			if (rc)
				goto out;
			off += d->reclen;
		}
	}
out:
	close(fd);
	return rc;
}
