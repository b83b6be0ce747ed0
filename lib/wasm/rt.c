/*
 * Runtime routines emitted in VELA ahead of the functions: memory.grow,
 * memory.fill, memory.copy, the spec-test driver's printer, and the WASI
 * preview1 imports mapped onto AetherOS system calls (lib/abi/syscall.h), so
 * that one object runs under vela-run and in the kernel alike. Convention:
 * arguments in R3-R7 (beyond five at 0(sp)..), result in R3; they keep
 * R8-R13 and sp, and may clobber everything else.
 */
#include "wasm/rt.h"

#include "abi/syscall.h"
#include "vela/vela.h"

#include <string.h>

#define W(x) vput(c, (x))

static void I(struct vcode *c, unsigned op, unsigned a, unsigned b, int32_t imm)
{
	W(vI(op, a, b, imm));
}

static void R(struct vcode *c, unsigned op, unsigned a, unsigned b, unsigned d)
{
	W(vR(op, a, b, d));
}

static void SH(struct vcode *c, unsigned op, unsigned a, unsigned b, unsigned sh)
{
	W(vSH(op, a, b, sh));
}

static void zext(struct vcode *c, unsigned r)
{
	SH(c, VELA_OP_SLLI, r, r, 32);
	SH(c, VELA_OP_SRLI, r, r, 32);
}

static void ret(struct vcode *c)
{
	W((uint32_t)VELA_OP_RET << 24);
}

static void sys(struct vcode *c, unsigned nr)
{
	vli(c, R_T1, nr);
	W((uint32_t)VELA_OP_SYSCALL << 24);
}

/* here-relative branch helpers: emit now, patch later */
static uint32_t br(struct vcode *c, unsigned op, unsigned a, unsigned b)
{
	W(vI(op, a, b, 0));
	return c->n - 1;
}

static void here(struct vcode *c, uint32_t at)
{
	vpatch_b(c, at, c->n);
}

static void back(struct vcode *c, unsigned op, unsigned a, unsigned b, uint32_t to)
{
	W(vI(op, a, b, 0));
	vpatch_b(c, c->n - 1, to);
}

/* trap unless [r, r + n) lies within the current memory (r, n zero-extended) */
static void check_range(struct vcode *c, const struct wasm_layout *L, unsigned r, unsigned n)
{
	R(c, VELA_OP_ADD, R_T0, r, n);
	vli(c, R_T1, (int64_t)L->rt_memsz);
	I(c, VELA_OP_LD, R_T1, R_T1, 0);
	SH(c, VELA_OP_SLLI, R_T1, R_T1, 16);
	I(c, VELA_OP_BGEU, R_T1, R_T0, 2);
	vbreak(c, WASM_TRAP_MEMORY);
}

static uint32_t emit_grow(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	vli(c, R_T1, (int64_t)L->rt_memsz);
	I(c, VELA_OP_LD, 4, R_T1, 0);
	zext(c, 3);
	R(c, VELA_OP_ADD, 5, 3, 4);
	vli(c, R_T0, (int64_t)L->rt_maxpages);
	I(c, VELA_OP_LD, R_T0, R_T0, 0);
	uint32_t f = br(c, VELA_OP_BLTU, R_T0, 5);
	I(c, VELA_OP_SD, 5, R_T1, 0);
	I(c, VELA_OP_ADDI, 3, 4, 0);
	ret(c);
	here(c, f);
	I(c, VELA_OP_ADDI, 3, R_ZERO, -1);
	ret(c);
	return pc;
}

static uint32_t emit_fill(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 5);
	check_range(c, L, 3, 5);
	I(c, VELA_OP_ANDI, 4, 4, 255);
	vli(c, R_T1, 0x0101010101010101ll);
	R(c, VELA_OP_MUL, 4, 4, R_T1);
	uint32_t loop8 = c->n;
	I(c, VELA_OP_SLTIU, R_T0, 5, 8);
	uint32_t tail = br(c, VELA_OP_BNE, R_T0, R_ZERO);
	I(c, VELA_OP_SD, 4, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 8);
	I(c, VELA_OP_ADDI, 5, 5, -8);
	W((uint32_t)VELA_OP_J << 24);
	vpatch_j(c, c->n - 1, loop8);
	here(c, tail);
	uint32_t done = br(c, VELA_OP_BEQ, 5, R_ZERO);
	uint32_t loop = c->n;
	I(c, VELA_OP_SB, 4, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 1);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	back(c, VELA_OP_BNE, 5, R_ZERO, loop);
	here(c, done);
	ret(c);
	return pc;
}

static uint32_t emit_copy(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	zext(c, 5);
	check_range(c, L, 3, 5);
	check_range(c, L, 4, 5);
	uint32_t backward = br(c, VELA_OP_BLTU, 4, 3);
	/* forward: 8 bytes at a time, then bytes */
	uint32_t f8 = c->n;
	I(c, VELA_OP_SLTIU, R_T0, 5, 8);
	uint32_t ftail = br(c, VELA_OP_BNE, R_T0, R_ZERO);
	I(c, VELA_OP_LD, R_T1, 4, 0);
	I(c, VELA_OP_SD, R_T1, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 8);
	I(c, VELA_OP_ADDI, 4, 4, 8);
	I(c, VELA_OP_ADDI, 5, 5, -8);
	W((uint32_t)VELA_OP_J << 24);
	vpatch_j(c, c->n - 1, f8);
	here(c, ftail);
	uint32_t fdone = br(c, VELA_OP_BEQ, 5, R_ZERO);
	uint32_t f1 = c->n;
	I(c, VELA_OP_LBU, R_T1, 4, 0);
	I(c, VELA_OP_SB, R_T1, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 1);
	I(c, VELA_OP_ADDI, 4, 4, 1);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	back(c, VELA_OP_BNE, 5, R_ZERO, f1);
	here(c, fdone);
	ret(c);
	/* backward, byte by byte from the end */
	here(c, backward);
	R(c, VELA_OP_ADD, 3, 3, 5);
	R(c, VELA_OP_ADD, 4, 4, 5);
	uint32_t bdone = br(c, VELA_OP_BEQ, 5, R_ZERO);
	uint32_t b1 = c->n;
	I(c, VELA_OP_ADDI, 3, 3, -1);
	I(c, VELA_OP_ADDI, 4, 4, -1);
	I(c, VELA_OP_LBU, R_T1, 4, 0);
	I(c, VELA_OP_SB, R_T1, 3, 0);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	back(c, VELA_OP_BNE, 5, R_ZERO, b1);
	here(c, bdone);
	ret(c);
	return pc;
}

