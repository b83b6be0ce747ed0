/*
 * Shared helpers of the AetherOS user programs (user/cmd/NAME.c): error
 * messages in the Unix style, buffered output, whole-file and line reading,
 * and the AetherOS calls that WASI does not cover (spawn, waitpid, pipe, dup2,
 * kill, getpid, getdents, stat with the integrity field, chdir, getcwd).
 *
 * The same programs build two ways: through clang --target=wasm32-wasi and
 * vela-wasm (sys_wasm.c: the `aether` import module), and natively with gcc
 * for the host tests (sys_host.c: POSIX). docs/userland.md.
 */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/syscall.h"

/* The program's name for messages (set by ul_init from argv[0]'s last part). */
extern const char *ul_prog;

void ul_init(int argc, char **argv);
/* "prog: what: strerror(err)" on stderr; returns 1 (the usual exit status). */
int ul_err(const char *what, int err);
/* "prog: message" on stderr (printf-style); returns 1. */
int ul_errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "usage: prog ARGS" on stderr; returns 2. */
int ul_usage(const char *args);

/* Write all of buf to fd (retrying short writes): 0 or -errno. */
int ul_write_all(int fd, const void *buf, size_t len);
int ul_puts(int fd, const char *s);

/* Read the whole of fd into a malloc'ed buffer (NUL-terminated): length or -errno. */
long ul_read_fd(int fd, char **out);
long ul_read_file(const char *path, char **out);

/* Parse a non-negative decimal number; false if s is not one. */
bool ul_parse_uint(const char *s, unsigned long *out);

/* The value of "KEY: value" in a text of lines (/proc/PID/status, /proc/stats). */
bool ul_kv(const char *text, const char *key, char *out, size_t cap);

/* Line reader over a descriptor. */
struct ul_lines {
	int fd;
	char buf[4096];
	size_t start, end;
	bool eof;
	char *line; /* current line (malloc'ed, grows) without its newline */
	size_t cap;
	bool had_newline;
};
void ul_lines_init(struct ul_lines *r, int fd);
/* 1 with a line in r->line (length in *len), 0 at end, -errno on error. */
int ul_lines_next(struct ul_lines *r, size_t *len);
void ul_lines_free(struct ul_lines *r);

/* ---------------------------------------------------------------- AetherOS calls
 * Each returns the result or a negative errno in the C library's numbering. */
int ae_spawn(const char *path, char *const argv[], char *const envp[], const int fdmap[3]);
int ae_waitpid(int pid, int *status, int flags);
int ae_pipe(int fds[2]);
int ae_dup2(int oldfd, int newfd);
int ae_kill(int pid, int sig);
int ae_getpid(void);
int ae_chdir(const char *path);
int ae_getcwd(char *buf, size_t len);
/* stat with the AetherOS integrity field (AE_INTEGRITY_*). */
int ae_stat(const char *path, struct ae_stat *st);

/* ae_stat.integrity when the platform cannot tell (see sys_wasm.c) */
#define UL_INTEGRITY_UNKNOWN 0xff
/* "system", "device", "DAMAGED", "unsigned" or "?" (integrity.c). */
const char *ul_integrity_name(uint32_t integrity);

/* Directory listing: calls fn for each name (not . or ..) with its type
 * (AE_DT_*); 0 or -errno. */
typedef int (*ul_dir_fn)(void *ctx, const char *name, int type);
int ul_list_dir(const char *path, ul_dir_fn fn, void *ctx);

/* Console line discipline: raw (the shell's editor) or cooked; false when
 * there is no AetherOS console (the host). */
bool ul_tty_mode(bool raw);
/* Tells the kernel that Ctrl-C on the console is meant for this process's jobs,
 * not for itself (an interactive shell). */
bool ul_tty_ignore_interrupt(void);

/* Wait status helpers (docs/syscalls.md "Wait status"). */
static inline int ul_exit_code(int status)
{
	return status & 0xff;
}
static inline bool ul_signaled(int status)
{
	return (status & AE_WAIT_SIGNALED) != 0;
}

#endif
