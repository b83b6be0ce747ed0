/*
 * The AetherOS calls of ulib.h in a wasm32-wasi program: the `aether` import
 * module of vela-wasm. Each import is a system call passed through: i32
 * pointer arguments are sandbox addresses (wasm memory is the sandbox),
 * arrays are in the kernel's format (spawn's argv and envp are u64 address
 * arrays, built here), the result is the system call's (a negative errno in
 * the AetherOS = Linux numbering, mapped here to the C library's numbering).
 */
#include "aether.h"
#include "ulib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* spawn, waitpid, pipe, dup2, kill, getpid: user/include/aether.h.
 * stat: the AetherOS stat (with the integrity field); an older vela-wasm
 * without it returns WASI ENOSYS (52, positive) and ae_stat falls back on WASI. */
AETHER_IMPORT(stat) int32_t aether_stat(const char *path, struct ae_stat *st);

#define WASI_NOSYS_RESULT 52

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

int ae_spawn(const char *path, char *const argv[], char *const envp[], const int fdmap[3])
{
	static char *const empty[] = {NULL};
	return map_errno(aether_spawn(path, argv, envp ? envp : empty, fdmap));
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

/*
 * The working directory lives in the C library: wasi-libc resolves a relative
 * path against its own copy and hands the kernel a path under one of the two
 * preopens, "/" (made absolute by vela-wasm) or "." (passed on as relative:
 * resolved against the kernel's working directory). The kernel's directory
 * therefore stays "/" (aether.chdir would make the "." paths resolve twice);
 * children inherit the directory through $PWD, which the shell exports and the
 * constructor in cwd_inherit_wasm.c adopts.
 */
int ae_chdir(const char *path)
{
	if (chdir(path) < 0)
		return -errno;
	char buf[AE_PATH_MAX];
	if (getcwd(buf, sizeof(buf)))
		setenv("PWD", buf, 1);
	return 0;
}

int ae_getcwd(char *buf, size_t len)
{
	if (!getcwd(buf, len))
		return -errno;
	return (int)strlen(buf) + 1;
}

static void absolute(const char *path, char *out, size_t cap)
{
	if (path[0] == '/' || !getcwd(out, cap)) {
		snprintf(out, cap, "%s", path);
		return;
	}
	size_t n = strlen(out);
	snprintf(out + n, cap - n, "%s%s", n > 1 ? "/" : "", path);
}

/* stat with the integrity field; through WASI (integrity unknown) until
 * aether.stat is mapped */
int ae_stat(const char *path, struct ae_stat *st)
{
	char abs[AE_PATH_MAX];
	absolute(path, abs, sizeof(abs));
	memset(st, 0, sizeof(*st));
	int r = aether_stat(abs, st);
	if (r != WASI_NOSYS_RESULT)
		return map_errno(r);
	struct stat s;
	if (stat(path, &s) < 0)
		return -errno;
	memset(st, 0, sizeof(*st));
	st->ino = s.st_ino;
	st->size = (uint64_t)s.st_size;
	st->mode = S_ISDIR(s.st_mode)	 ? AE_S_IFDIR | 0755
		   : S_ISCHR(s.st_mode)	 ? AE_S_IFCHR | 0666
		   : S_ISFIFO(s.st_mode) ? AE_S_IFIFO | 0600
					 : AE_S_IFREG | 0644;
	st->nlink = (uint32_t)s.st_nlink;
	st->mtime_ns = (int64_t)s.st_mtim.tv_sec * 1000000000 + s.st_mtim.tv_nsec;
	st->integrity = UL_INTEGRITY_UNKNOWN;
	return 0;
}