/* memory.init (d, s, n, segment): copy bytes s .. s+n of a data segment to
 * d. The segment's descriptor at rt_datas holds the address of its bytes in
 * the runtime block and its current length (0 for an active segment, which
 * instantiation drops, and after data.drop). Both ranges are checked before
 * anything is written: s + n past the length or d + n past the memory traps
 * (out of bounds memory access), also for n = 0. */
static uint32_t emit_minit(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	zext(c, 5);
	zext(c, 6);
	SH(c, VELA_OP_SLLI, 6, 6, 4);
	vli(c, R_T1, (int64_t)L->rt_datas);
	R(c, VELA_OP_ADD, 6, 6, R_T1);
	I(c, VELA_OP_LD, R_T1, 6, 8);
	R(c, VELA_OP_ADD, R_T0, 4, 5);
	I(c, VELA_OP_BGEU, R_T1, R_T0, 2);
	vbreak(c, WASM_TRAP_MEMORY);
	check_range(c, L, 3, 5);
	I(c, VELA_OP_LD, R_T1, 6, 0);
	R(c, VELA_OP_ADD, 4, 4, R_T1);
	uint32_t done = br(c, VELA_OP_BEQ, 5, R_ZERO);
	uint32_t loop = c->n;
	I(c, VELA_OP_LBU, R_T1, 4, 0);
	I(c, VELA_OP_SB, R_T1, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 1);
	I(c, VELA_OP_ADDI, 4, 4, 1);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	back(c, VELA_OP_BNE, 5, R_ZERO, loop);
	here(c, done);
	ret(c);
	return pc;
}

/* Tables (docs/vela-wasm.md, "Reference types"): a table's descriptor holds
 * the address of its elements, its size and its capacity; an element
 * segment's descriptor the address of its elements and its current length.
 * Both start with (address, length), so table.copy and table.init are one
 * routine. */

/* trap (out of bounds table access) unless r + n <= the length at 8(desc) */
static void check_table(struct vcode *c, unsigned r, unsigned n, unsigned desc)
{
	R(c, VELA_OP_ADD, R_T0, r, n);
	I(c, VELA_OP_LD, R_T1, desc, 8);
	I(c, VELA_OP_BGEU, R_T1, R_T0, 2);
	vbreak(c, WASM_TRAP_TABLE_OOB);
}

/* the address of element r of descriptor desc, into r */
static void elem_addr(struct vcode *c, unsigned r, unsigned desc)
{
	I(c, VELA_OP_LD, R_T1, desc, 0);
	SH(c, VELA_OP_SLLI, r, r, 3);
	R(c, VELA_OP_ADD, r, r, R_T1);
}

/* table.grow (value r3, n r4, table r5) -> old size, or -1 when the size
 * would pass the capacity; the new elements get the value */
static uint32_t emit_tgrow(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 4);
	I(c, VELA_OP_LD, R_T0, 5, 8);
	R(c, VELA_OP_ADD, 6, R_T0, 4);
	I(c, VELA_OP_LD, R_T1, 5, 16);
	uint32_t fail = br(c, VELA_OP_BLTU, R_T1, 6);
	I(c, VELA_OP_SD, 6, 5, 8);
	I(c, VELA_OP_ADDI, 7, R_T0, 0);
	elem_addr(c, 7, 5);
	elem_addr(c, 6, 5);
	uint32_t loop = c->n;
	uint32_t done = br(c, VELA_OP_BEQ, 7, 6);
	I(c, VELA_OP_SD, 3, 7, 0);
	I(c, VELA_OP_ADDI, 7, 7, 8);
	W((uint32_t)VELA_OP_J << 24);
	vpatch_j(c, c->n - 1, loop);
	here(c, done);
	I(c, VELA_OP_ADDI, 3, R_T0, 0);
	ret(c);
	here(c, fail);
	I(c, VELA_OP_ADDI, 3, R_ZERO, -1);
	ret(c);
	return pc;
}

/* table.fill (i r3, value r4, n r5, table r6): i + n past the size traps
 * before anything is written (also for n = 0) */
static uint32_t emit_tfill(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 5);
	check_table(c, 3, 5, 6);
	elem_addr(c, 3, 6);
	uint32_t loop = c->n;
	uint32_t done = br(c, VELA_OP_BEQ, 5, R_ZERO);
	I(c, VELA_OP_SD, 4, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 8);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	W((uint32_t)VELA_OP_J << 24);
	vpatch_j(c, c->n - 1, loop);
	here(c, done);
	ret(c);
	return pc;
}

/* table.copy and table.init (d r3, s r4, n r5, destination table r6, source
 * table or element segment r7): both ranges are checked first, then the
 * elements move as by memmove */
static uint32_t emit_tcopy(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	zext(c, 5);
	check_table(c, 3, 5, 6);
	check_table(c, 4, 5, 7);
	elem_addr(c, 3, 6);
	elem_addr(c, 4, 7);
	uint32_t backward = br(c, VELA_OP_BLTU, 4, 3);
	uint32_t fwd = c->n;
	uint32_t fdone = br(c, VELA_OP_BEQ, 5, R_ZERO);
	I(c, VELA_OP_LD, R_T1, 4, 0);
	I(c, VELA_OP_SD, R_T1, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 8);
	I(c, VELA_OP_ADDI, 4, 4, 8);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	W((uint32_t)VELA_OP_J << 24);
	vpatch_j(c, c->n - 1, fwd);
	here(c, fdone);
	ret(c);
	here(c, backward);
	SH(c, VELA_OP_SLLI, R_T0, 5, 3);
	R(c, VELA_OP_ADD, 3, 3, R_T0);
	R(c, VELA_OP_ADD, 4, 4, R_T0);
	uint32_t bwd = c->n;
	uint32_t bdone = br(c, VELA_OP_BEQ, 5, R_ZERO);
	I(c, VELA_OP_ADDI, 3, 3, -8);
	I(c, VELA_OP_ADDI, 4, 4, -8);
	I(c, VELA_OP_LD, R_T1, 4, 0);
	I(c, VELA_OP_SD, R_T1, 3, 0);
	I(c, VELA_OP_ADDI, 5, 5, -1);
	W((uint32_t)VELA_OP_J << 24);
	vpatch_j(c, c->n - 1, bwd);
	here(c, bdone);
	ret(c);
	return pc;
}

