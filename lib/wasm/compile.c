/*
 * One WebAssembly function body: validated (operand types and heights,
 * indices, control structure) and lowered to VELA in the same walk. Pass 1
 * only validates and measures (stack depth, outgoing arguments, how often
 * each local is used, weighted by loop depth); pass 2 emits with the frame
 * known and the most used locals in registers; a pass 3 re-emits with long
 * branches when a conditional branch did not reach. Register strategy:
 * docs/vela-wasm.md, "Registers and frames".
 */
#include "wasm/lower.h"

#include "fmt/format.h"
#include "vela/vela.h"

#include <string.h>

enum { K_REG, K_CONST, K_LOCAL, K_COND };
/* operand stack values per function beyond one per body byte (calls and
 * blocks with many results push more than that): a bound on the frame and
 * on the validator's work per instruction */
enum { WASM_MAX_STACK = 1 << 16 };
enum { CK_FUNC, CK_BLOCK, CK_LOOP, CK_IF, CK_ELSE };

struct ent {
	uint8_t type, kind;
	uint8_t bop, ra, rb; /* K_COND: branch opcode taken when true, operands */
	uint32_t local;
	int64_t val;
};

struct ctl {
	uint8_t kind;
	bool unreachable; /* validation: the rest of the block is unreachable */
	bool live_entry;  /* emission was live when the block began */
	bool targeted;	  /* a live branch goes to the block's end */
	uint32_t np, nr;
	const uint8_t *pt, *rt;
	uint32_t height;
	uint32_t start_pc; /* loop header */
	uint32_t fix;	   /* forward branches to the end: chain of fixup indices + 1 */
	uint32_t else_fix; /* if: fixup of the branch to the else part (+1) */
};

struct fixup {
	uint32_t pc, next;
	bool j;
};

struct fc {
	struct wasm_cm *cm;
	const struct wasm_module *m;
	struct vcode *c, dummy;
	uint32_t dummy_w[64];
	uint32_t fidx;
	const struct wasm_functype *ft;
	struct wasm_rd r;
	uint32_t op_at; /* file offset of the current instruction */
	uint32_t nlocals;
	uint8_t *ltype;
	int8_t *lreg;
	int32_t *loff;
	uint32_t *lw;
	struct ent *st;
	uint32_t n, stcap;
	/* no K_LOCAL entry lies below this depth: the scans for lazy local
	 * references start here, so a deep stack of call results is not walked
	 * at every local.set and block entry */
	uint32_t lazy_lo;
	struct ctl *cs;
	uint32_t ncs, cscap;
	struct fixup *fx;
	uint32_t nfx, fxcap;
	int pass;
	bool dead, long_br, range_fail;
	bool calls; /* pass 1 met a call (of a function or a runtime routine) */
	uint32_t max_depth, max_out, loopd, nlreg;
	uint32_t fs, lr_off, save_off, slot_off;
	int64_t last_def;
	unsigned last_reg;
	/* frame locals whose value a register still holds (after local.set):
	 * cache_local[r] = local index + 1, 0 = none; cleared at labels and calls */
	uint32_t cache_local[16];
	/* the last instruction stored register fwd_reg into the slot of depth
	 * fwd_d, ending at pc fwd_pc: reading that slot before anything else is
	 * emitted takes the register instead of a load. Reset at labels; the
	 * other forward branches (br_if with moves, br_table) skip a j or a
	 * return, so no target follows such a store directly. */
	bool fwd_ok;
	unsigned fwd_reg;
	uint32_t fwd_d, fwd_pc;
	const char *why;
	uint32_t why_at;
};

static bool fail(struct fc *f, const char *why)
{
	if (!f->why) {
		f->why = why;
		f->why_at = f->op_at;
	}
	return false;
}

static void cache_clear(struct fc *f)
{
	memset(f->cache_local, 0, sizeof f->cache_local);
	f->fwd_ok = false;
}

/* forget what the register an instruction writes was caching */
static void cache_write(struct fc *f, uint32_t w)
{
	const struct vela_opinfo *oi = vela_opinfo(w >> 24);
	if (!oi)
		return;
	switch (oi->cls) {
	case VELA_CLS_ALU:
	case VELA_CLS_SHIFT:
	case VELA_CLS_CMP:
	case VELA_CLS_MUL:
	case VELA_CLS_DIV:
	case VELA_CLS_UNARY:
	case VELA_CLS_CONST:
	case VELA_CLS_LOAD:
	case VELA_CLS_FLOAT:
	case VELA_CLS_FCMP:
	case VELA_CLS_FCVT:
		f->cache_local[(w >> 18) & 15] = 0;
		break;
	case VELA_CLS_STORE:
	case VELA_CLS_BRANCH:
	case VELA_CLS_JUMP:
	case VELA_CLS_NOP:
	case VELA_CLS_BREAK:
	case VELA_CLS_RET:
		break;
	default:
		cache_clear(f);
	}
}

static void out(struct fc *f, uint32_t w)
{
	cache_write(f, w);
	vput(f->c, w);
	f->last_def = -1;
	if (f->c == &f->dummy)
		f->dummy.n = 0;
}

/* the last instruction wrote `reg` as the complete value of a stack slot */
static void def(struct fc *f, unsigned reg)
{
	const struct vela_opinfo *oi = f->c->n ? vela_opinfo(f->c->w[f->c->n - 1] >> 24) : NULL;
	/* a store defines no register (the slot forwarding in get() may leave
	 * the store of a value as the last instruction) */
	if (f->dead || !oi || oi->cls == VELA_CLS_STORE) {
		f->last_def = -1;
		return;
	}
	f->last_def = (int64_t)f->c->n - 1;
	f->last_reg = reg;
}

static void set_dead(struct fc *f, bool dead)
{
	cache_clear(f);
	f->dead = dead;
	f->c = (dead || f->pass == 1) ? &f->dummy : &f->cm->code;
	f->dummy.n = 0;
	f->dummy.overflow = false;
	f->last_def = -1;
}

/* ---------------------------------------------------------------- emitters */

void vli(struct vcode *c, unsigned rd, int64_t v)
{
	/* top 18-bit signed chunk, then 18-bit unsigned chunks */
	int k = 0;
	while (k < 3) {
		int64_t top = v >> (18 * (k + 1));
		int64_t hi = top >> 17;
		if (hi == 0 || hi == -1)
			break;
		k++;
	}
	if (k == 0 && (v >> 17 == 0 || v >> 17 == -1)) {
		vput(c, vU(VELA_OP_LI, rd, (uint32_t)v));
		return;
	}
	/* k+1 shori after an li of the top bits */
	int chunks = 1;
	while (chunks < 4) {
		int64_t top = v >> (18 * chunks);
		if (top >> 17 == 0 || top >> 17 == -1)
			break;
		chunks++;
	}
	vput(c, vU(VELA_OP_LI, rd, (uint32_t)(v >> (18 * chunks))));
	for (int i = chunks - 1; i >= 0; i--)
		vput(c, vU(VELA_OP_SHORI, rd, (uint32_t)((uint64_t)v >> (18 * i))));
}

void vmv(struct vcode *c, unsigned rd, unsigned rs)
{
	if (rd != rs)
		vput(c, vI(VELA_OP_ADDI, rd, rs, 0));
}

void vbreak(struct vcode *c, uint32_t code)
{
	vput(c, (uint32_t)VELA_OP_BREAK << 24 | (code & 0xffffff));
}

/* The stack check (docs/vela-wasm.md, "Stack limit"): li T1, lim (li and
 * one shori for any sandbox below 32 GiB), then a branch over the trap. */
void vstack_check(struct vcode *c, uint64_t lim)
{
	vli(c, R_T1, (int64_t)lim);
	vput(c, vI(VELA_OP_BGEU, R_SP, R_T1, 2));
	vbreak(c, WASM_TRAP_STACK);
}

bool vpatch_b(struct vcode *c, uint32_t at, uint32_t target)
{
	int64_t off = ((int64_t)target - (int64_t)at);
	if (at >= c->n)
		return true;
	if (off < -2048 || off > 2047)
		return false;
	c->w[at] = (c->w[at] & 0xfffff000u) | ((uint32_t)off & 0xfff);
	return true;
}

bool vpatch_j(struct vcode *c, uint32_t at, uint32_t target)
{
	int64_t off = ((int64_t)target - (int64_t)at);
	if (at >= c->n)
		return true;
	if (off < -(1 << 23) || off >= (1 << 23))
		return false;
	c->w[at] = (c->w[at] & 0xff000000u) | ((uint32_t)off & 0xffffff);
	return true;
}

/* A constant: vli's li + shori chunks, or li + slli when the value is a
 * small number shifted left (most float constants: 1.0 is 0x3ff << 52), two
 * instructions where vli would need up to four. */
static void li(struct fc *f, unsigned rd, int64_t v)
{
	f->cache_local[rd & 15] = 0;
	int tz = v ? __builtin_ctzll((uint64_t)v) : 0;
	int64_t top = v >> tz;
	if (tz > 0 && (v >> 17 != 0 && v >> 17 != -1) && (top >> 17 == 0 || top >> 17 == -1)) {
		out(f, vU(VELA_OP_LI, rd, (uint32_t)top));
		out(f, vSH(VELA_OP_SLLI, rd, rd, (unsigned)tz));
	} else {
		vli(f->c, rd, v);
	}
	f->last_def = -1;
}

static void mv(struct fc *f, unsigned rd, unsigned rs)
{
	if (rd != rs)
		out(f, vI(VELA_OP_ADDI, rd, rs, 0));
}

static void ld_sp(struct fc *f, unsigned rd, int64_t off)
{
	if (fits12(off)) {
		out(f, vI(VELA_OP_LD, rd, R_SP, (int32_t)off));
	} else {
		li(f, rd, off);
		out(f, vR(VELA_OP_ADD, rd, rd, R_SP));
		out(f, vI(VELA_OP_LD, rd, rd, 0));
	}
}

static void st_sp(struct fc *f, unsigned rs, int64_t off)
{
	if (fits12(off)) {
		out(f, vI(VELA_OP_SD, rs, R_SP, (int32_t)off));
	} else {
		li(f, R_LR, off);
		out(f, vR(VELA_OP_ADD, R_LR, R_LR, R_SP));
		out(f, vI(VELA_OP_SD, rs, R_LR, 0));
	}
}

/* ---------------------------------------------------------------- stack */

static int64_t slot(struct fc *f, uint32_t d)
{
	return (int64_t)f->slot_off + 8 * (int64_t)d;
}

static unsigned dreg(uint32_t d)
{
	return d < NSTK ? R_STK + d : R_T0;
}

/* A register holding entry e (at depth d); may load into tmp. */
static unsigned get(struct fc *f, const struct ent *e, uint32_t d, unsigned tmp)
{
	switch (e->kind) {
	case K_CONST:
		if (e->val == 0)
			return R_ZERO;
		li(f, tmp, e->val);
		return tmp;
	case K_LOCAL: {
		/* the local's value, plus val (an add folded into the reference) */
		unsigned r = tmp;
		if (f->lreg[e->local] >= 0) {
			r = (unsigned)f->lreg[e->local];
		} else {
			int hit = -1;
			for (unsigned k = 1; k < 16; k++)
				if (f->cache_local[k] == e->local + 1)
					hit = (int)k;
			if (hit >= 0)
				r = (unsigned)hit;
			else
				ld_sp(f, tmp, f->loff[e->local]);
		}
		if (e->val == 0)
			return r;
		out(f, vI(e->type == WASM_I32 ? VELA_OP_ADDIW : VELA_OP_ADDI, tmp, r,
			  (int32_t)e->val));
		return tmp;
	}
	case K_COND:
		out(f, vR(VELA_OP_SLTU, tmp, R_ZERO, R_ZERO)); /* unreachable by construction */
		return tmp;
	default:
		if (d < NSTK)
			return R_STK + d;
		if (f->fwd_ok && f->fwd_d == d && f->fwd_pc == f->c->n && f->c == &f->cm->code) {
			mv(f, tmp, f->fwd_reg); /* nothing when it is tmp itself */
			return tmp;
		}
		ld_sp(f, tmp, slot(f, d));
		return tmp;
	}
}

/* Store reg into the slot of depth d, remembered for get()'s forwarding. */
static void st_slot(struct fc *f, unsigned reg, uint32_t d)
{
	st_sp(f, reg, slot(f, d));
	f->fwd_ok = fits12(slot(f, d));
	f->fwd_reg = reg;
	f->fwd_d = d;
	f->fwd_pc = f->c->n;
}

/* Result computed in reg for depth d: store it home, mark the entry. */
static void fin(struct fc *f, uint32_t d, unsigned reg, uint8_t type)
{
	if (d >= NSTK)
		st_slot(f, reg, d);
	else if (reg != R_STK + d)
		mv(f, R_STK + d, reg);
	else
		def(f, reg);
	f->st[d].kind = K_REG;
	f->st[d].type = type;
}

