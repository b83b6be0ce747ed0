/*
 * The AetherOS calls of ulib.h on a POSIX host (gcc builds for the host
 * tests). spawn uses posix_spawn with the descriptor map; wait statuses are
 * converted to the AetherOS encoding.
 */
#define _GNU_SOURCE
#include "ulib.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int ae_spawn(const char *path, char *const argv[], char *const envp[], const int fdmap[3])
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (fdmap) {
		for (int i = 0; i < 3; i++) {
			if (fdmap[i] < 0)
				posix_spawn_file_actions_addclose(&fa, i);
			else if (fdmap[i] != i)
				posix_spawn_file_actions_adddup2(&fa, fdmap[i], i);
		}
	}
	struct stat st;
	if (stat(path, &st) < 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -errno;
	}
	pid_t pid;
	static char *const noenv[] = {NULL};
	int rc = posix_spawn(&pid, path, &fa, NULL, argv, envp ? envp : noenv);
	posix_spawn_file_actions_destroy(&fa);
	return rc ? -rc : (int)pid;
}

int ae_waitpid(int pid, int *status, int flags)
{
	int st;
	pid_t r = waitpid(pid, &st, (flags & AE_WNOHANG) ? WNOHANG : 0);
	if (r < 0)
		return -errno;
	if (r > 0 && status)
		*status =
		    WIFSIGNALED(st) ? AE_WAIT_SIGNALED | (128 + WTERMSIG(st)) : WEXITSTATUS(st);
	return (int)r;
}

int ae_pipe(int fds[2])
{
	return pipe(fds) < 0 ? -errno : 0;
}

int ae_dup2(int oldfd, int newfd)
{
	int r = dup2(oldfd, newfd);
	return r < 0 ? -errno : r;
}

int ae_kill(int pid, int sig)
{
	return kill(pid, sig) < 0 ? -errno : 0;
}

int ae_getpid(void)
{
	return (int)getpid();
}

int ae_chdir(const char *path)
{
	return chdir(path) < 0 ? -errno : 0;
}

int ae_getcwd(char *buf, size_t len)
{
	return getcwd(buf, len) ? (int)strlen(buf) + 1 : -errno;
}

int ae_stat(const char *path, struct ae_stat *st)
{
	struct stat s;
	if (stat(path, &s) < 0)
		return -errno;
	memset(st, 0, sizeof(*st));
	st->ino = s.st_ino;
	st->size = (uint64_t)s.st_size;
	uint32_t type = S_ISDIR(s.st_mode)    ? AE_S_IFDIR
			: S_ISFIFO(s.st_mode) ? AE_S_IFIFO
			: S_ISCHR(s.st_mode)  ? AE_S_IFCHR
					      : AE_S_IFREG;
	st->mode = type | (s.st_mode & 07777);
	st->nlink = (uint32_t)s.st_nlink;
	st->mtime_ns = (int64_t)s.st_mtim.tv_sec * 1000000000 + s.st_mtim.tv_nsec;
	st->integrity = AE_INTEGRITY_UNSIGNED;
	return 0;
}