/* print r3 as 16 hex digits and a newline on stdout */
static uint32_t emit_print_hex(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	vli(c, R_T1, (int64_t)L->rt_scratch + 16);
	vli(c, R_T0, '\n');
	I(c, VELA_OP_SB, R_T0, R_T1, 0);
	vli(c, 6, 16);
	uint32_t loop = c->n;
	I(c, VELA_OP_ADDI, R_T1, R_T1, -1);
	I(c, VELA_OP_ANDI, R_T0, 3, 15);
	I(c, VELA_OP_ADDI, 4, R_T0, '0');
	I(c, VELA_OP_SLTIU, 7, R_T0, 10);
	I(c, VELA_OP_BNE, 7, R_ZERO, 2);
	I(c, VELA_OP_ADDI, 4, R_T0, 'a' - 10);
	I(c, VELA_OP_SB, 4, R_T1, 0);
	SH(c, VELA_OP_SRLI, 3, 3, 4);
	I(c, VELA_OP_ADDI, 6, 6, -1);
	back(c, VELA_OP_BNE, 6, R_ZERO, loop);
	vli(c, 3, 1);
	vli(c, 4, (int64_t)L->rt_scratch);
	vli(c, 5, 17);
	sys(c, AE_SYS_write);
	ret(c);
	return pc;
}

/* ---------------------------------------------------------------- WASI */

/* WASI errno values (wasi_snapshot_preview1) */
enum {
	WE_SUCCESS = 0,
	WE_BADF = 8,
	WE_FAULT = 21,
	WE_INVAL = 28,
	WE_IO = 29,
	WE_NOSYS = 52,
	WE_SPIPE = 70,
};

/* r3 holds a negative AetherOS errno: map it through the table at
 * rt_errno (one byte per errno) and return it. */
static void ret_errno(struct vcode *c, const struct wasm_layout *L)
{
	R(c, VELA_OP_SUB, 3, R_ZERO, 3);
	I(c, VELA_OP_ANDI, 3, 3, 255);
	vli(c, R_T1, (int64_t)L->rt_errno);
	R(c, VELA_OP_ADD, R_T1, R_T1, 3);
	I(c, VELA_OP_LBU, 3, R_T1, 0);
	ret(c);
}

static void ret_const(struct vcode *c, int v)
{
	vli(c, 3, v);
	ret(c);
}

/* fd_write / fd_read (fd, iovs, iovs_len, nwritten): loop over iovecs */
static uint32_t emit_rw(struct vcode *c, const struct wasm_layout *L, unsigned nr)
{
	uint32_t pc = c->n;
	zext(c, 4);
	zext(c, 5);
	zext(c, 6);
	/* r7 = total; keep fd in r8; use the stack for the loop state */
	I(c, VELA_OP_ADDI, R_SP, R_SP, -64);
	I(c, VELA_OP_SD, R_LR, R_SP, 0);
	I(c, VELA_OP_SD, 3, R_SP, 8);	    /* fd */
	I(c, VELA_OP_SD, 4, R_SP, 16);	    /* iov pointer */
	I(c, VELA_OP_SD, 5, R_SP, 24);	    /* iovs left */
	I(c, VELA_OP_SD, 6, R_SP, 32);	    /* result pointer */
	I(c, VELA_OP_SD, R_ZERO, R_SP, 40); /* total */
	uint32_t loop = c->n;
	I(c, VELA_OP_LD, 5, R_SP, 24);
	uint32_t done = br(c, VELA_OP_BEQ, 5, R_ZERO);
	I(c, VELA_OP_LD, R_T0, R_SP, 16);
	I(c, VELA_OP_LWU, 4, R_T0, 0);
	I(c, VELA_OP_LWU, 5, R_T0, 4);
	I(c, VELA_OP_ADDI, R_T0, R_T0, 8);
	I(c, VELA_OP_SD, R_T0, R_SP, 16);
	I(c, VELA_OP_LD, R_T0, R_SP, 24);
	I(c, VELA_OP_ADDI, R_T0, R_T0, -1);
	I(c, VELA_OP_SD, R_T0, R_SP, 24);
	I(c, VELA_OP_BEQ, 5, R_ZERO, 0); /* empty iovec: next */
	vpatch_b(c, c->n - 1, loop);
	I(c, VELA_OP_SD, 5, R_SP, 48); /* requested length */
	I(c, VELA_OP_LD, 3, R_SP, 8);
	sys(c, nr);
	uint32_t err = br(c, VELA_OP_BLT, 3, R_ZERO);
	I(c, VELA_OP_LD, R_T0, R_SP, 40);
	R(c, VELA_OP_ADD, R_T0, R_T0, 3);
	I(c, VELA_OP_SD, R_T0, R_SP, 40);
	/* short transfer: stop */
	I(c, VELA_OP_LD, R_T1, R_SP, 48);
	back(c, VELA_OP_BEQ, 3, R_T1, loop);
	here(c, done);
	I(c, VELA_OP_LD, R_T0, R_SP, 32);
	I(c, VELA_OP_LD, R_T1, R_SP, 40);
	I(c, VELA_OP_SW, R_T1, R_T0, 0);
	I(c, VELA_OP_LD, R_LR, R_SP, 0);
	I(c, VELA_OP_ADDI, R_SP, R_SP, 64);
	ret_const(c, 0);
	here(c, err);
	/* an error after some bytes still reports the bytes */
	I(c, VELA_OP_LD, R_T0, R_SP, 40);
	uint32_t none = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	I(c, VELA_OP_LD, R_T1, R_SP, 32);
	I(c, VELA_OP_SW, R_T0, R_T1, 0);
	I(c, VELA_OP_LD, R_LR, R_SP, 0);
	I(c, VELA_OP_ADDI, R_SP, R_SP, 64);
	ret_const(c, 0);
	here(c, none);
	I(c, VELA_OP_LD, R_LR, R_SP, 0);
	I(c, VELA_OP_ADDI, R_SP, R_SP, 64);
	ret_errno(c, L);
	return pc;
}

static uint32_t emit_simple(struct vcode *c, const struct wasm_layout *L, unsigned nr)
{
	uint32_t pc = c->n;
	sys(c, nr);
	uint32_t err = br(c, VELA_OP_BLT, 3, R_ZERO);
	ret_const(c, 0);
	here(c, err);
	ret_errno(c, L);
	return pc;
}

static uint32_t emit_seek(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 6);
	I(c, VELA_OP_ANDI, 5, 5, 255);
	sys(c, AE_SYS_lseek);
	uint32_t err = br(c, VELA_OP_BLT, 3, R_ZERO);
	I(c, VELA_OP_SD, 3, 6, 0);
	ret_const(c, 0);
	here(c, err);
	ret_errno(c, L);
	return pc;
}