static void copy_to(struct fc *f, const struct ent *e, uint32_t src, uint32_t dst)
{
	if (e->kind == K_REG && src == dst)
		return;
	unsigned r = get(f, e, src, dreg(dst));
	if (dst < NSTK)
		mv(f, R_STK + dst, r);
	else
		st_slot(f, r, dst);
}

static void mat(struct fc *f, uint32_t d)
{
	if (f->st[d].kind == K_REG)
		return;
	copy_to(f, &f->st[d], d, d);
	f->st[d].kind = K_REG;
}

static void mat_locals(struct fc *f, uint32_t from)
{
	for (uint32_t d = f->lazy_lo < from ? f->lazy_lo : from; d < f->n; d++)
		if (f->st[d].kind == K_LOCAL || (d >= from && f->st[d].kind != K_REG))
			mat(f, d);
	f->lazy_lo = f->n;
}

/* Entry e becomes the value at depth d (which may make it a lazy local). */
static void set_ent(struct fc *f, uint32_t d, const struct ent *e)
{
	f->st[d] = *e;
	if (e->kind == K_LOCAL && d < f->lazy_lo)
		f->lazy_lo = d;
}

/* Room for one more operand stack entry. The stack starts with room for one
 * value per body byte, which only calls and blocks with many results can
 * exceed: it then doubles, from the arena, up to WASM_MAX_STACK values. */
static bool grow_stack(struct fc *f)
{
	if (f->n < f->stcap)
		return true;
	if (f->stcap >= WASM_MAX_STACK)
		return fail(f, "unsupported: operand stack too deep");
	uint32_t cap = f->stcap < WASM_MAX_STACK / 2 ? 2 * f->stcap : WASM_MAX_STACK;
	struct ent *st = wasm_alloc(f->cm->a, (size_t)cap * sizeof *st);
	if (!st)
		return fail(f, "importer out of memory");
	memcpy(st, f->st, (size_t)f->n * sizeof *st);
	f->st = st;
	f->stcap = cap;
	return true;
}

static bool push(struct fc *f, uint8_t type, uint8_t kind, int64_t val)
{
	if (!grow_stack(f))
		return false;
	struct ent *e = &f->st[f->n++];
	memset(e, 0, sizeof *e);
	e->type = type;
	e->kind = kind;
	e->val = val;
	if (kind == K_LOCAL && f->n - 1 < f->lazy_lo)
		f->lazy_lo = f->n - 1;
	if (f->n > f->max_depth)
		f->max_depth = f->n;
	return true;
}

static bool pop(struct fc *f, uint8_t want, struct ent *e)
{
	struct ctl *c = &f->cs[f->ncs - 1];
	if (f->n == c->height) {
		if (c->unreachable) {
			memset(e, 0, sizeof *e);
			e->type = want;
			return true;
		}
		return fail(f, "type mismatch");
	}
	*e = f->st[--f->n];
	if (want != WASM_ANY && e->type != WASM_ANY && e->type != want)
		return fail(f, "type mismatch");
	return true;
}

/* ---------------------------------------------------------------- branches */

static uint8_t inv_bop(uint8_t b)
{
	switch (b) {
	case VELA_OP_BEQ:
		return VELA_OP_BNE;
	case VELA_OP_BNE:
		return VELA_OP_BEQ;
	case VELA_OP_BLT:
		return VELA_OP_BGE;
	case VELA_OP_BGE:
		return VELA_OP_BLT;
	case VELA_OP_BLTU:
		return VELA_OP_BGEU;
	default:
		return VELA_OP_BLTU;
	}
}

static bool add_fix(struct fc *f, struct ctl *t, bool j)
{
	if (f->nfx >= f->fxcap)
		return fail(f, "too many branches");
	struct fixup *x = &f->fx[f->nfx];
	x->pc = f->c->n - 1;
	x->j = j;
	x->next = t->fix;
	t->fix = ++f->nfx;
	t->targeted = true;
	return true;
}

/* Branch (bop, ra, rb: conditional; bop 0: always) to a block label. */
static bool branch(struct fc *f, struct ctl *t, uint8_t bop, unsigned ra, unsigned rb)
{
	if (f->dead || f->pass == 1)
		return true;
	bool back = t->kind == CK_LOOP;
	if (bop && f->long_br) {
		out(f, vI(inv_bop(bop), ra, rb, 2));
		bop = 0;
	}
	if (!bop) {
		out(f, (uint32_t)VELA_OP_J << 24);
		if (back) {
			if (!vpatch_j(f->c, f->c->n - 1, t->start_pc))
				f->range_fail = true;
			return true;
		}
		return add_fix(f, t, true);
	}
	out(f, vI(bop, ra, rb, 0));
	if (back) {
		if (!vpatch_b(f->c, f->c->n - 1, t->start_pc))
			f->range_fail = true;
		return true;
	}
	return add_fix(f, t, false);
}

static void patch_here(struct fc *f, uint32_t chain)
{
	struct vcode *c = &f->cm->code;
	uint32_t here = c->n;
	cache_clear(f);
	if (f->pass == 1)
		return;
	while (chain) {
		struct fixup *x = &f->fx[chain - 1];
		if (!(x->j ? vpatch_j(c, x->pc, here) : vpatch_b(c, x->pc, here)))
			f->range_fail = true;
		chain = x->next;
	}
	f->last_def = -1;
}

/* The base register (and its offset from sp) through which the prologue and
 * epilogue reach the saved lr and R8..: sp itself, or T0 = sp + lr_off when
 * a large outgoing area (calls with many arguments or results) puts them
 * beyond a 12-bit displacement. T0 is free at both ends of the function. */
static unsigned save_base(struct fc *f, uint32_t *bias)
{
	*bias = 0;
	if (fits12((int64_t)f->save_off + 8 * f->nlreg))
		return R_SP;
	*bias = f->lr_off;
	li(f, R_T0, f->lr_off);
	out(f, vR(VELA_OP_ADD, R_T0, R_T0, R_SP));
	return R_T0;
}

static void epilogue(struct fc *f)
{
	uint32_t bias;
	unsigned b = save_base(f, &bias);
	for (unsigned k = 0; k < f->nlreg; k++)
		out(f, vI(VELA_OP_LD, R_LOC + k, b, (int32_t)(f->save_off - bias + 8 * k)));
	out(f, vI(VELA_OP_LD, R_LR, b, (int32_t)(f->lr_off - bias)));
	if (fits12(f->fs)) {
		out(f, vI(VELA_OP_ADDI, R_SP, R_SP, (int32_t)f->fs));
	} else {
		li(f, R_T0, f->fs);
		out(f, vR(VELA_OP_ADD, R_SP, R_SP, R_T0));
	}
	out(f, (uint32_t)VELA_OP_RET << 24);
}

/* Move the top `count` values to depths base.. (a branch's transfer). */
static void transfer(struct fc *f, uint32_t base, uint32_t count)
{
	uint32_t from = f->n - count;
	for (uint32_t i = 0; i < count; i++)
		copy_to(f, &f->st[from + i], from + i, base + i);
}

/* A lazy reference to a parameter whose home is the caller's outgoing area
 * (fs + 8 * (x - NARG)), where results beyond the fifth are returned. */
static bool in_out_area(struct fc *f, const struct ent *e)
{
	return e->kind == K_LOCAL && e->local >= NARG && e->local < f->ft->nparams &&
	       f->lreg[e->local] < 0;
}

/* Return the top nresults values: the first NRES in R3.., the rest at
 * fs + 8 * (j - NRES), the caller's 8 * (j - NRES)(sp). Emits code only:
 * the compile-time stack is left as it is, since a br_if to the function
 * label falls through with it. */
static void do_return(struct fc *f)
{
	uint32_t nr = f->ft->nresults;
	uint32_t from = f->n - nr;
	for (uint32_t i = 0; i < nr && i < NRES; i++) {
		const struct ent *e = &f->st[from + i];
		unsigned r = get(f, e, from + i, R_STK + i);
		mv(f, R_STK + i, r);
	}
	/* A result stored into the outgoing area may overwrite a stack-passed
	 * parameter that a later result still reads: those parameters are first
	 * copied to their entry's own slot (unused while the entry is lazy). */
	for (uint32_t j = NRES; j < nr; j++)
		if (in_out_area(f, &f->st[from + j]))
			st_sp(f, get(f, &f->st[from + j], from + j, R_T0), slot(f, from + j));
	for (uint32_t j = NRES; j < nr; j++) {
		const struct ent *e = &f->st[from + j];
		unsigned r = R_T0;
		if (in_out_area(f, e))
			ld_sp(f, R_T0, slot(f, from + j));
		else
			r = get(f, e, from + j, R_T0);
		st_sp(f, r, (int64_t)f->fs + 8 * (j - NRES));
	}
	epilogue(f);
}

static uint32_t label_arity(const struct ctl *t, const uint8_t **types)
{
	if (t->kind == CK_LOOP) {
		*types = t->pt;
		return t->np;
	}
	*types = t->rt;
	return t->nr;
}

/* Check that the top of the stack matches `types` without popping. */
static bool check_top(struct fc *f, const uint8_t *types, uint32_t cnt)
{
	struct ctl *c = &f->cs[f->ncs - 1];
	uint32_t avail = f->n - c->height;
	for (uint32_t i = 0; i < cnt; i++) {
		uint32_t k = cnt - 1 - i; /* from the top */
		if (k + 1 > avail || i >= avail) {
			if (c->unreachable && i >= avail)
				continue;
		}
		if (i >= avail) {
			if (c->unreachable)
				continue;
			return fail(f, "type mismatch");
		}
		uint8_t t = f->st[f->n - 1 - i].type;
		if (t != WASM_ANY && t != types[cnt - 1 - i])
			return fail(f, "type mismatch");
	}
	return true;
}

/* Emit a transfer and jump to label depth `l` (relative), taken when the
 * condition holds (bop 0 = always). */
static bool br_to(struct fc *f, uint32_t l, uint8_t bop, unsigned ra, unsigned rb)
{
	struct ctl *t = &f->cs[f->ncs - 1 - l];
	const uint8_t *types;
	uint32_t ar = label_arity(t, &types);
	if (f->dead)
		return true;
	if (t->kind == CK_FUNC) {
		uint32_t skip = 0;
		if (bop) {
			out(f, vI(inv_bop(bop), ra, rb, 0));
			skip = f->c->n - 1;
		}
		do_return(f);
		if (bop && !vpatch_b(f->c, skip, f->c->n))
			f->range_fail = true;
		f->last_def = -1;
		return true;
	}
	uint32_t from = f->n - ar;
	bool moves = false;
	for (uint32_t i = 0; i < ar; i++)
		if (from != t->height || f->st[from + i].kind != K_REG)
			moves = true;
	if (!moves)
		return branch(f, t, bop, ra, rb);
	uint32_t skip = 0;
	if (bop) {
		out(f, vI(inv_bop(bop), ra, rb, 0));
		skip = f->c->n - 1;
	}
	transfer(f, t->height, ar);
	if (!branch(f, t, 0, 0, 0))
		return false;
	if (bop && !vpatch_b(f->c, skip, f->c->n))
		f->range_fail = true;
	f->last_def = -1;
	return true;
}

/* ---------------------------------------------------------------- calls */

/* Call with the top `np` entries as arguments; results pushed. */
/* table x's element i (a register) into R_T0, trapping `oob` unless i is
 * below the table's size: the constant minimum when the table cannot grow,
 * else its current size from the descriptor */
static void table_elem(struct fc *f, uint32_t x, unsigned ri, uint32_t oob)
{
	const struct wasm_layout *L = &f->cm->lay;
	const struct wasm_table *t = &f->m->tables[x];
	out(f, vSH(VELA_OP_SLLI, R_T0, ri, 32));
	out(f, vSH(VELA_OP_SRLI, R_T0, R_T0, 32));
	if (L->tab_cap[x] == t->lim.min) {
		li(f, R_T1, t->lim.min);
	} else {
		li(f, R_T1, (int64_t)L->tab[x]);
		out(f, vI(VELA_OP_LD, R_T1, R_T1, 8));
	}
	out(f, vI(VELA_OP_BLTU, R_T0, R_T1, 2));
	vbreak(f->c, oob);
	out(f, vSH(VELA_OP_SLLI, R_T0, R_T0, 3));
	li(f, R_T1, (int64_t)L->tab[x] + 24);
	out(f, vR(VELA_OP_ADD, R_T0, R_T0, R_T1));
}

