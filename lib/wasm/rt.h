/*
 * Runtime routines of lowered modules (rt.c): memory helpers and the WASI
 * preview1 layer on AetherOS system calls.
 */
#ifndef WASM_RT_H
#define WASM_RT_H

#include "wasm/lower.h"

#define WASI_LIST(X)                                                                               \
	X(fd_write)                                                                                \
	X(fd_read)                                                                                 \
	X(proc_exit)                                                                               \
	X(fd_close)                                                                                \
	X(fd_seek)                                                                                 \
	X(fd_fdstat_get)                                                                           \
	X(args_sizes_get)                                                                          \
	X(args_get)                                                                                \
	X(environ_sizes_get)                                                                       \
	X(environ_get)                                                                             \
	X(clock_time_get)                                                                          \
	X(random_get)                                                                              \
	X(fd_prestat_get)                                                                          \
	X(sched_yield)                                                                             \
	X(fd_prestat_dir_name)                                                                     \
	X(path_open)                                                                               \
	X(path_unlink_file)                                                                        \
	X(path_create_directory)                                                                   \
	X(path_remove_directory)                                                                   \
	X(path_rename)                                                                             \
	X(fd_filestat_get)                                                                         \
	X(path_filestat_get)                                                                       \
	X(poll_oneoff)                                                                             \
	X(fd_readdir)

enum {
#define WASI_ENUM(x) WASI_##x,
	WASI_LIST(WASI_ENUM)
#undef WASI_ENUM
	    WASI_COUNT
};

/* want: WASI_COUNT + WASM_RT_NAETHER flags, which import routines to emit */
#define WASM_RT_NAETHER 10
void wasm_rt_emit(struct vcode *c, const struct wasm_layout *L, struct wasm_rt *rt,
		  const uint8_t *want);
uint8_t wasm_rt_errno(unsigned aether_errno);
/* index into rt->wasi for an import name, or -1 */
int wasm_rt_wasi_index(struct wasm_name n);
/* index into rt->aether (getpid pipe dup2 kill waitpid), or -1 */
int wasm_rt_aether_index(struct wasm_name n);

#endif