static uint32_t emit_fdstat(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 4);
	/* fd 0-2: character device without seek/tell; others: regular file */
	I(c, VELA_OP_SLTIU, R_T0, 3, 3);
	vli(c, R_T1, 4);
	I(c, VELA_OP_BEQ, R_T0, R_ZERO, 2);
	vli(c, R_T1, 2);
	I(c, VELA_OP_SD, R_ZERO, 4, 0);
	I(c, VELA_OP_SB, R_T1, 4, 0);
	I(c, VELA_OP_ADDI, R_T1, R_ZERO, -1);
	I(c, VELA_OP_BEQ, R_T0, R_ZERO, 2);
	I(c, VELA_OP_ANDI, R_T1, R_T1, ~(4 | 32));
	I(c, VELA_OP_SD, R_T1, 4, 8);
	I(c, VELA_OP_SD, R_T1, 4, 16);
	ret_const(c, 0);
	return pc;
}

/* args_sizes_get / environ_sizes_get (count_ptr, bytes_ptr) over the
 * NULL-terminated array of u64 string addresses saved at `slot` by the entry
 * stub (the loader's argument block, docs/syscalls.md; 0 = none) */
static uint32_t emit_sizes(struct vcode *c, uint64_t slot)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	vli(c, R_T1, (int64_t)slot);
	I(c, VELA_OP_LD, 5, R_T1, 0);
	I(c, VELA_OP_ADDI, 6, R_ZERO, 0);
	I(c, VELA_OP_ADDI, 7, R_ZERO, 0);
	uint32_t none = br(c, VELA_OP_BEQ, 5, R_ZERO);
	uint32_t loop = c->n;
	I(c, VELA_OP_LD, R_T0, 5, 0);
	uint32_t done = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	I(c, VELA_OP_ADDI, 6, 6, 1);
	uint32_t str = c->n;
	I(c, VELA_OP_LBU, R_T1, R_T0, 0);
	I(c, VELA_OP_ADDI, 7, 7, 1);
	I(c, VELA_OP_ADDI, R_T0, R_T0, 1);
	back(c, VELA_OP_BNE, R_T1, R_ZERO, str);
	I(c, VELA_OP_ADDI, 5, 5, 8);
	back(c, VELA_OP_BEQ, R_ZERO, R_ZERO, loop);
	here(c, none);
	here(c, done);
	I(c, VELA_OP_SW, 6, 3, 0);
	I(c, VELA_OP_SW, 7, 4, 0);
	ret_const(c, 0);
	return pc;
}

/* args_get / environ_get (u32 pointer array, string buffer) */
static uint32_t emit_strings(struct vcode *c, uint64_t slot)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	vli(c, R_T1, (int64_t)slot);
	I(c, VELA_OP_LD, 5, R_T1, 0);
	uint32_t none = br(c, VELA_OP_BEQ, 5, R_ZERO);
	uint32_t loop = c->n;
	I(c, VELA_OP_LD, R_T0, 5, 0);
	uint32_t done = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	I(c, VELA_OP_SW, 4, 3, 0);
	I(c, VELA_OP_ADDI, 3, 3, 4);
	uint32_t str = c->n;
	I(c, VELA_OP_LBU, R_T1, R_T0, 0);
	I(c, VELA_OP_SB, R_T1, 4, 0);
	I(c, VELA_OP_ADDI, 4, 4, 1);
	I(c, VELA_OP_ADDI, R_T0, R_T0, 1);
	back(c, VELA_OP_BNE, R_T1, R_ZERO, str);
	I(c, VELA_OP_ADDI, 5, 5, 8);
	back(c, VELA_OP_BEQ, R_ZERO, R_ZERO, loop);
	here(c, none);
	here(c, done);
	ret_const(c, 0);
	return pc;
}

static uint32_t emit_clock(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 5);
	I(c, VELA_OP_ANDI, 3, 3, 1);
	vli(c, 4, (int64_t)L->rt_scratch);
	sys(c, AE_SYS_clock_gettime);
	uint32_t err = br(c, VELA_OP_BLT, 3, R_ZERO);
	I(c, VELA_OP_LD, R_T0, 4, 0);
	vli(c, R_T1, 1000000000);
	R(c, VELA_OP_MUL, R_T0, R_T0, R_T1);
	I(c, VELA_OP_LD, R_T1, 4, 8);
	R(c, VELA_OP_ADD, R_T0, R_T0, R_T1);
	I(c, VELA_OP_SD, R_T0, 5, 0);
	ret_const(c, 0);
	here(c, err);
	ret_errno(c, L);
	return pc;
}

static uint32_t emit_random(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	vli(c, 5, 0);
	emit_simple(c, L, AE_SYS_getrandom);
	return pc;
}

static uint32_t emit_exit(struct vcode *c)
{
	uint32_t pc = c->n;
	sys(c, AE_SYS_exit);
	vbreak(c, WASM_TRAP_EXIT);
	return pc;
}

static uint32_t emit_nosys(struct vcode *c)
{
	uint32_t pc = c->n;
	ret_const(c, WE_NOSYS);
	return pc;
}

static uint32_t emit_ret0(struct vcode *c)
{
	uint32_t pc = c->n;
	ret_const(c, 0);
	return pc;
}

/* Copy the (path, len) at registers rp, rl into path buffer `which` with a
 * NUL; a dirfd of 3 (the "/" preopen) prefixes '/'. Returns the fixup of
 * the too-long branch (to be patched to an ENAMETOOLONG return). Uses T0,
 * T1 and the registers given. */
static uint32_t copy_path(struct vcode *c, const struct wasm_layout *L, unsigned rfd, unsigned rp,
			  unsigned rl, unsigned which)
{
	zext(c, rp);
	zext(c, rl);
	I(c, VELA_OP_SLTIU, R_T0, rl, 500);
	uint32_t toolong = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	vli(c, R_T1, (int64_t)(L->rt_path + 512 * which));
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, 3);
	I(c, VELA_OP_BNE, rfd, R_T0, 4);
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, '/');
	I(c, VELA_OP_SB, R_T0, R_T1, 0);
	I(c, VELA_OP_ADDI, R_T1, R_T1, 1);
	uint32_t done = br(c, VELA_OP_BEQ, rl, R_ZERO);
	uint32_t loop = c->n;
	I(c, VELA_OP_LBU, R_T0, rp, 0);
	I(c, VELA_OP_SB, R_T0, R_T1, 0);
	I(c, VELA_OP_ADDI, rp, rp, 1);
	I(c, VELA_OP_ADDI, R_T1, R_T1, 1);
	I(c, VELA_OP_ADDI, rl, rl, -1);
	back(c, VELA_OP_BNE, rl, R_ZERO, loop);
	here(c, done);
	I(c, VELA_OP_SB, R_ZERO, R_T1, 0);
	return toolong;
}

static void ret_toolong(struct vcode *c, uint32_t fix)
{
	here(c, fix);
	ret_const(c, 37);
}