static bool emit_call(struct fc *f, uint32_t np, const uint8_t *rt, uint32_t nr, bool indirect,
		      uint32_t func, uint32_t canon)
{
	uint32_t base = f->n; /* args at base..base+np-1 (already popped) */
	uint32_t idx_d = base + np;
	f->calls = true;
	/* the outgoing area at 0(sp) holds the arguments beyond the fifth, and
	 * after the call the results beyond the fifth */
	if (np > NARG && np - NARG > f->max_out)
		f->max_out = np - NARG;
	if (nr > NRES && nr - NRES > f->max_out)
		f->max_out = nr - NRES;
	if (!f->dead) {
		/* lazy local references under a call with many results are
		 * materialised, so that they never lie below a deep run of
		 * results that every local.set would scan (lazy_lo) */
		if (nr > NRES)
			mat_locals(f, base);
		for (uint32_t d = 0; d < base && d < NSTK; d++)
			if (f->st[d].kind == K_REG)
				st_sp(f, R_STK + d, slot(f, d));
		for (uint32_t i = NARG; i < np; i++) {
			unsigned r = get(f, &f->st[base + i], base + i, R_T0);
			st_sp(f, r, 8 * (int64_t)(i - NARG));
		}
		for (uint32_t i = 0; i < np && i < NARG; i++) {
			unsigned r = get(f, &f->st[base + i], base + i, R_STK + i);
			mv(f, R_STK + i, r);
		}
		if (indirect) {
			/* func: the table; its element is a funcref (canonical
			 * type + 1 in the high half, code offset in the low) */
			const struct ent *ie = &f->st[idx_d];
			unsigned ri = get(f, ie, idx_d, R_T0);
			table_elem(f, func, ri, WASM_TRAP_TABLE);
			out(f, vI(VELA_OP_LD, R_T0, R_T0, 0));
			out(f, vSH(VELA_OP_SRLI, R_T1, R_T0, 32));
			out(f, vI(VELA_OP_BNE, R_T1, R_ZERO, 2));
			vbreak(f->c, WASM_TRAP_NULL);
			out(f, vI(VELA_OP_ADDI, R_T1, R_T1, -(int32_t)(canon + 1)));
			out(f, vI(VELA_OP_BEQ, R_T1, R_ZERO, 2));
			vbreak(f->c, WASM_TRAP_SIGNATURE);
			out(f, vSH(VELA_OP_SLLI, R_T0, R_T0, 32));
			out(f, vSH(VELA_OP_SRLI, R_T0, R_T0, 32));
			out(f, vR(VELA_OP_CALLR, 0, R_T0, 0));
		} else {
			out(f, (uint32_t)VELA_OP_CALL << 24);
			if (f->pass > 1 && !wasm_add_callfix(f->cm, f->c->n - 1, func))
				return fail(f, "importer out of memory");
		}
		for (uint32_t j = NRES; j < nr; j++) {
			ld_sp(f, R_T0, 8 * (int64_t)(j - NRES));
			st_sp(f, R_T0, slot(f, base + j));
		}
		for (uint32_t j = nr < NRES ? nr : NRES; j-- > 0;) {
			uint32_t d = base + j;
			if (d < NSTK)
				mv(f, R_STK + d, R_STK + j);
			else
				st_sp(f, R_STK + j, slot(f, d));
		}
		for (uint32_t d = 0; d < base && d < NSTK; d++)
			if (f->st[d].kind == K_REG)
				ld_sp(f, R_STK + d, slot(f, d));
	}
	for (uint32_t j = 0; j < nr; j++)
		if (!push(f, rt[j], K_REG, 0))
			return false;
	if (f->n > f->max_depth)
		f->max_depth = f->n;
	return true;
}

static bool call_types(struct fc *f, const struct wasm_functype *t)
{
	struct ent e;
	for (uint32_t i = t->nparams; i-- > 0;)
		if (!pop(f, t->params[i], &e))
			return false;
	return true;
}

/* ---------------------------------------------------------------- memory */

/* Address of an access of `size` bytes: imm(base) */
static void mem_addr(struct fc *f, const struct ent *a, uint32_t d, uint32_t off, uint32_t size,
		     unsigned *base, int32_t *imm)
{
	if (f->cm->mode == WASM_BOUNDS_STRICT) {
		if (a->kind == K_CONST) {
			li(f, R_T0, (int64_t)(uint32_t)a->val + off + size);
		} else {
			unsigned r = get(f, a, d, R_T0);
			out(f, vSH(VELA_OP_SLLI, R_T0, r, 32));
			out(f, vSH(VELA_OP_SRLI, R_T0, R_T0, 32));
			if (fits12((int64_t)off + size)) {
				out(f, vI(VELA_OP_ADDI, R_T0, R_T0, (int32_t)(off + size)));
			} else {
				li(f, R_T1, (int64_t)off + size);
				out(f, vR(VELA_OP_ADD, R_T0, R_T0, R_T1));
			}
		}
		li(f, R_T1, (int64_t)f->cm->lay.rt_memsz);
		out(f, vI(VELA_OP_LD, R_T1, R_T1, 0));
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, 16));
		out(f, vI(VELA_OP_BGEU, R_T1, R_T0, 2));
		vbreak(f->c, WASM_TRAP_MEMORY);
		*base = R_T0;
		*imm = -(int32_t)size;
		return;
	}
	if (a->kind == K_CONST) {
		uint64_t ea = (uint64_t)(uint32_t)a->val + off;
		if (ea < 2048) {
			*base = R_ZERO;
			*imm = (int32_t)ea;
		} else {
			li(f, R_T0, (int64_t)ea);
			*base = R_T0;
			*imm = 0;
		}
		return;
	}
	if (off == 0 && a->kind == K_LOCAL) {
		/* (local + k) as base + displacement: exact in sandbox mode because the
		 * sandbox is at most 2 GiB (docs/vela-wasm.md, "Registers and frames") */
		struct ent l = *a;
		l.val = 0;
		*base = get(f, &l, d, R_T0);
		*imm = (int32_t)a->val;
		return;
	}
	unsigned r = get(f, a, d, R_T0);
	if (off == 0) {
		*base = r;
		*imm = 0;
		return;
	}
	out(f, vSH(VELA_OP_SLLI, R_T0, r, 32));
	out(f, vSH(VELA_OP_SRLI, R_T0, R_T0, 32));
	if (off < 2048) {
		*imm = (int32_t)off;
	} else {
		li(f, R_T1, off);
		out(f, vR(VELA_OP_ADD, R_T0, R_T0, R_T1));
		*imm = 0;
	}
	*base = R_T0;
}

static bool memarg(struct fc *f, unsigned natural, uint32_t *off)
{
	uint32_t align;
	if (!wasm_u32(&f->r, &align) || !wasm_u32(&f->r, off))
		return fail(f, f->r.fail ? f->r.fail : "unexpected end");
	if (!f->m->has_mem)
		return fail(f, "unknown memory 0");
	if (align >= 32 || (1u << align) > natural)
		return fail(f, "alignment must not be larger than natural");
	return true;
}

