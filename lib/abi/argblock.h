/*
 * The argument block a program finds at the top of its sandbox when it starts
 * (docs/syscalls.md, "Program start"), computed and written exactly as the
 * kernel's proc_write_args (kernel/proc/process.c) does:
 *
 *   hdr_at: u64 argc, u64 argv, u64 envc, u64 envp     (16-byte aligned, SP)
 *   arr_at: argc + 1 u64 string addresses, the last 0, then envc + 1 likewise
 *   str_at: the NUL-terminated strings, argv's then envp's, up to mem_size
 *
 * and R3 = argc, R4 = argv, R5 = envp, SP = hdr_at. Header-only and freestanding
 * (only <stddef.h>, <stdint.h>): vela-run writes the block into its flat sandbox
 * with it; the kernel, whose sandbox is demand-paged and written through
 * sandbox_copy_out, keeps its own copy of these few lines of arithmetic.
 */
#ifndef ABI_ARGBLOCK_H
#define ABI_ARGBLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "abi/syscall.h"

#define AE_ARGBLOCK_MAX_STRINGS 64 /* per vector, the kernel's PROC_MAX_ARGS */
#define AE_ARGBLOCK_HDR_BYTES	32 /* argc, argv, envc, envp */
/* The most the block can take below mem_size: strings (AE_ARG_MAX, rounded up
 * to 16), both address arrays with their terminators, the header, and up to 15
 * bytes of alignment under it. SP at entry lies in [mem_size - this, mem_size]
 * and is a multiple of 16; VRC assumes exactly that of every loader. */
#define AE_ARGBLOCK_MAX_BYTES                                                                      \
	((((uint64_t)AE_ARG_MAX + 15) & ~(uint64_t)15) +                                           \
	 8 * 2 * ((uint64_t)AE_ARGBLOCK_MAX_STRINGS + 1) + AE_ARGBLOCK_HDR_BYTES + 16)

/* Where each part of the block goes, and the registers at entry. */
struct ae_argblock_layout {
	uint64_t strings; /* bytes of strings, NULs included */
	uint64_t total;	  /* bytes the block needs below mem_size (before aligning hdr) */
	uint64_t str_at, arr_at, env_arr_at, hdr_at;
};

static inline uint64_t ae_argblock_strlen(const char *s)
{
	uint64_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* Computes the layout for argc/argv and envc/envp at the top of a sandbox of
 * mem_size bytes. `room` is the space the block may take (the kernel: half of
 * the AELF stack). Returns 0, or -AE_E2BIG when there are too many strings,
 * more than AE_ARG_MAX bytes of them, or the block needs more than room. */
static inline int ae_argblock_layout(int argc, const char *const *argv, int envc,
				     const char *const *envp, uint64_t mem_size, uint64_t room,
				     struct ae_argblock_layout *l)
{
	*l = (struct ae_argblock_layout){0};
	if (argc < 0 || envc < 0)
		return -AE_E2BIG;
	uint64_t strings = 0;
	for (int i = 0; i < argc; i++)
		strings += ae_argblock_strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		strings += ae_argblock_strlen(envp[i]) + 1;
	uint64_t aligned = (strings + 15) & ~(uint64_t)15;
	uint64_t ptrs = 8 * ((uint64_t)argc + 1 + (uint64_t)envc + 1);
	l->strings = strings;
	l->total = aligned + ptrs + AE_ARGBLOCK_HDR_BYTES;
	if (argc > AE_ARGBLOCK_MAX_STRINGS || envc > AE_ARGBLOCK_MAX_STRINGS ||
	    strings > AE_ARG_MAX || l->total > room || l->total + 16 > mem_size)
		return -AE_E2BIG;
	l->str_at = mem_size - aligned;
	l->arr_at = l->str_at - ptrs;
	l->env_arr_at = l->arr_at + 8 * ((uint64_t)argc + 1);
	l->hdr_at = (l->arr_at - AE_ARGBLOCK_HDR_BYTES) & ~(uint64_t)15;
	return 0;
}

static inline void ae_argblock_put64(uint8_t *mem, uint64_t at, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		mem[at + (uint64_t)i] = (uint8_t)(v >> (8 * i)); /* VELA is little-endian */
}

/* Writes the block laid out by ae_argblock_layout into a flat sandbox (mem,
 * mem_size bytes) and returns its four header values {argc, argv, envc, envp}
 * in hdr: R3 = hdr[0], R4 = hdr[1], R5 = hdr[3], SP = l->hdr_at. */
static inline void ae_argblock_write(uint8_t *mem, const struct ae_argblock_layout *l, int argc,
				     const char *const *argv, int envc, const char *const *envp,
				     uint64_t hdr[4])
{
	uint64_t cursor = l->str_at;
	for (int k = 0; k < 2; k++) {
		int n = k == 0 ? argc : envc;
		const char *const *v = k == 0 ? argv : envp;
		uint64_t base = k == 0 ? l->arr_at : l->env_arr_at;
		for (int i = 0; i < n; i++) {
			uint64_t len = ae_argblock_strlen(v[i]) + 1;
			for (uint64_t j = 0; j < len; j++)
				mem[cursor + j] = (uint8_t)v[i][j];
			ae_argblock_put64(mem, base + 8 * (uint64_t)i, cursor);
			cursor += len;
		}
		ae_argblock_put64(mem, base + 8 * (uint64_t)n, 0);
	}
	hdr[0] = (uint64_t)argc;
	hdr[1] = l->arr_at;
	hdr[2] = (uint64_t)envc;
	hdr[3] = l->env_arr_at;
	for (int i = 0; i < 4; i++)
		ae_argblock_put64(mem, l->hdr_at + 8 * (uint64_t)i, hdr[i]);
}

#endif