/* path_unlink_file / path_create_directory / path_remove_directory (fd, path, len) */
static uint32_t emit_path1(struct vcode *c, const struct wasm_layout *L, unsigned nr)
{
	uint32_t pc = c->n;
	uint32_t tl = copy_path(c, L, 3, 4, 5, 0);
	vli(c, 3, (int64_t)L->rt_path);
	vli(c, 4, 0755);
	sys(c, nr);
	uint32_t e = br(c, VELA_OP_BLT, 3, R_ZERO);
	ret_const(c, 0);
	here(c, e);
	ret_errno(c, L);
	ret_toolong(c, tl);
	return pc;
}

/* path_rename (fd, old, oldlen, fd2, new, newlen@0(sp)) */
static uint32_t emit_rename(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	uint32_t t1 = copy_path(c, L, 3, 4, 5, 0);
	I(c, VELA_OP_LD, 5, R_SP, 0); /* newlen: the sixth argument */
	uint32_t t2 = copy_path(c, L, 6, 7, 5, 1);
	vli(c, 3, (int64_t)L->rt_path);
	vli(c, 4, (int64_t)L->rt_path + 512);
	sys(c, AE_SYS_rename);
	uint32_t e = br(c, VELA_OP_BLT, 3, R_ZERO);
	ret_const(c, 0);
	here(c, e);
	ret_errno(c, L);
	here(c, t1);
	ret_toolong(c, t2);
	return pc;
}

/* path_open (fd, dirflags, path, len, oflags, rights@0(sp), rights_inh@8(sp),
 * fdflags@16(sp), fd_out@24(sp)) */
static uint32_t emit_path_open(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	uint32_t tl = copy_path(c, L, 3, 5, 6, 0);
	/* flags in r4 */
	vli(c, 4, 0);
	static const int32_t om[4][2] = {{1, AE_O_CREAT}, {4, AE_O_EXCL}, {8, AE_O_TRUNC}, {0, 0}};
	for (int i = 0; om[i][0]; i++) {
		I(c, VELA_OP_ANDI, R_T0, 7, om[i][0]);
		I(c, VELA_OP_BEQ, R_T0, R_ZERO, 2);
		I(c, VELA_OP_ORI, 4, 4, om[i][1]);
	}
	I(c, VELA_OP_ANDI, R_T0, 7, 2);
	I(c, VELA_OP_BEQ, R_T0, R_ZERO, 3);
	vli(c, R_T0, AE_O_DIRECTORY);
	R(c, VELA_OP_OR, 4, 4, R_T0);
	/* access mode from the rights: FD_READ bit 1, FD_WRITE bit 6 */
	I(c, VELA_OP_LD, 6, R_SP, 0);
	I(c, VELA_OP_ANDI, R_T0, 6, 64);
	I(c, VELA_OP_ANDI, R_T1, 6, 2);
	uint32_t nowrite = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	I(c, VELA_OP_ORI, 4, 4, AE_O_WRONLY);
	I(c, VELA_OP_BEQ, R_T1, R_ZERO, 2);
	I(c, VELA_OP_XORI, 4, 4, AE_O_WRONLY | AE_O_RDWR);
	here(c, nowrite);
	I(c, VELA_OP_LD, R_T0, R_SP, 16);
	I(c, VELA_OP_ANDI, R_T0, R_T0, 1);
	I(c, VELA_OP_BEQ, R_T0, R_ZERO, 2);
	I(c, VELA_OP_ORI, 4, 4, AE_O_APPEND);
	I(c, VELA_OP_LD, 6, R_SP, 24);
	zext(c, 6);
	vli(c, 3, (int64_t)L->rt_path);
	vli(c, 5, 0644);
	sys(c, AE_SYS_open);
	uint32_t e = br(c, VELA_OP_BLT, 3, R_ZERO);
	I(c, VELA_OP_SW, 3, 6, 0);
	ret_const(c, 0);
	here(c, e);
	ret_errno(c, L);
	ret_toolong(c, tl);
	return pc;
}

/* fd_prestat_get (fd, buf): 3 is "/", 4 is "." */
static uint32_t emit_prestat(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 4);
	I(c, VELA_OP_ADDI, R_T0, 3, -3);
	I(c, VELA_OP_SLTIU, R_T0, R_T0, 2);
	uint32_t bad = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	I(c, VELA_OP_SW, R_ZERO, 4, 0);
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, 1);
	I(c, VELA_OP_SW, R_T0, 4, 4);
	ret_const(c, 0);
	here(c, bad);
	ret_const(c, WE_BADF);
	return pc;
}

/* fd_prestat_dir_name (fd, buf, len) */
static uint32_t emit_prestat_name(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 4);
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, '/');
	I(c, VELA_OP_ADDI, R_T1, R_ZERO, 3);
	I(c, VELA_OP_BEQ, 3, R_T1, 2);
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, '.');
	I(c, VELA_OP_SB, R_T0, 4, 0);
	ret_const(c, 0);
	return pc;
}

/* ae_stat at the scratch buffer -> WASI filestat at r6 */
static void filestat_out(struct vcode *c, const struct wasm_layout *L)
{
	vli(c, R_T1, (int64_t)L->rt_path + 512);
	for (int i = 0; i < 64; i += 8)
		I(c, VELA_OP_SD, R_ZERO, 6, i);
	I(c, VELA_OP_LD, R_T0, R_T1, 0); /* ino */
	I(c, VELA_OP_SD, R_T0, 6, 8);
	I(c, VELA_OP_LD, R_T0, R_T1, 8); /* size */
	I(c, VELA_OP_SD, R_T0, 6, 32);
	I(c, VELA_OP_LWU, R_T0, R_T1, 20); /* nlink */
	I(c, VELA_OP_SD, R_T0, 6, 24);
	I(c, VELA_OP_LD, R_T0, R_T1, 24); /* mtime */
	I(c, VELA_OP_SD, R_T0, 6, 40);
	I(c, VELA_OP_SD, R_T0, 6, 48);
	I(c, VELA_OP_SD, R_T0, 6, 56);
	/* type: dir 3, regular 4, char device 2, fifo -> unknown 0 */
	I(c, VELA_OP_LWU, R_T0, R_T1, 16);
	SH(c, VELA_OP_SRLI, R_T0, R_T0, 12);
	I(c, VELA_OP_ADDI, 7, R_ZERO, 4);
	I(c, VELA_OP_ADDI, 4, R_T0, -(AE_S_IFREG >> 12));
	I(c, VELA_OP_BEQ, 4, R_ZERO, 6);
	I(c, VELA_OP_ADDI, 7, R_ZERO, 3);
	I(c, VELA_OP_ADDI, 4, R_T0, -(AE_S_IFDIR >> 12));
	I(c, VELA_OP_BEQ, 4, R_ZERO, 3);
	I(c, VELA_OP_ADDI, 7, R_ZERO, 2);
	I(c, VELA_OP_ADDI, R_ZERO, R_ZERO, 0);
	I(c, VELA_OP_SB, 7, 6, 16);
}