static bool op_load(struct fc *f, uint8_t vop, unsigned size, uint8_t type)
{
	uint32_t off;
	struct ent a;
	if (!memarg(f, size, &off) || !pop(f, WASM_I32, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, type, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	unsigned base;
	int32_t imm;
	mem_addr(f, &a, d, off, size, &base, &imm);
	unsigned rd = dreg(d);
	out(f, vI(vop, rd, base, imm));
	fin(f, d, rd, type);
	return true;
}

static bool op_store(struct fc *f, uint8_t vop, unsigned size, uint8_t type)
{
	uint32_t off;
	struct ent v, a;
	if (!memarg(f, size, &off) || !pop(f, type, &v) || !pop(f, WASM_I32, &a))
		return false;
	if (f->dead)
		return true;
	uint32_t d = f->n;
	unsigned base;
	int32_t imm;
	mem_addr(f, &a, d, off, size, &base, &imm);
	unsigned rv = get(f, &f->st[d + 1], d + 1, R_T1);
	out(f, vI(vop, rv, base, imm));
	return true;
}

/* ---------------------------------------------------------------- numeric */

static bool unop(struct fc *f, uint8_t in, uint8_t outt, struct ent *a, uint32_t *d)
{
	if (!pop(f, in, a))
		return false;
	*d = f->n;
	return push(f, outt, K_REG, 0);
}

/* Binary op: R-format `op`, or I-format `iop` when b is a small constant
 * (neg: use -k). */
static bool binop(struct fc *f, uint8_t type, uint8_t rtype, uint8_t op, int iop, bool neg,
		  bool commut)
{
	struct ent a, b;
	if (!pop(f, type, &b) || !pop(f, type, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, rtype, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	uint32_t da = d, db = d + 1;
	if (commut && a.kind == K_CONST && b.kind != K_CONST) {
		struct ent t = a;
		a = b;
		b = t;
		da = d + 1;
		db = d;
	}
	unsigned rd = dreg(d);
	int64_t k = neg ? -b.val : b.val;
	if ((iop == VELA_OP_ADDIW || iop == VELA_OP_ADDI) && a.kind == K_LOCAL &&
	    b.kind == K_CONST && fits12(k) && fits12(a.val + k) && (!neg || b.val != INT64_MIN)) {
		/* local + small constant stays a lazy reference (folds into addresses) */
		set_ent(f, d, &a);
		f->st[d].val = a.val + k;
		f->st[d].type = rtype;
		return true;
	}
	if (iop >= 0 && b.kind == K_CONST && fits12(k) && (!neg || b.val != INT64_MIN)) {
		unsigned ra = get(f, &a, da, R_T0);
		out(f, vI((unsigned)iop, rd, ra, (int32_t)k));
	} else {
		unsigned ra = get(f, &a, da, R_T0);
		unsigned rb = get(f, &b, db, R_T1);
		out(f, vR(op, rd, ra, rb));
	}
	fin(f, d, rd, rtype);
	return true;
}

static bool shift(struct fc *f, uint8_t type, uint8_t op, uint8_t iop, unsigned mask)
{
	struct ent a, b;
	if (!pop(f, type, &b) || !pop(f, type, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, type, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	unsigned rd = dreg(d);
	unsigned ra = get(f, &a, d, R_T0);
	if (b.kind == K_CONST) {
		out(f, vSH(iop, rd, ra, (unsigned)b.val & mask));
	} else {
		unsigned rb = get(f, &b, d + 1, R_T1);
		out(f, vR(op, rd, ra, rb));
	}
	fin(f, d, rd, type);
	return true;
}

/* Compare: result 0/1, or a fused condition when br_if/if follows. kind:
 * 0 eq, 1 ne, 2 lt_s, 3 lt_u, 4 gt_s, 5 gt_u, 6 le_s, 7 le_u, 8 ge_s, 9 ge_u */
static bool compare(struct fc *f, uint8_t type, int kind)
{
	struct ent a, b;
	if (!pop(f, type, &b) || !pop(f, type, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, WASM_I32, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	bool fuse = f->r.p < f->r.end && (*f->r.p == 0x0d || *f->r.p == 0x04);
	if (fuse && *f->r.p == 0x04) {
		f->n = d;
		mat_locals(f, 0);
		f->n = d + 1;
	}
	/* normalise to (x OP y) with OP in eq ne lt ltu ge geu */
	static const uint8_t bops[10] = {VELA_OP_BEQ, VELA_OP_BNE,  VELA_OP_BLT, VELA_OP_BLTU,
					 VELA_OP_BLT, VELA_OP_BLTU, VELA_OP_BGE, VELA_OP_BGEU,
					 VELA_OP_BGE, VELA_OP_BGEU};
	bool swap = kind == 4 || kind == 5 || kind == 6 || kind == 7;
	const struct ent *x = swap ? &b : &a, *y = swap ? &a : &b;
	uint32_t dx = swap ? d + 1 : d, dy = swap ? d : d + 1;
	uint8_t bop = bops[kind];
	unsigned rd = dreg(d);
	if (fuse) {
		unsigned rx = get(f, x, dx, R_T0);
		unsigned ry = get(f, y, dy, R_T1);
		struct ent *e = &f->st[d];
		e->kind = K_COND;
		e->bop = bop;
		e->ra = (uint8_t)rx;
		e->rb = (uint8_t)ry;
		return true;
	}
	unsigned rx = get(f, x, dx, R_T0);
	if ((bop == VELA_OP_BEQ || bop == VELA_OP_BNE) && y->kind == K_CONST && fits12(y->val)) {
		if (y->val)
			out(f, vI(VELA_OP_XORI, rd, rx, (int32_t)y->val));
		else
			mv(f, rd, rx);
		if (bop == VELA_OP_BEQ)
			out(f, vI(VELA_OP_SLTIU, rd, rd, 1));
		else
			out(f, vR(VELA_OP_SLTU, rd, R_ZERO, rd));
	} else if (bop == VELA_OP_BEQ || bop == VELA_OP_BNE) {
		unsigned ry = get(f, y, dy, R_T1);
		out(f, vR(VELA_OP_XOR, rd, rx, ry));
		if (bop == VELA_OP_BEQ)
			out(f, vI(VELA_OP_SLTIU, rd, rd, 1));
		else
			out(f, vR(VELA_OP_SLTU, rd, R_ZERO, rd));
	} else {
		bool u = bop == VELA_OP_BLTU || bop == VELA_OP_BGEU;
		bool ge = bop == VELA_OP_BGE || bop == VELA_OP_BGEU;
		if (y->kind == K_CONST && fits12(y->val)) {
			out(f, vI(u ? VELA_OP_SLTIU : VELA_OP_SLTI, rd, rx, (int32_t)y->val));
		} else {
			unsigned ry = get(f, y, dy, R_T1);
			out(f, vR(u ? VELA_OP_SLTU : VELA_OP_SLT, rd, rx, ry));
		}
		if (ge)
			out(f, vI(VELA_OP_XORI, rd, rd, 1));
	}
	fin(f, d, rd, WASM_I32);
	return true;
}

static bool eqz(struct fc *f, uint8_t type)
{
	struct ent a;
	uint32_t d;
	if (!unop(f, type, WASM_I32, &a, &d))
		return false;
	if (f->dead)
		return true;
	bool fuse = f->r.p < f->r.end && (*f->r.p == 0x0d || *f->r.p == 0x04);
	if (fuse && *f->r.p == 0x04) {
		f->n = d;
		mat_locals(f, 0);
		f->n = d + 1;
	}
	unsigned rx = get(f, &a, d, R_T0);
	if (fuse) {
		struct ent *e = &f->st[d];
		e->kind = K_COND;
		e->bop = VELA_OP_BEQ;
		e->ra = (uint8_t)rx;
		e->rb = R_ZERO;
		return true;
	}
	unsigned rd = dreg(d);
	out(f, vI(VELA_OP_SLTIU, rd, rx, 1));
	fin(f, d, rd, WASM_I32);
	return true;
}

/* A sequence on one operand: the callback emits into rd from ra. */
static bool unary(struct fc *f, uint8_t in, uint8_t outt, int which)
{
	struct ent a;
	uint32_t d;
	if (!unop(f, in, outt, &a, &d))
		return false;
	if (f->dead)
		return true;
	if (which == 0) { /* type change only */
		set_ent(f, d, &a);
		f->st[d].type = outt;
		return true;
	}
	unsigned rd = dreg(d);
	unsigned ra = get(f, &a, d, R_T0);
	switch (which) {
	case 1: /* i32.clz */
		out(f, vSH(VELA_OP_SLLI, rd, ra, 32));
		li(f, R_T1, 1);
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, 31));
		out(f, vR(VELA_OP_OR, rd, rd, R_T1));
		out(f, vR(VELA_OP_CLZ, rd, rd, 0));
		break;
	case 2: /* i32.ctz */
		li(f, R_T1, 1);
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, 32));
		out(f, vR(VELA_OP_OR, rd, ra, R_T1));
		out(f, vR(VELA_OP_CTZ, rd, rd, 0));
		break;
	case 3: /* i32.popcnt, i64.extend_i32_u: zero-extend first */
	case 4:
		out(f, vSH(VELA_OP_SLLI, rd, ra, 32));
		out(f, vSH(VELA_OP_SRLI, rd, rd, 32));
		if (which == 3)
			out(f, vR(VELA_OP_POPCNT, rd, rd, 0));
		break;
	case 5:
		out(f, vR(VELA_OP_CLZ, rd, ra, 0));
		break;
	case 6:
		out(f, vR(VELA_OP_CTZ, rd, ra, 0));
		break;
	case 7:
		out(f, vR(VELA_OP_POPCNT, rd, ra, 0));
		break;
	case 8: /* wrap, extend32_s */
		out(f, vI(VELA_OP_ADDIW, rd, ra, 0));
		break;
	case 9: /* extend8_s */
		out(f, vSH(VELA_OP_SLLI, rd, ra, 56));
		out(f, vSH(VELA_OP_SRAI, rd, rd, 56));
		break;
	case 10: /* extend16_s */
		out(f, vSH(VELA_OP_SLLI, rd, ra, 48));
		out(f, vSH(VELA_OP_SRAI, rd, rd, 48));
		break;
	case 11: /* f32.abs (sign-extended f32 bits) */
		out(f, vSH(VELA_OP_SLLI, rd, ra, 33));
		out(f, vSH(VELA_OP_SRLI, rd, rd, 33));
		break;
	case 12: /* f32.neg */
		li(f, R_T1, -((int64_t)1 << 31));
		out(f, vR(VELA_OP_XOR, rd, ra, R_T1));
		break;
	case 13: /* f64.abs */
		out(f, vSH(VELA_OP_SLLI, rd, ra, 1));
		out(f, vSH(VELA_OP_SRLI, rd, rd, 1));
		break;
	case 14: /* f64.neg */
		li(f, R_T1, 1);
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, 63));
		out(f, vR(VELA_OP_XOR, rd, ra, R_T1));
		break;
	}
	fin(f, d, rd, outt);
	return true;
}

static bool rotate(struct fc *f, uint8_t type, bool left)
{
	if (type == WASM_I64)
		return binop(f, type, type, left ? VELA_OP_ROL : VELA_OP_ROR, -1, false, false);
	struct ent a, b;
	if (!pop(f, type, &b) || !pop(f, type, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, type, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	unsigned rd = dreg(d);
	unsigned ra = get(f, &a, d, R_T0);
	/* rotl(x, n) = (x << n) | (x >>u (-n & 31)) on 32 bits; every read of
	 * x comes before rd (which may be x's register) is written */
	if (b.kind == K_CONST) {
		unsigned k = (unsigned)b.val & 31;
		if (!left)
			k = (32 - k) & 31;
		if (k == 0) {
			mv(f, rd, ra);
		} else {
			out(f, vSH(VELA_OP_SRLIW, R_T1, ra, 32 - k));
			out(f, vSH(VELA_OP_SLLIW, rd, ra, k));
		}
	} else {
		unsigned rb = get(f, &b, d + 1, R_T1);
		out(f, vR(VELA_OP_SUBW, R_LR, R_ZERO, rb));
		out(f, vR(left ? VELA_OP_SRLW : VELA_OP_SLLW, R_LR, ra, R_LR));
		out(f, vR(left ? VELA_OP_SLLW : VELA_OP_SRLW, rd, ra, rb));
		out(f, vR(VELA_OP_OR, rd, rd, R_LR));
		fin(f, d, rd, type);
		return true;
	}
	if (((unsigned)b.val & 31) != 0)
		out(f, vR(VELA_OP_OR, rd, rd, R_T1));
	fin(f, d, rd, type);
	return true;
}

static bool fcopysign(struct fc *f, uint8_t type)
{
	struct ent a, b;
	if (!pop(f, type, &b) || !pop(f, type, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, type, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	unsigned rd = dreg(d);
	unsigned rb = get(f, &b, d + 1, R_T1);
	if (type == WASM_F64) {
		out(f, vSH(VELA_OP_SRLI, R_T1, rb, 63));
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, 63));
		unsigned ra = get(f, &a, d, R_T0);
		out(f, vSH(VELA_OP_SLLI, rd, ra, 1));
		out(f, vSH(VELA_OP_SRLI, rd, rd, 1));
	} else {
		out(f, vSH(VELA_OP_SRAI, R_T1, rb, 63));
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, 31));
		unsigned ra = get(f, &a, d, R_T0);
		out(f, vSH(VELA_OP_SLLI, rd, ra, 33));
		out(f, vSH(VELA_OP_SRLI, rd, rd, 33));
	}
	out(f, vR(VELA_OP_OR, rd, rd, R_T1));
	fin(f, d, rd, type);
	return true;
}

/* ---------------------------------------------------------------- floats */

/* Float values live in R registers as IEEE-754 bit patterns: an f64 is the
 * whole register, an f32 the low 32 bits sign-extended to 64. VELA-F
 * (docs/vela-isa.md section 10) reads an .s operand's low 32 bits and writes
 * .s results sign-extended, so its results need no fix-up; abs, neg and
 * copysign above are bit operations on the same patterns. */

/* One operand, one VELA-F instruction (R2 format): sqrt, promote, demote,
 * int->float conversions, and float->int truncations (fcvt.* traps
 * FLOAT_INVALID on a NaN and FLOAT_RANGE out of range, which are
 * WebAssembly's "invalid conversion to integer" and "integer overflow";
 * fsat.* saturates instead). */
static bool fconv(struct fc *f, uint8_t in, uint8_t outt, uint8_t vop)
{
	struct ent a;
	uint32_t d;
	if (!unop(f, in, outt, &a, &d))
		return false;
	if (f->dead)
		return true;
	unsigned rd = dreg(d);
	unsigned ra = get(f, &a, d, R_T0);
	out(f, vR(vop, rd, ra, 0));
	fin(f, d, rd, outt);
	return true;
}

/* Float comparison, op: 0 eq, 1 ne, 2 lt, 3 gt, 4 le, 5 ge. feq/flt/fle
 * write 0 or 1 (0 when either operand is a NaN; -0 = +0); gt and ge are
 * flt and fle with the operands swapped, ne is feq inverted. Directly
 * followed by br_if or if, the result stays in T0 and the branch tests it:
 * bne T0, zero (beq for ne), like a fused integer compare. */
static bool fcompare(struct fc *f, uint8_t type, int op)
{
	static const uint8_t vops[2][3] = {{VELA_OP_FEQS, VELA_OP_FLTS, VELA_OP_FLES},
					   {VELA_OP_FEQD, VELA_OP_FLTD, VELA_OP_FLED}};
	struct ent a, b;
	if (!pop(f, type, &b) || !pop(f, type, &a))
		return false;
	uint32_t d = f->n;
	if (!push(f, WASM_I32, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	bool fuse = f->r.p < f->r.end && (*f->r.p == 0x0d || *f->r.p == 0x04);
	if (fuse && *f->r.p == 0x04) {
		/* if materialises the stack below first: do it before T0 is set */
		f->n = d;
		mat_locals(f, 0);
		f->n = d + 1;
	}
	bool swap = op == 3 || op == 5;
	const struct ent *x = swap ? &b : &a, *y = swap ? &a : &b;
	uint32_t dx = swap ? d + 1 : d, dy = swap ? d : d + 1;
	uint8_t vop = vops[type == WASM_F64][op <= 1 ? 0 : op <= 3 ? 1 : 2];
	unsigned rx = get(f, x, dx, R_T0);
	unsigned ry = get(f, y, dy, R_T1);
	if (fuse) {
		out(f, vR(vop, R_T0, rx, ry));
		struct ent *e = &f->st[d];
		e->kind = K_COND;
		e->bop = op == 1 ? VELA_OP_BEQ : VELA_OP_BNE;
		e->ra = R_T0;
		e->rb = R_ZERO;
		return true;
	}
	unsigned rd = dreg(d);
	out(f, vR(vop, rd, rx, ry));
	if (op == 1)
		out(f, vI(VELA_OP_XORI, rd, rd, 1));
	fin(f, d, rd, WASM_I32);
	return true;
}

/* ceil, floor, trunc, nearest (which = 0..3, opcode order) in a few
 * instructions, with x in a register the sequence does not write:
 *
 *   if biased exponent(x) >= that of 2^52 (f32: 2^23)   x is integral, or
 *       result = fmin(x, x)                             inf or NaN: x, a
 *                                                       NaN made quiet
 *   else                                                |x| < 2^52 fits:
 *       trunc    i = fcvt.l.d(x); r = fcvt.d.l(i)
 *       floor    i -= (x < fcvt.d.l(i)); r = fcvt.d.l(i)
 *       ceil     i += (fcvt.d.l(i) < x); r = fcvt.d.l(i)
 *       nearest  r = (|x| + 2^52) - 2^52   (the add rounds to nearest
 *                                           even: the ulp of the sum is 1)
 *       r |= sign bit of x
 *
 * The sign OR gives a zero result x's sign (trunc(-0.5) = -0, ceil(-0.5) =
 * -0, nearest(-0.5) = -0); every nonzero result already has it. f32 uses
 * the .s forms and fcvt.w.s/fcvt.s.w (|x| < 2^23 fits 32 bits), and its
 * sign is bits 63..31 so that the result stays sign-extended. */
static bool fround(struct fc *f, uint8_t type, int which)
{
	bool d64 = type == WASM_F64;
	unsigned ash = d64 ? 1 : 33; /* shift pair that clears the sign (abs) */
	struct ent a;
	uint32_t d;
	if (!unop(f, type, type, &a, &d))
		return false;
	if (f->dead)
		return true;
	struct vcode *c = f->c;
	unsigned x = get(f, &a, d, R_LR);
	if (x == R_T0 || x == R_T1) {
		mv(f, R_LR, x);
		x = R_LR;
	}
	out(f, vSH(VELA_OP_SLLI, R_T0, x, ash));
	out(f, vSH(VELA_OP_SRLI, R_T0, R_T0, d64 ? 53 : 56));
	li(f, R_T1, d64 ? 1023 + 52 : 127 + 23);
	out(f, vI(VELA_OP_BGEU, R_T0, R_T1, 0));
	uint32_t big = c->n - 1;
	if (which == 3) {
		out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, d64 ? 52 : 23)); /* 2^52 (2^23) */
		out(f, vSH(VELA_OP_SLLI, R_T0, x, ash));
		out(f, vSH(VELA_OP_SRLI, R_T0, R_T0, ash));
		out(f, vR(d64 ? VELA_OP_FADDD : VELA_OP_FADDS, R_T0, R_T0, R_T1));
		out(f, vR(d64 ? VELA_OP_FSUBD : VELA_OP_FSUBS, R_T0, R_T0, R_T1));
	} else {
		uint8_t tofloat = d64 ? VELA_OP_FCVTDL : VELA_OP_FCVTSW;
		out(f, vR(d64 ? VELA_OP_FCVTLD : VELA_OP_FCVTWS, R_T0, x, 0));
		if (which != 2) {
			uint8_t lt = d64 ? VELA_OP_FLTD : VELA_OP_FLTS;
			out(f, vR(tofloat, R_T1, R_T0, 0));
			if (which == 0)
				out(f, vR(lt, R_T1, R_T1, x));
			else
				out(f, vR(lt, R_T1, x, R_T1));
			out(f, vR(which == 0 ? VELA_OP_ADD : VELA_OP_SUB, R_T0, R_T0, R_T1));
		}
		out(f, vR(tofloat, R_T0, R_T0, 0));
	}
	out(f, vSH(d64 ? VELA_OP_SRLI : VELA_OP_SRAI, R_T1, x, 63));
	out(f, vSH(VELA_OP_SLLI, R_T1, R_T1, d64 ? 63 : 31));
	out(f, vR(VELA_OP_OR, R_T0, R_T0, R_T1));
	out(f, (uint32_t)VELA_OP_J << 24);
	uint32_t end = c->n - 1;
	vpatch_b(c, big, c->n);
	out(f, vR(d64 ? VELA_OP_FMIND : VELA_OP_FMINS, R_T0, x, x));
	vpatch_j(c, end, c->n);
	fin(f, d, R_T0, type);
	f->last_def = -1;
	return true;
}

/* ---------------------------------------------------------------- control */

static bool blocktype(struct fc *f, uint32_t *np, const uint8_t **pt, uint32_t *nr,
		      const uint8_t **rt)
{
	if (f->r.p >= f->r.end)
		return fail(f, "unexpected end");
	uint8_t b = *f->r.p;
	*np = *nr = 0;
	*pt = *rt = f->r.p;
	if (b == 0x40) {
		f->r.p++;
		return true;
	}
	if (b == WASM_I32 || b == WASM_I64 || b == WASM_F32 || b == WASM_F64 || b == WASM_V128 ||
	    b == WASM_FUNCREF || b == WASM_EXTERNREF) {
		*nr = 1;
		*rt = f->r.p++;
		return true;
	}
	int64_t x;
	if (!wasm_s33(&f->r, &x))
		return fail(f, f->r.fail);
	if (x < 0 || (uint64_t)x >= f->m->ntypes)
		return fail(f, "unknown type");
	const struct wasm_functype *t = &f->m->types[x];
	*np = t->nparams;
	*pt = t->params;
	*nr = t->nresults;
	*rt = t->results;
	return true;
}

static bool enter(struct fc *f, uint8_t kind, uint32_t np, const uint8_t *pt, uint32_t nr,
		  const uint8_t *rt)
{
	uint32_t n0 = f->n;
	struct ent e;
	for (uint32_t i = np; i-- > 0;)
		if (!pop(f, pt[i], &e))
			return false;
	uint32_t h = f->n;
	for (uint32_t i = 0; i < np; i++) {
		if (h + i < n0) {
			f->st[h + i].type = pt[i];
			f->n++;
		} else if (!push(f, pt[i], K_REG, 0)) {
			return false;
		}
	}
	if (f->ncs >= f->cscap)
		return fail(f, "blocks nested too deeply");
	if (!f->dead)
		mat_locals(f, h);
	struct ctl *c = &f->cs[f->ncs++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->np = np;
	c->pt = pt;
	c->nr = nr;
	c->rt = rt;
	c->height = h;
	c->live_entry = !f->dead;
	c->start_pc = f->c->n;
	cache_clear(f);
	f->last_def = -1;
	return true;
}

static void set_unreachable(struct fc *f)
{
	struct ctl *c = &f->cs[f->ncs - 1];
	c->unreachable = true;
	f->n = c->height;
	set_dead(f, true);
}

/* The block's results must be exactly on the stack. */
static bool check_end(struct fc *f, struct ctl *c)
{
	if (!check_top(f, c->rt, c->nr))
		return false;
	if (f->n - c->height > c->nr)
		return fail(f, "type mismatch");
	if (f->n - c->height < c->nr && !c->unreachable)
		return fail(f, "type mismatch");
	return true;
}

static void mat_top(struct fc *f, uint32_t cnt)
{
	if (f->dead)
		return;
	for (uint32_t i = f->n - cnt; i < f->n; i++)
		mat(f, i);
}

static bool push_types(struct fc *f, const uint8_t *t, uint32_t cnt)
{
	for (uint32_t i = 0; i < cnt; i++)
		if (!push(f, t[i], K_REG, 0))
			return false;
	return true;
}

static bool op_end(struct fc *f)
{
	struct ctl *c = &f->cs[f->ncs - 1];
	if (!check_end(f, c))
		return false;
	bool fall = !f->dead;
	if (f->n - c->height == c->nr)
		mat_top(f, c->nr);
	if (c->kind == CK_IF) {
		if (c->np != c->nr || memcmp(c->pt, c->rt, c->np))
			return fail(f, "type mismatch");
		patch_here(f, c->else_fix);
		fall = fall || c->live_entry;
	}
	if (c->kind == CK_LOOP)
		f->loopd--;
	if (c->kind == CK_FUNC) {
		if (!f->dead) {
			f->n = c->height + c->nr;
			do_return(f);
		}
		patch_here(f, c->fix);
		f->ncs--;
		return true;
	}
	set_dead(f, !(fall || c->targeted));
	patch_here(f, c->fix);
	f->n = c->height;
	f->ncs--;
	return push_types(f, c->rt, c->nr);
}

static bool op_else(struct fc *f)
{
	struct ctl *c = &f->cs[f->ncs - 1];
	if (c->kind != CK_IF)
		return fail(f, "else without if");
	if (!check_end(f, c))
		return false;
	mat_top(f, c->nr);
	if (!f->dead && f->pass > 1) {
		out(f, (uint32_t)VELA_OP_J << 24);
		if (!add_fix(f, c, true))
			return false;
	}
	set_dead(f, !c->live_entry);
	patch_here(f, c->else_fix);
	c->else_fix = 0;
	c->kind = CK_ELSE;
	c->unreachable = false;
	f->n = c->height;
	return push_types(f, c->pt, c->np);
}

static bool op_if(struct fc *f)
{
	uint32_t np, nr;
	const uint8_t *pt, *rt;
	struct ent cond;
	if (!blocktype(f, &np, &pt, &nr, &rt) || !pop(f, WASM_I32, &cond))
		return false;
	uint32_t cd = f->n;
	if (!enter(f, CK_IF, np, pt, nr, rt))
		return false;
	struct ctl *c = &f->cs[f->ncs - 1];
	if (f->dead || f->pass == 1)
		return true;
	uint8_t bop;
	unsigned ra, rb = R_ZERO;
	if (cond.kind == K_COND) {
		bop = cond.bop;
		ra = cond.ra;
		rb = cond.rb;
	} else {
		bop = VELA_OP_BNE;
		ra = get(f, &cond, cd, R_T0);
	}
	/* to the else part when false */
	if (f->long_br) {
		out(f, vI(bop, ra, rb, 2));
		out(f, (uint32_t)VELA_OP_J << 24);
	} else {
		out(f, vI(inv_bop(bop), ra, rb, 0));
	}
	struct fixup *x = &f->fx[f->nfx];
	if (f->nfx >= f->fxcap)
		return fail(f, "too many branches");
	x->pc = f->c->n - 1;
	x->j = f->long_br;
	x->next = 0;
	c->else_fix = ++f->nfx;
	f->last_def = -1;
	return true;
}

static bool label(struct fc *f, uint32_t *l)
{
	if (!wasm_u32(&f->r, l))
		return fail(f, f->r.fail);
	if (*l >= f->ncs)
		return fail(f, "unknown label");
	return true;
}

static bool op_br_if(struct fc *f)
{
	uint32_t l;
	struct ent cond;
	if (!label(f, &l) || !pop(f, WASM_I32, &cond))
		return false;
	uint32_t cd = f->n;
	const uint8_t *types;
	uint32_t ar = label_arity(&f->cs[f->ncs - 1 - l], &types);
	if (!check_top(f, types, ar))
		return false;
	/* fill a polymorphic stack up to the label's arity */
	struct ctl *c = &f->cs[f->ncs - 1];
	while (f->n - c->height < ar) {
		uint32_t have = f->n - c->height;
		if (!push(f, types[ar - 1 - have], K_REG, 0))
			return false;
	}
	for (uint32_t i = 0; i < ar; i++)
		if (f->st[f->n - ar + i].type == WASM_ANY)
			f->st[f->n - ar + i].type = types[i];
	if (f->dead || f->pass == 1)
		return true;
	if (cond.kind == K_COND)
		return br_to(f, l, cond.bop, cond.ra, cond.rb);
	unsigned r = get(f, &cond, cd, R_T0);
	return br_to(f, l, VELA_OP_BNE, r, R_ZERO);
}

static bool op_br_table(struct fc *f)
{
	uint32_t cnt;
	if (!wasm_u32(&f->r, &cnt))
		return fail(f, f->r.fail);
	if (cnt > (size_t)(f->r.end - f->r.p))
		return fail(f, "unexpected end");
	const uint8_t *list = f->r.p;
	uint32_t l, dl;
	for (uint32_t i = 0; i < cnt; i++)
		if (!label(f, &l))
			return false;
	if (!label(f, &dl))
		return false;
	struct ent idx;
	if (!pop(f, WASM_I32, &idx))
		return false;
	uint32_t id = f->n;
	const uint8_t *dtypes;
	uint32_t ar = label_arity(&f->cs[f->ncs - 1 - dl], &dtypes);
	if (!check_top(f, dtypes, ar))
		return false;
	struct wasm_rd lr = {list, f->r.end, f->r.base, NULL};
	for (uint32_t i = 0; i < cnt; i++) {
		const uint8_t *types;
		wasm_u32(&lr, &l);
		if (label_arity(&f->cs[f->ncs - 1 - l], &types) != ar)
			return fail(f, "type mismatch");
		if (!check_top(f, types, ar))
			return false;
	}
	if (!f->dead && f->pass > 1) {
		if (idx.kind == K_CONST) {
			uint32_t k = (uint32_t)idx.val;
			uint32_t t = dl;
			lr.p = list;
			for (uint32_t i = 0; i < cnt; i++) {
				wasm_u32(&lr, &l);
				if (i == k)
					t = l;
			}
			br_to(f, t, 0, 0, 0);
		} else {
			lr.p = list;
			for (uint32_t i = 0; i < cnt; i++) {
				wasm_u32(&lr, &l);
				unsigned ri = get(f, &idx, id, R_T0);
				li(f, R_T1, i);
				out(f, vI(VELA_OP_BNE, ri, R_T1, 0));
				uint32_t skip = f->c->n - 1;
				br_to(f, l, 0, 0, 0);
				if (!vpatch_b(f->c, skip, f->c->n))
					f->range_fail = true;
			}
			br_to(f, dl, 0, 0, 0);
		}
	}
	set_unreachable(f);
	return true;
}

static bool op_select(struct fc *f, bool typed)
{
	uint8_t want = WASM_ANY;
	if (typed) {
		uint32_t cnt;
		if (!wasm_u32(&f->r, &cnt))
			return fail(f, f->r.fail);
		if (cnt != 1)
			return fail(f, "invalid result arity");
		if (!wasm_byte(&f->r, &want))
			return fail(f, f->r.fail);
	}
	struct ent c, a, b;
	if (!pop(f, WASM_I32, &c) || !pop(f, want, &b) || !pop(f, want, &a))
		return false;
	uint8_t t = a.type != WASM_ANY ? a.type : b.type;
	if (a.type != WASM_ANY && b.type != WASM_ANY && a.type != b.type)
		return fail(f, "type mismatch");
	if (!typed && (t == WASM_FUNCREF || t == WASM_EXTERNREF || t == WASM_V128))
		return fail(f, "type mismatch");
	uint32_t d = f->n;
	if (!push(f, t, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	unsigned rd = dreg(d);
	unsigned ra = get(f, &a, d, rd);
	mv(f, rd, ra);
	unsigned rb = get(f, &b, d + 1, R_T1);
	unsigned rc = get(f, &c, d + 2, rb == R_T1 ? R_LR : R_T1);
	if (c.kind == K_CONST) {
		if (!c.val)
			mv(f, rd, rb);
	} else {
		out(f, vI(VELA_OP_BNE, rc, R_ZERO, 2));
		out(f, vI(VELA_OP_ADDI, rd, rb, 0));
	}
	fin(f, d, rd, t);
	f->last_def = -1;
	return true;
}

static bool op_local(struct fc *f, uint8_t op)
{
	uint32_t x;
	if (!wasm_u32(&f->r, &x))
		return fail(f, f->r.fail);
	if (x >= f->nlocals)
		return fail(f, "unknown local");
	if (f->pass == 1 && !f->dead) {
		uint32_t w = 1u << (3 * (f->loopd < 5 ? f->loopd : 5));
		f->lw[x] = f->lw[x] + w < f->lw[x] ? UINT32_MAX : f->lw[x] + w;
	}
	if (op == 0x20) {
		if (!push(f, f->ltype[x], K_LOCAL, 0))
			return false;
		f->st[f->n - 1].local = x;
		return true;
	}
	struct ent e;
	if (!pop(f, f->ltype[x], &e))
		return false;
	uint32_t d = f->n;
	if (!f->dead && !(e.kind == K_LOCAL && e.local == x && e.val == 0)) {
		for (uint32_t i = f->lazy_lo; i < d; i++)
			if (f->st[i].kind == K_LOCAL && f->st[i].local == x)
				mat(f, i);
		int lr = f->lreg[x];
		struct vcode *c = f->c;
		if (lr >= 0 && e.kind == K_REG && d < NSTK && f->last_def >= 0 &&
		    f->last_def == (int64_t)c->n - 1 && f->last_reg == R_STK + d) {
			c->w[c->n - 1] = (c->w[c->n - 1] & ~(0x3fu << 18)) | (uint32_t)lr << 18;
			f->cache_local[lr & 15] = 0;
		} else if (lr >= 0 && e.kind == K_LOCAL && e.val != 0) {
			struct ent l = e;
			l.val = 0;
			unsigned src = get(f, &l, d, R_T0);
			out(f, vI(e.type == WASM_I32 ? VELA_OP_ADDIW : VELA_OP_ADDI, (unsigned)lr,
				  src, (int32_t)e.val));
		} else {
			unsigned r = get(f, &e, d, R_T0);
			if (lr >= 0) {
				mv(f, (unsigned)lr, r);
			} else {
				st_sp(f, r, f->loff[x]);
				for (unsigned k = 0; k < 16; k++)
					if (f->cache_local[k] == x + 1)
						f->cache_local[k] = 0;
				if (r != R_ZERO && r != R_SP)
					f->cache_local[r] = x + 1;
			}
		}
		f->last_def = -1;
	}
	if (op == 0x22) {
		if (!push(f, f->ltype[x], K_LOCAL, 0))
			return false;
		f->st[f->n - 1].local = x;
	}
	return true;
}

static bool op_global(struct fc *f, uint8_t op)
{
	uint32_t x;
	if (!wasm_u32(&f->r, &x))
		return fail(f, f->r.fail);
	if (x >= f->m->nglobals)
		return fail(f, "unknown global");
	const struct wasm_global *g = &f->m->globals[x];
	int64_t addr = (int64_t)(f->cm->lay.rt_globals + 8ull * x);
	if (op == 0x23) {
		uint32_t d = f->n;
		if (!g->mut && g->init.global == WASM_NONE && g->init.func == WASM_NONE &&
		    g->type != WASM_FUNCREF && g->type != WASM_EXTERNREF && !g->imported)
			return push(f, g->type, K_CONST, (int64_t)g->init.value);
		if (!push(f, g->type, K_REG, 0))
			return false;
		if (f->dead)
			return true;
		unsigned rd = dreg(d);
		li(f, R_T1, addr);
		out(f, vI(VELA_OP_LD, rd, R_T1, 0));
		fin(f, d, rd, g->type);
		return true;
	}
	if (!g->mut)
		return fail(f, "global is immutable");
	struct ent e;
	if (!pop(f, g->type, &e))
		return false;
	if (f->dead)
		return true;
	unsigned r = get(f, &e, f->n, R_T0);
	li(f, R_T1, addr);
	out(f, vI(VELA_OP_SD, r, R_T1, 0));
	return true;
}

static bool zero_byte(struct fc *f)
{
	uint8_t b;
	if (!wasm_byte(&f->r, &b))
		return fail(f, f->r.fail);
	if (b != 0)
		return fail(f, "zero byte expected");
	return true;
}

static bool rt_call(struct fc *f, uint32_t pc, uint32_t np, uint8_t res)
{
	struct ent e;
	for (uint32_t i = 0; i < np; i++)
		if (!pop(f, WASM_I32, &e))
			return false;
	static const uint8_t i32 = WASM_I32;
	return emit_call(f, np, &i32, res ? 1 : 0, false, 0x80000000u | pc, 0);
}

/* ------------------------------------------------- reference types, tables */

static bool is_ref(uint8_t t)
{
	return t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

static bool table_index(struct fc *f, uint32_t *x)
{
	if (!wasm_u32(&f->r, x))
		return fail(f, f->r.fail);
	if (*x >= f->m->ntables)
		return fail(f, "unknown table");
	return true;
}

/* ref.null t, ref.is_null, ref.func x (docs/vela-wasm.md, "Reference
 * types"): null is 0; a funcref is loaded from the function's word at
 * rt_funcs, which the entry stub fills for every declared function */
static bool op_ref(struct fc *f, uint8_t op)
{
	if (op == 0xd0) {
		uint8_t t;
		if (!wasm_byte(&f->r, &t))
			return fail(f, f->r.fail);
		if (!is_ref(t))
			return fail(f, "malformed reference type");
		return push(f, t, K_CONST, 0);
	}
	uint32_t d = f->n;
	if (op == 0xd1) {
		struct ent e;
		if (!pop(f, WASM_ANY, &e))
			return false;
		if (e.type != WASM_ANY && !is_ref(e.type))
			return fail(f, "type mismatch");
		d = f->n;
		if (!push(f, WASM_I32, K_REG, 0))
			return false;
		if (f->dead)
			return true;
		unsigned r = get(f, &e, d, dreg(d));
		out(f, vI(VELA_OP_SLTIU, dreg(d), r, 1));
		fin(f, d, dreg(d), WASM_I32);
		return true;
	}
	uint32_t x;
	if (!wasm_u32(&f->r, &x))
		return fail(f, f->r.fail);
	if (x >= f->m->nfuncs)
		return fail(f, "unknown function");
	if (!f->m->func_ref[x])
		return fail(f, "undeclared function reference");
	if (f->m->funcs[x].imported)
		return fail(f, "unsupported: reference to an imported function");
	if (!push(f, WASM_FUNCREF, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	li(f, R_T1, (int64_t)(f->cm->lay.rt_funcs + 8ull * x));
	out(f, vI(VELA_OP_LD, dreg(d), R_T1, 0));
	fin(f, d, dreg(d), WASM_FUNCREF);
	return true;
}

/* table.get x (0x25), table.set x (0x26): inline, index checked against
 * the table's size (out of bounds table access) */
static bool op_table_getset(struct fc *f, uint8_t op)
{
	uint32_t x;
	struct ent i, v;
	if (!table_index(f, &x))
		return false;
	uint8_t t = f->m->tables[x].type;
	if (op == 0x26 && !pop(f, t, &v))
		return false;
	if (!pop(f, WASM_I32, &i))
		return false;
	uint32_t d = f->n;
	if (op == 0x25 && !push(f, t, K_REG, 0))
		return false;
	if (f->dead)
		return true;
	unsigned ri = get(f, &i, d, R_T0);
	table_elem(f, x, ri, WASM_TRAP_TABLE_OOB);
	if (op == 0x25) {
		out(f, vI(VELA_OP_LD, dreg(d), R_T0, 0));
		fin(f, d, dreg(d), t);
	} else {
		unsigned rv = get(f, &v, d + 1, R_T1);
		out(f, vI(VELA_OP_SD, rv, R_T0, 0));
	}
	return true;
}

/* table.init, elem.drop, table.copy, table.grow, table.size, table.fill
 * (0xfc 12-17): the routines of rt.c get the descriptors' addresses as
 * extra constant arguments */
static bool op_table_fc(struct fc *f, uint32_t sub)
{
	const struct wasm_layout *L = &f->cm->lay;
	const struct wasm_module *m = f->m;
	uint32_t x, y;
	struct ent e;
	static const uint8_t i32 = WASM_I32;
	if (sub == 12 || sub == 13) {
		if (!wasm_u32(&f->r, &y))
			return fail(f, f->r.fail);
		if (sub == 12 && !table_index(f, &x))
			return false;
		if (y >= m->nelems)
			return fail(f, "unknown elem segment");
		if (sub == 13) {
			if (!f->dead) {
				li(f, R_T1, (int64_t)(L->rt_elems + 16ull * y));
				out(f, vI(VELA_OP_SD, R_ZERO, R_T1, 8));
			}
			return true;
		}
		if (m->elems[y].type != m->tables[x].type)
			return fail(f, "type mismatch");
		/* (d, s, n, table, segment) */
		if (!push(f, WASM_I32, K_CONST, (int64_t)L->tab[x]) ||
		    !push(f, WASM_I32, K_CONST, (int64_t)(L->rt_elems + 16ull * y)))
			return false;
		for (int k = 0; k < 5; k++)
			if (!pop(f, WASM_I32, &e))
				return false;
		return emit_call(f, 5, &i32, 0, false, 0x80000000u | f->cm->rt.tcopy, 0);
	}
	if (!table_index(f, &x))
		return false;
	uint8_t t = m->tables[x].type;
	switch (sub) {
	case 14:
		if (!table_index(f, &y))
			return false;
		if (m->tables[y].type != t)
			return fail(f, "type mismatch");
		if (!push(f, WASM_I32, K_CONST, (int64_t)L->tab[x]) ||
		    !push(f, WASM_I32, K_CONST, (int64_t)L->tab[y]))
			return false;
		for (int k = 0; k < 5; k++)
			if (!pop(f, WASM_I32, &e))
				return false;
		return emit_call(f, 5, &i32, 0, false, 0x80000000u | f->cm->rt.tcopy, 0);
	case 15: /* (value, n, table) -> old size or -1 */
		if (!push(f, WASM_I32, K_CONST, (int64_t)L->tab[x]) || !pop(f, WASM_I32, &e) ||
		    !pop(f, WASM_I32, &e) || !pop(f, t, &e))
			return false;
		return emit_call(f, 3, &i32, 1, false, 0x80000000u | f->cm->rt.tgrow, 0);
	case 16: {
		uint32_t d = f->n;
		if (L->tab_cap[x] == m->tables[x].lim.min)
			return push(f, WASM_I32, K_CONST, m->tables[x].lim.min);
		if (!push(f, WASM_I32, K_REG, 0))
			return false;
		if (f->dead)
			return true;
		li(f, R_T1, (int64_t)L->tab[x]);
		out(f, vI(VELA_OP_LD, dreg(d), R_T1, 8));
		fin(f, d, dreg(d), WASM_I32);
		return true;
	}
	default: /* 17, table.fill: (i, value, n, table) */
		if (!push(f, WASM_I32, K_CONST, (int64_t)L->tab[x]) || !pop(f, WASM_I32, &e) ||
		    !pop(f, WASM_I32, &e) || !pop(f, t, &e) || !pop(f, WASM_I32, &e))
			return false;
		return emit_call(f, 4, &i32, 0, false, 0x80000000u | f->cm->rt.tfill, 0);
	}
}

static bool op_fc(struct fc *f)
{
	uint32_t sub;
	if (!wasm_u32(&f->r, &sub))
		return fail(f, f->r.fail);
	if (sub <= 7) { /* saturating float->int truncations, opcode order */
		static const uint8_t sat[8][3] = {
		    {WASM_F32, WASM_I32, VELA_OP_FSATWS}, {WASM_F32, WASM_I32, VELA_OP_FSATWUS},
		    {WASM_F64, WASM_I32, VELA_OP_FSATWD}, {WASM_F64, WASM_I32, VELA_OP_FSATWUD},
		    {WASM_F32, WASM_I64, VELA_OP_FSATLS}, {WASM_F32, WASM_I64, VELA_OP_FSATLUS},
		    {WASM_F64, WASM_I64, VELA_OP_FSATLD}, {WASM_F64, WASM_I64, VELA_OP_FSATLUD}};
		return fconv(f, sat[sub][0], sat[sub][1], sat[sub][2]);
	}
	switch (sub) {
	case 10:
		if (!zero_byte(f) || !zero_byte(f))
			return false;
		if (!f->m->has_mem)
			return fail(f, "unknown memory 0");
		return rt_call(f, f->cm->rt.copy, 3, 0);
	case 11:
		if (!zero_byte(f))
			return false;
		if (!f->m->has_mem)
			return fail(f, "unknown memory 0");
		return rt_call(f, f->cm->rt.fill, 3, 0);
	/* memory.init x (d, s, n): the routine gets x as a fourth argument;
	 * data.drop x: the segment's length becomes 0 */
	case 8:
	case 9: {
		uint32_t x;
		if (!wasm_u32(&f->r, &x))
			return fail(f, f->r.fail);
		if (sub == 8 && !zero_byte(f))
			return false;
		if (!f->m->has_data_count)
			return fail(f, "data count section required");
		if (sub == 8 && !f->m->has_mem)
			return fail(f, "unknown memory 0");
		if (x >= f->m->data_count)
			return fail(f, "unknown data segment");
		if (sub == 8)
			return push(f, WASM_I32, K_CONST, x) && rt_call(f, f->cm->rt.minit, 4, 0);
		li(f, R_T1, (int64_t)(f->cm->lay.rt_datas + 16ull * x));
		out(f, vI(VELA_OP_SD, R_ZERO, R_T1, 8));
		return true;
	}
	default:
		if (sub >= 12 && sub <= 17)
			return op_table_fc(f, sub);
		return fail(f, "illegal opcode");
	}
}

/* ---------------------------------------------------------------- walk */

static bool instr(struct fc *f, uint8_t op)
{
	struct ent e;
	switch (op) {
	case 0x00:
		if (!f->dead)
			vbreak(f->c, WASM_TRAP_UNREACHABLE);
		set_unreachable(f);
		return true;
	case 0x01:
		return true;
	case 0x02:
	case 0x03: {
		uint32_t np, nr;
		const uint8_t *pt, *rt;
		if (!blocktype(f, &np, &pt, &nr, &rt) ||
		    !enter(f, op == 0x02 ? CK_BLOCK : CK_LOOP, np, pt, nr, rt))
			return false;
		if (op == 0x03)
			f->loopd++;
		return true;
	}
	case 0x04:
		return op_if(f);
	case 0x05:
		return op_else(f);
	case 0x0b:
		return op_end(f);
	case 0x0c: {
		uint32_t l;
		if (!label(f, &l))
			return false;
		const uint8_t *types;
		uint32_t ar = label_arity(&f->cs[f->ncs - 1 - l], &types);
		if (!check_top(f, types, ar))
			return false;
		if (f->n - f->cs[f->ncs - 1].height >= ar && f->pass > 1)
			br_to(f, l, 0, 0, 0);
		set_unreachable(f);
		return true;
	}
	case 0x0d:
		return op_br_if(f);
	case 0x0e:
		return op_br_table(f);
	case 0x0f:
		if (!check_top(f, f->ft->results, f->ft->nresults))
			return false;
		if (!f->dead && f->n - f->cs[f->ncs - 1].height >= f->ft->nresults)
			do_return(f);
		set_unreachable(f);
		return true;
	case 0x10: {
		uint32_t x;
		if (!wasm_u32(&f->r, &x))
			return fail(f, f->r.fail);
		if (x >= f->m->nfuncs)
			return fail(f, "unknown function");
		const struct wasm_functype *t = &f->m->types[f->m->funcs[x].type];
		return call_types(f, t) &&
		       emit_call(f, t->nparams, t->results, t->nresults, false, x, 0);
	}
	case 0x11: {
		uint32_t y, tb;
		if (!wasm_u32(&f->r, &y) || !wasm_u32(&f->r, &tb))
			return fail(f, f->r.fail);
		if (y >= f->m->ntypes)
			return fail(f, "unknown type");
		if (tb >= f->m->ntables)
			return fail(f, "unknown table");
		if (f->m->tables[tb].type != WASM_FUNCREF)
			return fail(f, "type mismatch");
		const struct wasm_functype *t = &f->m->types[y];
		return pop(f, WASM_I32, &e) && call_types(f, t) &&
		       emit_call(f, t->nparams, t->results, t->nresults, true, tb, t->canon);
	}
	case 0x1a:
		return pop(f, WASM_ANY, &e);
	case 0x1b:
	case 0x1c:
		return op_select(f, op == 0x1c);
	case 0x20:
	case 0x21:
	case 0x22:
		return op_local(f, op);
	case 0x23:
	case 0x24:
		return op_global(f, op);
	case 0x28:
		return op_load(f, VELA_OP_LW, 4, WASM_I32);
	case 0x29:
		return op_load(f, VELA_OP_LD, 8, WASM_I64);
	case 0x2a:
		return op_load(f, VELA_OP_LW, 4, WASM_F32);
	case 0x2b:
		return op_load(f, VELA_OP_LD, 8, WASM_F64);
	case 0x2c:
		return op_load(f, VELA_OP_LB, 1, WASM_I32);
	case 0x2d:
		return op_load(f, VELA_OP_LBU, 1, WASM_I32);
	case 0x2e:
		return op_load(f, VELA_OP_LH, 2, WASM_I32);
	case 0x2f:
		return op_load(f, VELA_OP_LHU, 2, WASM_I32);
	case 0x30:
		return op_load(f, VELA_OP_LB, 1, WASM_I64);
	case 0x31:
		return op_load(f, VELA_OP_LBU, 1, WASM_I64);
	case 0x32:
		return op_load(f, VELA_OP_LH, 2, WASM_I64);
	case 0x33:
		return op_load(f, VELA_OP_LHU, 2, WASM_I64);
	case 0x34:
		return op_load(f, VELA_OP_LW, 4, WASM_I64);
	case 0x35:
		return op_load(f, VELA_OP_LWU, 4, WASM_I64);
	case 0x36:
		return op_store(f, VELA_OP_SW, 4, WASM_I32);
	case 0x37:
		return op_store(f, VELA_OP_SD, 8, WASM_I64);
	case 0x38:
		return op_store(f, VELA_OP_SW, 4, WASM_F32);
	case 0x39:
		return op_store(f, VELA_OP_SD, 8, WASM_F64);
	case 0x3a:
		return op_store(f, VELA_OP_SB, 1, WASM_I32);
	case 0x3b:
		return op_store(f, VELA_OP_SH, 2, WASM_I32);
	case 0x3c:
		return op_store(f, VELA_OP_SB, 1, WASM_I64);
	case 0x3d:
		return op_store(f, VELA_OP_SH, 2, WASM_I64);
	case 0x3e:
		return op_store(f, VELA_OP_SW, 4, WASM_I64);
	case 0x3f: {
		if (!zero_byte(f))
			return false;
		if (!f->m->has_mem)
			return fail(f, "unknown memory 0");
		uint32_t d = f->n;
		if (!push(f, WASM_I32, K_REG, 0))
			return false;
		if (!f->dead) {
			unsigned rd = dreg(d);
			li(f, R_T1, (int64_t)f->cm->lay.rt_memsz);
			out(f, vI(VELA_OP_LD, rd, R_T1, 0));
			fin(f, d, rd, WASM_I32);
		}
		return true;
	}
	case 0x40:
		if (!zero_byte(f))
			return false;
		if (!f->m->has_mem)
			return fail(f, "unknown memory 0");
		return rt_call(f, f->cm->rt.grow, 1, 1);
	case 0x41: {
		int32_t v;
		if (!wasm_s32(&f->r, &v))
			return fail(f, f->r.fail);
		return push(f, WASM_I32, K_CONST, v);
	}
	case 0x42: {
		int64_t v;
		if (!wasm_s64(&f->r, &v))
			return fail(f, f->r.fail);
		return push(f, WASM_I64, K_CONST, v);
	}
	case 0x43:
	case 0x44: {
		const uint8_t *p;
		unsigned nb = op == 0x43 ? 4 : 8;
		if (!wasm_bytes(&f->r, nb, &p))
			return fail(f, f->r.fail);
		uint64_t v = 0;
		for (unsigned i = nb; i-- > 0;)
			v = v << 8 | p[i];
		if (nb == 4)
			v = (uint64_t)(int64_t)(int32_t)(uint32_t)v;
		return push(f, op == 0x43 ? WASM_F32 : WASM_F64, K_CONST, (int64_t)v);
	}
	case 0x45:
		return eqz(f, WASM_I32);
	case 0x50:
		return eqz(f, WASM_I64);
	case 0x67:
		return unary(f, WASM_I32, WASM_I32, 1);
	case 0x68:
		return unary(f, WASM_I32, WASM_I32, 2);
	case 0x69:
		return unary(f, WASM_I32, WASM_I32, 3);
	case 0x6a:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_ADDW, VELA_OP_ADDIW, false, true);
	case 0x6b:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_SUBW, VELA_OP_ADDIW, true, false);
	case 0x6c:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_MULW, -1, false, true);
	case 0x6d:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_DIVW, -1, false, false);
	case 0x6e:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_DIVUW, -1, false, false);
	case 0x6f:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_REMW, -1, false, false);
	case 0x70:
		return binop(f, WASM_I32, WASM_I32, VELA_OP_REMUW, -1, false, false);
	case 0x71:
	case 0x83:
		return binop(f, op == 0x71 ? WASM_I32 : WASM_I64, op == 0x71 ? WASM_I32 : WASM_I64,
			     VELA_OP_AND, VELA_OP_ANDI, false, true);
	case 0x72:
	case 0x84:
		return binop(f, op == 0x72 ? WASM_I32 : WASM_I64, op == 0x72 ? WASM_I32 : WASM_I64,
			     VELA_OP_OR, VELA_OP_ORI, false, true);
	case 0x73:
	case 0x85:
		return binop(f, op == 0x73 ? WASM_I32 : WASM_I64, op == 0x73 ? WASM_I32 : WASM_I64,
			     VELA_OP_XOR, VELA_OP_XORI, false, true);
	case 0x74:
		return shift(f, WASM_I32, VELA_OP_SLLW, VELA_OP_SLLIW, 31);
	case 0x75:
		return shift(f, WASM_I32, VELA_OP_SRAW, VELA_OP_SRAIW, 31);
	case 0x76:
		return shift(f, WASM_I32, VELA_OP_SRLW, VELA_OP_SRLIW, 31);
	case 0x77:
	case 0x78:
		return rotate(f, WASM_I32, op == 0x77);
	case 0x79:
		return unary(f, WASM_I64, WASM_I64, 5);
	case 0x7a:
		return unary(f, WASM_I64, WASM_I64, 6);
	case 0x7b:
		return unary(f, WASM_I64, WASM_I64, 7);
	case 0x7c:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_ADD, VELA_OP_ADDI, false, true);
	case 0x7d:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_SUB, VELA_OP_ADDI, true, false);
	case 0x7e:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_MUL, -1, false, true);
	case 0x7f:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_DIV, -1, false, false);
	case 0x80:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_DIVU, -1, false, false);
	case 0x81:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_REM, -1, false, false);
	case 0x82:
		return binop(f, WASM_I64, WASM_I64, VELA_OP_REMU, -1, false, false);
	case 0x86:
		return shift(f, WASM_I64, VELA_OP_SLL, VELA_OP_SLLI, 63);
	case 0x87:
		return shift(f, WASM_I64, VELA_OP_SRA, VELA_OP_SRAI, 63);
	case 0x88:
		return shift(f, WASM_I64, VELA_OP_SRL, VELA_OP_SRLI, 63);
	case 0x89:
	case 0x8a:
		return rotate(f, WASM_I64, op == 0x89);
	case 0x8b:
		return unary(f, WASM_F32, WASM_F32, 11);
	case 0x8c:
		return unary(f, WASM_F32, WASM_F32, 12);
	case 0x98:
		return fcopysign(f, WASM_F32);
	case 0x99:
		return unary(f, WASM_F64, WASM_F64, 13);
	case 0x9a:
		return unary(f, WASM_F64, WASM_F64, 14);
	case 0xa6:
		return fcopysign(f, WASM_F64);
	case 0xa7:
		return unary(f, WASM_I64, WASM_I32, 8);
	case 0xac:
		return unary(f, WASM_I32, WASM_I64, 0);
	case 0xad:
		return unary(f, WASM_I32, WASM_I64, 4);
	case 0xbc:
		return unary(f, WASM_F32, WASM_I32, 0);
	case 0xbd:
		return unary(f, WASM_F64, WASM_I64, 0);
	case 0xbe:
		return unary(f, WASM_I32, WASM_F32, 0);
	case 0xbf:
		return unary(f, WASM_I64, WASM_F64, 0);
	case 0xc0:
		return unary(f, WASM_I32, WASM_I32, 9);
	case 0xc1:
		return unary(f, WASM_I32, WASM_I32, 10);
	case 0xc2:
		return unary(f, WASM_I64, WASM_I64, 9);
	case 0xc3:
		return unary(f, WASM_I64, WASM_I64, 10);
	case 0xc4:
		return unary(f, WASM_I64, WASM_I64, 8);
	case 0xfc:
		return op_fc(f);
	case 0xd0:
	case 0xd1:
	case 0xd2:
		return op_ref(f, op);
	case 0x25:
	case 0x26:
		return op_table_getset(f, op);
	}
	if (op >= 0x46 && op <= 0x4f)
		return compare(f, WASM_I32, op - 0x46);
	if (op >= 0x51 && op <= 0x5a)
		return compare(f, WASM_I64, op - 0x51);
	if (op >= 0x5b && op <= 0x60)
		return fcompare(f, WASM_F32, op - 0x5b);
	if (op >= 0x61 && op <= 0x66)
		return fcompare(f, WASM_F64, op - 0x61);

	if (op >= 0x8d && op <= 0x90)
		return fround(f, WASM_F32, op - 0x8d);
	if (op >= 0x9b && op <= 0x9e)
		return fround(f, WASM_F64, op - 0x9b);
	if (op == 0x91)
		return fconv(f, WASM_F32, WASM_F32, VELA_OP_FSQRTS);
	if (op == 0x9f)
		return fconv(f, WASM_F64, WASM_F64, VELA_OP_FSQRTD);
	if (op >= 0x92 && op <= 0x97) {
		static const uint8_t ar[6] = {VELA_OP_FADDS, VELA_OP_FSUBS, VELA_OP_FMULS,
					      VELA_OP_FDIVS, VELA_OP_FMINS, VELA_OP_FMAXS};
		return binop(f, WASM_F32, WASM_F32, ar[op - 0x92], -1, false, false);
	}
	if (op >= 0xa0 && op <= 0xa5) {
		static const uint8_t ar[6] = {VELA_OP_FADDD, VELA_OP_FSUBD, VELA_OP_FMULD,
					      VELA_OP_FDIVD, VELA_OP_FMIND, VELA_OP_FMAXD};
		return binop(f, WASM_F64, WASM_F64, ar[op - 0xa0], -1, false, false);
	}
	if (op >= 0xa8 && op <= 0xbb) {
		/* conversions in opcode order (0xac, 0xad are the extends above):
		 * operand type, result type, VELA-F opcode */
		static const uint8_t cv[20][3] = {{WASM_F32, WASM_I32, VELA_OP_FCVTWS},
						  {WASM_F32, WASM_I32, VELA_OP_FCVTWUS},
						  {WASM_F64, WASM_I32, VELA_OP_FCVTWD},
						  {WASM_F64, WASM_I32, VELA_OP_FCVTWUD},
						  {0, 0, 0},
						  {0, 0, 0},
						  {WASM_F32, WASM_I64, VELA_OP_FCVTLS},
						  {WASM_F32, WASM_I64, VELA_OP_FCVTLUS},
						  {WASM_F64, WASM_I64, VELA_OP_FCVTLD},
						  {WASM_F64, WASM_I64, VELA_OP_FCVTLUD},
						  {WASM_I32, WASM_F32, VELA_OP_FCVTSW},
						  {WASM_I32, WASM_F32, VELA_OP_FCVTSWU},
						  {WASM_I64, WASM_F32, VELA_OP_FCVTSL},
						  {WASM_I64, WASM_F32, VELA_OP_FCVTSLU},
						  {WASM_F64, WASM_F32, VELA_OP_FCVTSD},
						  {WASM_I32, WASM_F64, VELA_OP_FCVTDW},
						  {WASM_I32, WASM_F64, VELA_OP_FCVTDWU},
						  {WASM_I64, WASM_F64, VELA_OP_FCVTDL},
						  {WASM_I64, WASM_F64, VELA_OP_FCVTDLU},
						  {WASM_F32, WASM_F64, VELA_OP_FCVTDS}};
		const uint8_t *k = cv[op - 0xa8];
		return fconv(f, k[0], k[1], k[2]);
	}
	return fail(f, "illegal opcode");
}

