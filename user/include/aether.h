/*
 * The `aether` import module: what WASI preview1 lacks, for AetherOS user
 * programs compiled to wasm (docs/vela-wasm.md). Each function is imported
 * from module "aether" and maps onto the AetherOS system call of the same
 * name (lib/abi/syscall.h, docs/syscalls.md); results are >= 0 or a
 * negated errno. Each is the syscall itself (pointers are sandbox addresses,
 * which wasm addresses are), except spawn, whose argv/envp arrays of wasm32
 * pointers are widened to the kernel's u64 arrays (at most 64 entries).
 */
#ifndef AETHER_H
#define AETHER_H

#include <stdint.h>

#define AETHER_IMPORT(name) __attribute__((import_module("aether"), import_name(#name)))

/* start a program: argv/envp NULL-terminated, fdmap[3] = parent fds for 0-2 (-1 closed) */
AETHER_IMPORT(spawn)
int32_t aether_spawn(const char *path, char *const argv[], char *const envp[],
		     const int32_t fdmap[3]);
/* wait for a child (pid -1: any); status as docs/syscalls.md "Wait status" */
AETHER_IMPORT(waitpid) int32_t aether_waitpid(int32_t pid, int32_t *status, int32_t flags);
AETHER_IMPORT(pipe) int32_t aether_pipe(int32_t fds[2]);
AETHER_IMPORT(dup2) int32_t aether_dup2(int32_t oldfd, int32_t newfd);
AETHER_IMPORT(kill) int32_t aether_kill(int32_t pid, int32_t sig);
AETHER_IMPORT(getpid) int32_t aether_getpid(void);
/* directory entries (struct ae_dirent records, lib/abi/syscall.h) of an open
 * directory: the descriptor is the WASI one (open(path, O_DIRECTORY)) */
AETHER_IMPORT(getdents) int32_t aether_getdents(int32_t fd, void *buf, int32_t len);
struct ae_stat;
/* file status by path (struct ae_stat, lib/abi/syscall.h) */
AETHER_IMPORT(stat) int32_t aether_stat(const char *path, struct ae_stat *st);
/* the process working directory, used by relative paths of the syscalls */
AETHER_IMPORT(chdir) int32_t aether_chdir(const char *path);
AETHER_IMPORT(getcwd) int32_t aether_getcwd(char *buf, int32_t len);
/* process listing: read /proc/PID/status through open/getdents/read (no import needed) */

#endif