static uint32_t emit_fd_filestat(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	I(c, VELA_OP_ADDI, 6, 4, 0);
	zext(c, 6);
	vli(c, 4, (int64_t)L->rt_path + 512);
	sys(c, AE_SYS_fstat);
	uint32_t e = br(c, VELA_OP_BLT, 3, R_ZERO);
	filestat_out(c, L);
	ret_const(c, 0);
	here(c, e);
	ret_errno(c, L);
	return pc;
}

/* path_filestat_get (fd, flags, path, len, buf) */
static uint32_t emit_path_filestat(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	uint32_t tl = copy_path(c, L, 3, 5, 6, 0);
	I(c, VELA_OP_ADDI, 6, 7, 0);
	zext(c, 6);
	vli(c, 3, (int64_t)L->rt_path);
	vli(c, 4, (int64_t)L->rt_path + 512);
	sys(c, AE_SYS_stat);
	uint32_t e = br(c, VELA_OP_BLT, 3, R_ZERO);
	filestat_out(c, L);
	ret_const(c, 0);
	here(c, e);
	ret_errno(c, L);
	ret_toolong(c, tl);
	return pc;
}

/* fd_readdir frame: state slots, a spare word, then the getdents buffer */
enum {
	RD_FD = 0,	/* the directory descriptor */
	RD_END = 8,	/* end of the caller's buffer */
	RD_IDX = 16,	/* index of the record being read */
	RD_USED = 24,	/* where bufused goes */
	RD_NEXT = 32,	/* address of the next getdents record */
	RD_BUF = 40,	/* start of the caller's buffer */
	RD_DENTS = 56,	/* getdents buffer; the word before it is spare */
	RD_DLEN = 1024, /* room for at least three maximal records (16 + 256 bytes) */
	RD_FRAME = (RD_DENTS + RD_DLEN + 15) & ~15, /* sp stays 16-byte aligned */
};
/* the routines call nothing and are called with sp at or above the stack's
 * bottom: their frames must fit the guard zone below it (lower.h) */
_Static_assert((int)RD_FRAME <= (int)WASM_STACK_GUARD,
	       "fd_readdir's frame exceeds the stack guard");

/* fd_readdir (fd, buf, buf_len, cookie, bufused): the WASI dirent records of
 * the entries from index `cookie` on (the cookie of an entry is its index, so
 * d_next = index + 1), over getdents. The directory is rewound first
 * (lseek(fd, 0, SEEK_SET), the only seek a directory allows) and the entries
 * before the cookie skipped, so any cookie restarts the listing. Each record
 * is a 24-byte header (d_next u64, d_ino u64, d_namlen u32, d_type u8, three
 * zero bytes) and the name; the last record is cut where the buffer ends,
 * and bufused == buf_len then tells the caller to ask again (with a larger
 * buffer if one record does not fit).
 *
 * The header is built in place over the getdents record (ae_dirent: ino,
 * reclen u16, type u8, namelen u8, reserved u32, name): d_ino is already
 * where ae_dirent keeps ino, d_next goes into the 8 bytes before the record
 * (the end of the previous record, already consumed, or the spare word),
 * d_namlen and d_type over reclen..reserved; header and name are then one
 * run of bytes. */
static uint32_t emit_readdir(struct vcode *c, const struct wasm_layout *L)
{
	uint32_t pc = c->n;
	zext(c, 4);
	zext(c, 5);
	zext(c, 7);
	/* the caller's buffer must lie within the current memory: EFAULT */
	R(c, VELA_OP_ADD, R_T0, 4, 5);
	vli(c, R_T1, (int64_t)L->rt_memsz);
	I(c, VELA_OP_LD, R_T1, R_T1, 0);
	SH(c, VELA_OP_SLLI, R_T1, R_T1, 16);
	uint32_t fault = br(c, VELA_OP_BLTU, R_T1, R_T0);
	I(c, VELA_OP_ADDI, R_SP, R_SP, -RD_FRAME);
	I(c, VELA_OP_SD, 3, R_SP, RD_FD);
	I(c, VELA_OP_SD, R_T0, R_SP, RD_END);
	I(c, VELA_OP_SD, R_ZERO, R_SP, RD_IDX);
	I(c, VELA_OP_SD, 7, R_SP, RD_USED);
	I(c, VELA_OP_SD, 4, R_SP, RD_BUF);
	I(c, VELA_OP_ADDI, 7, 4, 0); /* r7: output position; r6: the cookie throughout */
	vli(c, 4, 0);
	vli(c, 5, AE_SEEK_SET);
	sys(c, AE_SYS_lseek);
	uint32_t err = br(c, VELA_OP_BLT, 3, R_ZERO);
	/* next batch of records: r4 = record, r5 = end of the batch */
	uint32_t batch = c->n;
	I(c, VELA_OP_LD, 3, R_SP, RD_FD);
	I(c, VELA_OP_ADDI, 4, R_SP, RD_DENTS);
	vli(c, 5, RD_DLEN);
	sys(c, AE_SYS_getdents);
	uint32_t err2 = br(c, VELA_OP_BLT, 3, R_ZERO);
	uint32_t eod = br(c, VELA_OP_BEQ, 3, R_ZERO);
	I(c, VELA_OP_ADDI, 4, R_SP, RD_DENTS);
	R(c, VELA_OP_ADD, 5, 4, 3);
	uint32_t rec = c->n;
	back(c, VELA_OP_BGEU, 4, 5, batch);
	I(c, VELA_OP_LHU, R_T0, 4, 8); /* reclen */
	uint32_t bad = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	R(c, VELA_OP_ADD, R_T0, 4, R_T0);
	I(c, VELA_OP_SD, R_T0, R_SP, RD_NEXT);
	I(c, VELA_OP_LD, R_T1, R_SP, RD_IDX);
	I(c, VELA_OP_ADDI, R_T1, R_T1, 1);
	I(c, VELA_OP_SD, R_T1, R_SP, RD_IDX);
	/* index < cookie: skip the record */
	uint32_t skip = br(c, VELA_OP_BGEU, 6, R_T1);
	I(c, VELA_OP_LD, 3, R_SP, RD_END);
	uint32_t full = br(c, VELA_OP_BEQ, 7, 3);
	I(c, VELA_OP_SD, R_T1, 4, -8); /* d_next */
	I(c, VELA_OP_LBU, R_T0, 4, 11);
	I(c, VELA_OP_LBU, 3, 4, 10);
	I(c, VELA_OP_SW, R_T0, 4, 8); /* d_namlen */
	/* d_type: AE_DT_REG -> regular file (4), AE_DT_DIR -> directory (3), else unknown */
	I(c, VELA_OP_ADDI, R_T1, R_ZERO, 0);
	I(c, VELA_OP_ADDI, 3, 3, -AE_DT_REG);
	uint32_t notreg = br(c, VELA_OP_BNE, 3, R_ZERO);
	I(c, VELA_OP_ADDI, R_T1, R_ZERO, 4);
	here(c, notreg);
	I(c, VELA_OP_ADDI, 3, 3, AE_DT_REG - AE_DT_DIR);
	uint32_t notdir = br(c, VELA_OP_BNE, 3, R_ZERO);
	I(c, VELA_OP_ADDI, R_T1, R_ZERO, 3);
	here(c, notdir);
	I(c, VELA_OP_SW, R_T1, 4, 12); /* d_type and the padding */
	/* copy header and name until the record or the buffer ends */
	I(c, VELA_OP_ADDI, 3, R_T0, 24);
	I(c, VELA_OP_ADDI, 4, 4, -8);
	I(c, VELA_OP_LD, R_T1, R_SP, RD_END);
	uint32_t copy = c->n;
	I(c, VELA_OP_LBU, R_T0, 4, 0);
	I(c, VELA_OP_SB, R_T0, 7, 0);
	I(c, VELA_OP_ADDI, 4, 4, 1);
	I(c, VELA_OP_ADDI, 7, 7, 1);
	I(c, VELA_OP_ADDI, 3, 3, -1);
	uint32_t full2 = br(c, VELA_OP_BEQ, 7, R_T1);
	back(c, VELA_OP_BNE, 3, R_ZERO, copy);
	here(c, skip);
	I(c, VELA_OP_LD, 4, R_SP, RD_NEXT);
	back(c, VELA_OP_BEQ, R_ZERO, R_ZERO, rec);
	/* end of the directory or of the buffer: bufused = out - buf */
	here(c, eod);
	here(c, bad);
	here(c, full);
	here(c, full2);
	I(c, VELA_OP_LD, R_T0, R_SP, RD_BUF);
	R(c, VELA_OP_SUB, 7, 7, R_T0);
	I(c, VELA_OP_LD, R_T0, R_SP, RD_USED);
	I(c, VELA_OP_SW, 7, R_T0, 0);
	I(c, VELA_OP_ADDI, R_SP, R_SP, RD_FRAME);
	ret_const(c, 0);
	here(c, err);
	here(c, err2);
	I(c, VELA_OP_ADDI, R_SP, R_SP, RD_FRAME);
	ret_errno(c, L);
	here(c, fault);
	ret_const(c, WE_FAULT);
	return pc;
}