static bool walk(struct fc *f)
{
	while (f->ncs > 0) {
		uint8_t op;
		f->op_at = (uint32_t)(f->r.p - f->r.base);
		if (!wasm_byte(&f->r, &op))
			return fail(f, "unexpected end of section or function");
		if (!instr(f, op))
			return false;
		if (f->c->overflow && f->c != &f->dummy)
			return fail(f, "code too large");
	}
	if (f->r.p != f->r.end)
		return fail(
		    f, "section size mismatch: operators remaining after the end of the function");
	return true;
}

static bool locals(struct fc *f)
{
	const struct wasm_functype *t = f->ft;
	uint32_t groups;
	uint64_t total = t->nparams;
	struct wasm_rd save;
	if (!wasm_u32(&f->r, &groups))
		return fail(f, f->r.fail);
	save = f->r;
	for (uint32_t g = 0; g < groups; g++) {
		uint32_t cnt;
		uint8_t ty;
		if (!wasm_u32(&f->r, &cnt) || !wasm_byte(&f->r, &ty))
			return fail(f, f->r.fail ? f->r.fail : "unexpected end");
		total += cnt;
		if (total > UINT32_MAX)
			return fail(f, "too many locals");
		if (ty != WASM_I32 && ty != WASM_I64 && ty != WASM_F32 && ty != WASM_F64 &&
		    ty != WASM_V128 && ty != WASM_FUNCREF && ty != WASM_EXTERNREF)
			return fail(f, "malformed value type");
	}
	if (total > 50000)
		return fail(f, "unsupported: more than 50000 locals");
	f->nlocals = (uint32_t)total;
	struct wasm_arena *a = f->cm->a;
	if (f->pass == 1) { /* later passes keep the use counts of pass 1 */
		f->ltype = wasm_alloc(a, total + 1);
		f->lreg = wasm_alloc(a, total + 1);
		f->loff = wasm_alloc(a, 4 * (total + 1));
		f->lw = wasm_alloc(a, 4 * (total + 1));
	}
	if (!f->ltype || !f->lreg || !f->loff || !f->lw)
		return fail(f, "importer out of memory");
	memcpy(f->ltype, t->params, t->nparams);
	uint32_t k = t->nparams;
	f->r = save;
	for (uint32_t g = 0; g < groups; g++) {
		uint32_t cnt;
		uint8_t ty;
		wasm_u32(&f->r, &cnt);
		wasm_byte(&f->r, &ty);
		memset(f->ltype + k, ty, cnt);
		k += cnt;
	}
	return true;
}

/* Registers for the most used locals; a frame slot for the rest. */
static void assign(struct fc *f)
{
	const struct wasm_functype *t = f->ft;
	memset(f->lreg, -1, f->nlocals);
	f->nlreg = 0;
	for (unsigned k = 0; k < NLOC; k++) {
		uint32_t best = WASM_NONE, bw = 0;
		for (uint32_t x = 0; x < f->nlocals; x++)
			if (f->lreg[x] < 0 && f->lw[x] > bw) {
				bw = f->lw[x];
				best = x;
			}
		if (best == WASM_NONE)
			break;
		f->lreg[best] = (int8_t)(R_LOC + k);
		f->nlreg++;
	}
	f->lr_off = 8 * f->max_out;
	f->save_off = f->lr_off + 8;
	uint32_t off = f->save_off + 8 * f->nlreg;
	for (uint32_t x = 0; x < f->nlocals; x++)
		if (f->lreg[x] < 0 && !(x < t->nparams && x >= NARG)) {
			f->loff[x] = (int32_t)off;
			off += 8;
		}
	f->slot_off = off;
	f->fs = (off + 8 * f->max_depth + 15) & ~15u;
	for (uint32_t x = NARG; x < t->nparams; x++)
		if (f->lreg[x] < 0)
			f->loff[x] = (int32_t)(f->fs + 8 * (x - NARG));
}