/* poll_oneoff (in, out, nsubs, nevents): one relative clock subscription
 * sleeps; anything else is ENOTSUP. */
static uint32_t emit_poll(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	zext(c, 6);
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, 1);
	uint32_t bad = br(c, VELA_OP_BNE, 5, R_T0);
	I(c, VELA_OP_LBU, R_T0, 3, 8);
	uint32_t bad2 = br(c, VELA_OP_BNE, R_T0, R_ZERO);
	I(c, VELA_OP_LD, R_T0, 3, 0);
	I(c, VELA_OP_SD, R_T0, 4, 0);
	I(c, VELA_OP_SD, R_ZERO, 4, 8);
	I(c, VELA_OP_SD, R_ZERO, 4, 16);
	I(c, VELA_OP_SD, R_ZERO, 4, 24);
	I(c, VELA_OP_ADDI, R_T0, R_ZERO, 1);
	I(c, VELA_OP_SW, R_T0, 6, 0);
	I(c, VELA_OP_LD, 3, 3, 24);
	sys(c, AE_SYS_nanosleep);
	ret_const(c, 0);
	here(c, bad);
	here(c, bad2);
	ret_const(c, 58);
	return pc;
}

/* an `aether` import: the AetherOS syscall with the same arguments */
static uint32_t emit_pass(struct vcode *c, unsigned nr)
{
	uint32_t pc = c->n;
	sys(c, nr);
	ret(c);
	return pc;
}

/* Copy a NULL-terminated wasm32 pointer array (u32 entries) at register
 * `r` into u64 entries at sp + off (at most 64 and the terminator) and
 * leave its address in r; r = 0 stays 0. Uses T0, T1, R7. */
static void widen_array(struct vcode *c, unsigned r, int32_t off)
{
	uint32_t skip = br(c, VELA_OP_BEQ, r, R_ZERO);
	I(c, VELA_OP_ADDI, R_T1, R_SP, off);
	I(c, VELA_OP_ADDI, 7, R_ZERO, 64);
	uint32_t loop = c->n;
	I(c, VELA_OP_LWU, R_T0, r, 0);
	I(c, VELA_OP_SD, R_T0, R_T1, 0);
	uint32_t done = br(c, VELA_OP_BEQ, R_T0, R_ZERO);
	I(c, VELA_OP_ADDI, r, r, 4);
	I(c, VELA_OP_ADDI, R_T1, R_T1, 8);
	I(c, VELA_OP_ADDI, 7, 7, -1);
	back(c, VELA_OP_BNE, 7, R_ZERO, loop);
	I(c, VELA_OP_SD, R_ZERO, R_T1, 0);
	here(c, done);
	I(c, VELA_OP_ADDI, r, R_SP, off);
	here(c, skip);
}

/* aether.spawn (path, argv32, envp32, fdmap): the kernel takes u64 arrays */
enum { SPAWN_FRAME = 1056 }; /* two arrays of 64 entries and the terminator, 528 bytes each */
_Static_assert((int)SPAWN_FRAME <= (int)WASM_STACK_GUARD, "spawn's frame exceeds the stack guard");

static uint32_t emit_spawn(struct vcode *c)
{
	uint32_t pc = c->n;
	zext(c, 3);
	zext(c, 4);
	zext(c, 5);
	zext(c, 6);
	I(c, VELA_OP_ADDI, R_SP, R_SP, -SPAWN_FRAME);
	widen_array(c, 4, 0);
	widen_array(c, 5, 528);
	sys(c, AE_SYS_spawn);
	I(c, VELA_OP_ADDI, R_SP, R_SP, SPAWN_FRAME);
	ret(c);
	return pc;
}