/* Every call is made with sp >= the stack's bottom (lay.stack_lo), so the
 * frame of a function that calls nothing may reach into the guard zone below
 * it; any other frame must end at or above the bottom. */
static bool needs_stack_check(const struct fc *f)
{
	return f->calls || f->fs > WASM_STACK_GUARD;
}

static void prologue(struct fc *f)
{
	const struct wasm_functype *t = f->ft;
	/* before sp moves and before anything is written: sp - fs >= stack_lo,
	 * compared as sp >= stack_lo + fs so that one constant does it */
	if (needs_stack_check(f)) {
		vstack_check(f->c, f->cm->lay.stack_lo + f->fs);
		f->cache_local[R_T1] = 0;
	}
	if (fits12(-(int64_t)f->fs)) {
		out(f, vI(VELA_OP_ADDI, R_SP, R_SP, -(int32_t)f->fs));
	} else {
		li(f, R_T0, f->fs);
		out(f, vR(VELA_OP_SUB, R_SP, R_SP, R_T0));
	}
	uint32_t bias;
	unsigned b = save_base(f, &bias);
	out(f, vI(VELA_OP_SD, R_LR, b, (int32_t)(f->lr_off - bias)));
	for (unsigned k = 0; k < f->nlreg; k++)
		out(f, vI(VELA_OP_SD, R_LOC + k, b, (int32_t)(f->save_off - bias + 8 * k)));
	for (uint32_t x = 0; x < f->nlocals; x++) {
		int r = f->lreg[x];
		if (x < t->nparams) {
			if (x < NARG) {
				if (r >= 0)
					mv(f, (unsigned)r, R_STK + x);
				else
					st_sp(f, R_STK + x, f->loff[x]);
			} else if (r >= 0) {
				ld_sp(f, (unsigned)r, (int64_t)f->fs + 8 * (x - NARG));
			}
		} else if (r >= 0) {
			out(f, vI(VELA_OP_ADDI, (unsigned)r, R_ZERO, 0));
		} else {
			st_sp(f, R_ZERO, f->loff[x]);
		}
	}
}

static bool run_pass(struct fc *f, int pass, const uint8_t *body, uint32_t len)
{
	const struct wasm_func *fn = &f->m->funcs[f->fidx];
	f->pass = pass;
	f->r.p = body;
	f->r.end = body + len;
	f->r.base = f->m->buf;
	f->r.fail = NULL;
	f->n = 0;
	f->lazy_lo = UINT32_MAX;
	f->ncs = 0;
	f->nfx = 0;
	f->loopd = 0;
	f->range_fail = false;
	set_dead(f, false);
	(void)fn;
	if (!locals(f))
		return false;
	if (pass > 1) {
		assign(f);
		prologue(f);
	}
	struct ctl *c = &f->cs[f->ncs++];
	memset(c, 0, sizeof *c);
	c->kind = CK_FUNC;
	c->nr = f->ft->nresults;
	c->rt = f->ft->results;
	c->live_entry = true;
	return walk(f);
}

bool wasm_add_callfix(struct wasm_cm *cm, uint32_t pc, uint32_t func)
{
	if (cm->ncf >= cm->cfcap) {
		uint32_t nc = cm->cfcap ? 2 * cm->cfcap : 1024;
		struct wasm_callfix *n = wasm_alloc(cm->a, nc * sizeof *n);
		if (!n)
			return false;
		if (cm->ncf)
			memcpy(n, cm->cf, cm->ncf * sizeof *n);
		cm->cf = n;
		cm->cfcap = nc;
	}
	cm->cf[cm->ncf].pc = pc;
	cm->cf[cm->ncf].func = func;
	cm->ncf++;
	return true;
}

bool wasm_compile_func(struct wasm_cm *cm, uint32_t fidx, struct wasm_err *err)
{
	struct fc f;
	memset(&f, 0, sizeof f);
	const struct wasm_func *fn = &cm->m->funcs[fidx];
	f.cm = cm;
	f.m = cm->m;
	f.fidx = fidx;
	f.ft = &cm->m->types[fn->type];
	f.dummy.w = f.dummy_w;
	f.dummy.cap = 64;
	f.last_def = -1;
	uint32_t cap = fn->body_len + 16;
	f.stcap = cap + f.ft->nparams + 16;
	f.cscap = cap;
	f.fxcap = 2 * cap + 16;
	f.st = wasm_alloc(cm->a, f.stcap * sizeof *f.st);
	f.cs = wasm_alloc(cm->a, f.cscap * sizeof *f.cs);
	f.fx = wasm_alloc(cm->a, f.fxcap * sizeof *f.fx);
	bool ok = f.st && f.cs && f.fx;
	if (!ok)
		fail(&f, "importer out of memory");
	if (ok)
		ok = run_pass(&f, 1, fn->body, fn->body_len);
	uint32_t start = cm->code.n, ncf = cm->ncf;
	if (ok) {
		ok = run_pass(&f, 2, fn->body, fn->body_len);
		if (ok && f.range_fail) {
			cm->code.n = start;
			cm->ncf = ncf;
			f.long_br = true;
			ok = run_pass(&f, 3, fn->body, fn->body_len);
			if (ok && f.range_fail)
				ok = fail(&f, "function too large for VELA branches");
		}
	}
	if (ok && cm->code.overflow)
		ok = fail(&f, "code too large");
	if (!ok) {
		cm->code.n = start;
		fmt_snprintf(err->msg, sizeof err->msg, "function %u at offset 0x%x: %s", fidx,
			     f.why_at, f.why ? f.why : "invalid");
		return false;
	}
	cm->func_pc[fidx] = start;
	return true;
}