void wasm_rt_emit(struct vcode *c, const struct wasm_layout *L, struct wasm_rt *rt,
		  const uint8_t *want)
{
	/* only the routines the module imports: a program's AELF capabilities
	 * then follow from what it uses (the kernel proves constant syscalls) */
	rt->grow = emit_grow(c, L);
	rt->fill = emit_fill(c, L);
	rt->copy = emit_copy(c, L);
	rt->minit = emit_minit(c, L);
	rt->tgrow = emit_tgrow(c);
	rt->tfill = emit_tfill(c);
	rt->tcopy = emit_tcopy(c);
	rt->print_hex = emit_print_hex(c, L);
	rt->exit = emit_exit(c);
	if (want[WASI_fd_write])
		rt->wasi[WASI_fd_write] = emit_rw(c, L, AE_SYS_write);
	if (want[WASI_fd_read])
		rt->wasi[WASI_fd_read] = emit_rw(c, L, AE_SYS_read);
	rt->wasi[WASI_proc_exit] = rt->exit;
	if (want[WASI_fd_close])
		rt->wasi[WASI_fd_close] = emit_simple(c, L, AE_SYS_close);
	if (want[WASI_fd_seek])
		rt->wasi[WASI_fd_seek] = emit_seek(c, L);
	if (want[WASI_fd_fdstat_get])
		rt->wasi[WASI_fd_fdstat_get] = emit_fdstat(c);
	if (want[WASI_args_sizes_get])
		rt->wasi[WASI_args_sizes_get] = emit_sizes(c, L->rt_argv);
	if (want[WASI_environ_sizes_get])
		rt->wasi[WASI_environ_sizes_get] = emit_sizes(c, L->rt_envp);
	if (want[WASI_args_get])
		rt->wasi[WASI_args_get] = emit_strings(c, L->rt_argv);
	if (want[WASI_environ_get])
		rt->wasi[WASI_environ_get] = emit_strings(c, L->rt_envp);
	rt->ret0 = emit_ret0(c);
	if (want[WASI_clock_time_get])
		rt->wasi[WASI_clock_time_get] = emit_clock(c, L);
	if (want[WASI_random_get])
		rt->wasi[WASI_random_get] = emit_random(c, L);
	rt->wasi[WASI_sched_yield] = rt->ret0;
	if (want[WASI_fd_prestat_get])
		rt->wasi[WASI_fd_prestat_get] = emit_prestat(c);
	if (want[WASI_fd_prestat_dir_name])
		rt->wasi[WASI_fd_prestat_dir_name] = emit_prestat_name(c);
	if (want[WASI_path_open])
		rt->wasi[WASI_path_open] = emit_path_open(c, L);
	if (want[WASI_path_unlink_file])
		rt->wasi[WASI_path_unlink_file] = emit_path1(c, L, AE_SYS_unlink);
	if (want[WASI_path_create_directory])
		rt->wasi[WASI_path_create_directory] = emit_path1(c, L, AE_SYS_mkdir);
	if (want[WASI_path_remove_directory])
		rt->wasi[WASI_path_remove_directory] = emit_path1(c, L, AE_SYS_rmdir);
	if (want[WASI_path_rename])
		rt->wasi[WASI_path_rename] = emit_rename(c, L);
	if (want[WASI_fd_filestat_get])
		rt->wasi[WASI_fd_filestat_get] = emit_fd_filestat(c, L);
	if (want[WASI_path_filestat_get])
		rt->wasi[WASI_path_filestat_get] = emit_path_filestat(c, L);
	if (want[WASI_poll_oneoff])
		rt->wasi[WASI_poll_oneoff] = emit_poll(c);
	if (want[WASI_fd_readdir])
		rt->wasi[WASI_fd_readdir] = emit_readdir(c, L);
	rt->nosys = emit_nosys(c);
	if (want[WASI_COUNT + 0])
		rt->aether[0] = emit_pass(c, AE_SYS_getpid);
	if (want[WASI_COUNT + 1])
		rt->aether[1] = emit_pass(c, AE_SYS_pipe);
	if (want[WASI_COUNT + 2])
		rt->aether[2] = emit_pass(c, AE_SYS_dup2);
	if (want[WASI_COUNT + 3])
		rt->aether[3] = emit_pass(c, AE_SYS_kill);
	if (want[WASI_COUNT + 4])
		rt->aether[4] = emit_pass(c, AE_SYS_waitpid);
	if (want[WASI_COUNT + 5])
		rt->aether[5] = emit_pass(c, AE_SYS_getdents);
	if (want[WASI_COUNT + 6])
		rt->aether[6] = emit_pass(c, AE_SYS_stat);
	if (want[WASI_COUNT + 7])
		rt->aether[7] = emit_pass(c, AE_SYS_chdir);
	if (want[WASI_COUNT + 8])
		rt->aether[8] = emit_pass(c, AE_SYS_getcwd);
	if (want[WASI_COUNT + 9])
		rt->aether[9] = emit_spawn(c);
}

/* Errno table contents: AetherOS (Linux) errno -> WASI errno. */
uint8_t wasm_rt_errno(unsigned e)
{
	static const uint8_t map[][2] = {
	    {AE_EPERM, 63},	{AE_ENOENT, 44},  {AE_ESRCH, 71},	 {AE_EINTR, 27},
	    {AE_EIO, 29},	{AE_ENOEXEC, 45}, {AE_EBADF, 8},	 {AE_ECHILD, 12},
	    {AE_EAGAIN, 6},	{AE_ENOMEM, 48},  {AE_EACCES, 2},	 {AE_EFAULT, 21},
	    {AE_EBUSY, 10},	{AE_EEXIST, 20},  {AE_EXDEV, 75},	 {AE_ENOTDIR, 54},
	    {AE_EISDIR, 31},	{AE_EINVAL, 28},  {AE_ENFILE, 41},	 {AE_EMFILE, 33},
	    {AE_EFBIG, 22},	{AE_ENOSPC, 51},  {AE_ESPIPE, 70},	 {AE_EROFS, 69},
	    {AE_EPIPE, 64},	{AE_ERANGE, 68},  {AE_ENAMETOOLONG, 37}, {AE_ENOSYS, 52},
	    {AE_ENOTEMPTY, 55}, {AE_EBADMSG, 9},  {AE_ENOTSUP, 58},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i][0] == e)
			return map[i][1];
	return WE_IO;
}

static const char *const wasi_names[WASI_COUNT] = {
#define WASI_NAME(x) #x,
    WASI_LIST(WASI_NAME)
#undef WASI_NAME
};

int wasm_rt_aether_index(struct wasm_name n)
{
	static const char *const names[] = {"getpid",	"pipe", "dup2",	 "kill",   "waitpid",
					    "getdents", "stat", "chdir", "getcwd", "spawn"};
	for (int i = 0; i < 10; i++)
		if (wasm_name_is(n, names[i]))
			return i;
	return -1;
}

int wasm_rt_wasi_index(struct wasm_name n)
{
	for (int i = 0; i < WASI_COUNT; i++)
		if (wasm_name_is(n, wasi_names[i]))
			return i;
	return -1;
}
