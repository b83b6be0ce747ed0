/* AetherBridge code shapes: operand access, guards, trap stubs, trampolines.
 * docs/bridge.md shows each shape. */
#include "bridge/emit.h"

#define CTXOFF(f) ((int32_t)offsetof(struct bridge_ctx, f))

struct x86_mem ctx_field(struct tr *t, int32_t off)
{
	return x86_m(t->m.ctx, off - t->m.bias);
}

struct x86_mem vslot(struct tr *t, unsigned v)
{
	return x86_m(t->m.ctx, CTXOFF(regs) + 8 * (int32_t)v - t->m.bias);
}

static struct x86_mem vrslot(struct tr *t, unsigned v)
{
	return x86_m(t->m.ctx, CTXOFF(vregs) + 16 * (int32_t)v - t->m.bias);
}

unsigned hreg(struct tr *t, unsigned v)
{
	return v == 0 ? NOREG : t->m.host[v];
}

void zero_reg(struct tr *t, unsigned h)
{
	x86_alu_rr(&t->b, false, X86_XOR, h, h);
}

/* dst = VELA register v */
void mov_to(struct tr *t, unsigned dst, unsigned v)
{
	unsigned h = hreg(t, v);
	if (v == 0)
		zero_reg(t, dst);
	else if (h == NOREG)
		x86_load(&t->b, dst, vslot(t, v), 8, false);
	else if (h != dst)
		x86_mov_rr(&t->b, true, dst, h);
}

/* A host register holding VELA register v (its home, or `scratch` loaded). */
unsigned src_reg(struct tr *t, unsigned v, unsigned scratch)
{
	unsigned h = hreg(t, v);
	if (h != NOREG)
		return h;
	mov_to(t, scratch, v);
	return scratch;
}

/* VELA register v = host register h */
void wr_dst(struct tr *t, unsigned v, unsigned h)
{
	if (v == 0)
		return;
	unsigned d = hreg(t, v);
	if (d == NOREG)
		x86_store(&t->b, vslot(t, v), h, 8);
	else if (d != h)
		x86_mov_rr(&t->b, true, d, h);
}

/* Host register in which to compute VELA register v: its home or scratch. */
unsigned dst_reg(struct tr *t, unsigned v, unsigned scratch)
{
	unsigned h = hreg(t, v);
	return h == NOREG ? scratch : h;
}

/* dst op= VELA register v (register, context slot or the zero register) */
void alu_v(struct tr *t, bool w64, enum x86_alu op, unsigned dst, unsigned v)
{
	unsigned h = hreg(t, v);
	if (v == 0)
		x86_alu_ri(&t->b, w64, op, dst, 0);
	else if (h == NOREG)
		x86_alu_rm(&t->b, w64, op, dst, vslot(t, v));
	else
		x86_alu_rr(&t->b, w64, op, dst, h);
}

/* flags = VELA register v compared with imm */
void cmp_vi(struct tr *t, bool w64, unsigned v, int32_t imm, unsigned scratch)
{
	unsigned h = hreg(t, v);
	if (v == 0) {
		zero_reg(t, scratch);
		x86_alu_ri(&t->b, w64, X86_CMP, scratch, imm);
	} else if (h == NOREG) {
		x86_alu_mi(&t->b, w64, X86_CMP, vslot(t, v), imm);
	} else if (imm == 0) {
		x86_test_rr(&t->b, w64, h, h);
	} else {
		x86_alu_ri(&t->b, w64, X86_CMP, h, imm);
	}
}

unsigned xmm(struct tr *t, unsigned vr)
{
	return t->m.xmm[vr & 7];
}

/* ------------------------------------------------------------------ stubs */

static struct stub *new_stub(struct tr *t, uint32_t field, uint32_t pc, unsigned kind)
{
	if (t->nstub >= t->stub_cap) {
		t->b.bad = true; /* cannot happen: STUBS_PER_INSN bounds the count */
		return NULL;
	}
	struct stub *s = &t->stub[t->nstub++];
	s->field = field;
	s->pc = pc;
	s->kind = (uint8_t)kind;
	s->addr = ADDR_NONE;
	s->reg = NOREG;
	s->imm = 0;
	return s;
}

void trap_if(struct tr *t, enum x86_cond cc, uint32_t pc, unsigned kind, unsigned addr,
	     unsigned reg, int64_t imm)
{
	size_t field = x86_jcc32(&t->b, cc, 0);
	struct stub *s = new_stub(t, (uint32_t)field, pc, kind);
	if (s) {
		s->addr = (uint8_t)addr;
		s->reg = (uint8_t)reg;
		s->imm = imm;
	}
}

void trap_always(struct tr *t, uint32_t pc, unsigned kind, unsigned addr, unsigned reg, int64_t imm)
{
	size_t field = x86_jmp32(&t->b, 0);
	struct stub *s = new_stub(t, (uint32_t)field, pc, kind);
	if (s) {
		s->addr = (uint8_t)addr;
		s->reg = (uint8_t)reg;
		s->imm = imm;
	}
}

void count_guard(struct tr *t, enum bridge_guard g)
{
	t->st.emitted[g]++;
	t->nguards++;
	if (t->opt->count_guards)
		x86_alu_mi(&t->b, true, X86_ADD, ctx_field(t, CTXOFF(guard_exec) + 8 * (int32_t)g),
			   1);
}

/* The tail every trap stub shares: record kind and address, leave through
 * exit_save. */
static void emit_trap_tail(struct tr *t, const struct stub *s)
{
	x86_store_imm(&t->b, ctx_field(t, CTXOFF(exit_reason)),
		      (int32_t)(BRIDGE_EXIT_TRAP | (uint32_t)s->kind << 8), 4);
	struct x86_mem a = ctx_field(t, CTXOFF(trap_addr));
	switch (s->addr) {
	case ADDR_NONE:
		x86_store_imm(&t->b, a, 0, 8);
		break;
	case ADDR_IMM:
		if (s->imm >= INT32_MIN && s->imm <= INT32_MAX) {
			x86_store_imm(&t->b, a, (int32_t)s->imm, 8);
		} else {
			x86_mov_ri(&t->b, t->m.s1, s->imm);
			x86_store(&t->b, a, t->m.s1, 8);
		}
		break;
	case ADDR_HREG:
		x86_store(&t->b, a, s->reg, 8);
		break;
	case ADDR_VREG:
		x86_store(&t->b, a, src_reg(t, s->reg, t->m.s1), 8);
		break;
	case ADDR_VREG32: {
		unsigned h = hreg(t, s->reg);
		if (s->reg == 0)
			zero_reg(t, t->m.s1);
		else if (h == NOREG)
			x86_load(&t->b, t->m.s1, vslot(t, s->reg), 4, false);
		else
			x86_mov_rr(&t->b, false, t->m.s1, h); /* zero-extends */
		x86_store(&t->b, a, t->m.s1, 8);
		break;
	}
	}
	size_t f = x86_jmp32(&t->b, 0);
	x86_patch_rel32(&t->b, f, t->exit_save);
}

/* A trap stub: `mov dword [ctx+trap_pc], pc` then the tail. Tails that do not
 * depend on the site (kind + address register, or no address) are emitted once
 * and shared; immediate addresses get their own tail. */
static void emit_stub(struct tr *t, const struct stub *s)
{
	x86_patch_rel32(&t->b, s->field, t->b.len);
	x86_store_imm(&t->b, ctx_field(t, CTXOFF(trap_pc)), (int32_t)s->pc, 4);
	if (s->addr == ADDR_IMM) {
		emit_trap_tail(t, s);
		return;
	}
	unsigned kind = s->kind < VELA_TRAP_COUNT ? s->kind : 0;
	unsigned reg = s->addr == ADDR_NONE ? 0 : (s->reg & 15);
	unsigned key = (kind * ADDR_KINDS + s->addr % ADDR_KINDS) * 16 + reg;
	if (t->shared[key]) {
		size_t f = x86_jmp32(&t->b, 0);
		x86_patch_rel32(&t->b, f, t->shared[key]);
		return;
	}
	t->shared[key] = (uint32_t)t->b.len;
	emit_trap_tail(t, s);
}

void emit_stubs(struct tr *t)
{
	for (uint32_t i = 0; i < t->nstub; i++)
		emit_stub(t, &t->stub[i]);
}

/* ---------------------------------------------------------- trampolines */

static void save_state(struct tr *t)
{
	for (unsigned v = 1; v < VELA_NREGS; v++)
		if (hreg(t, v) != NOREG)
			x86_store(&t->b, vslot(t, v), hreg(t, v), 8);
	for (unsigned v = 0; t->vec && v < VELA_NVREGS; v++)
		x86_movdqu_store(&t->b, vrslot(t, v), xmm(t, v));
}

static void load_state(struct tr *t)
{
	x86_load(&t->b, t->m.membase, ctx_field(t, CTXOFF(mem_base)), 8, false);
	for (unsigned v = 1; v < VELA_NREGS; v++)
		if (hreg(t, v) != NOREG)
			x86_load(&t->b, hreg(t, v), vslot(t, v), 8, false);
	for (unsigned v = 0; t->vec && v < VELA_NVREGS; v++)
		x86_movdqu_load(&t->b, xmm(t, v), vrslot(t, v));
}

/* uint32_t enter(struct bridge_ctx *ctx = rdi, uint64_t host_target = rsi) */
void emit_trampolines(struct tr *t)
{
	struct x86_buf *b = &t->b;
	for (unsigned i = 0; i < 6; i++)
		x86_push(b, t->m.saved[i]);
	x86_alu_ri(b, true, X86_SUB, X86_RSP, 8); /* 16-byte aligned from here on */
	x86_store(b, x86_m(X86_RDI, CTXOFF(host_rsp)), X86_RSP, 8);
	x86_store(b, x86_m(X86_RDI, CTXOFF(resume)), X86_RSI, 8);
	/* the context register points bias bytes past the block (ISA-ASLR: every
	 * context displacement differs between draws) */
	x86_lea(b, t->m.ctx, x86_m(X86_RDI, t->m.bias));
	load_state(t);
	x86_jmp_m(b, ctx_field(t, CTXOFF(resume)));

	t->exit_save = b->len;
	save_state(t);
	t->exit_nosave = b->len;
	x86_load(b, X86_RSP, ctx_field(t, CTXOFF(host_rsp)), 8, false);
	x86_load(b, X86_RAX, ctx_field(t, CTXOFF(exit_reason)), 4, false);
	x86_alu_ri(b, true, X86_ADD, X86_RSP, 8);
	for (unsigned i = 6; i-- > 0;)
		x86_pop(b, t->m.saved[i]);
	x86_ret(b);
}

/* Leave translated code with a reason (HALT, CHAOS), pc recorded. */
void emit_exit(struct tr *t, uint32_t reason, uint32_t pc)
{
	x86_store_imm(&t->b, ctx_field(t, CTXOFF(exit_reason)), (int32_t)reason, 4);
	x86_store_imm(&t->b, ctx_field(t, CTXOFF(trap_pc)), (int32_t)pc, 4);
	size_t f = x86_jmp32(&t->b, 0);
	x86_patch_rel32(&t->b, f, t->exit_save);
}

/* SYSCALL and service opcodes: spill the VELA state into the context block, let
 * the strategy serve the call, stop if it says so, else reload. */
void emit_service(struct tr *t, uint32_t pc, const struct vela_insn *in)
{
	struct x86_buf *b = &t->b;
	x86_store_imm(b, ctx_field(t, CTXOFF(trap_pc)), (int32_t)pc, 4);
	/* 0 = continue; a strategy that wants the program to stop sets a reason */
	x86_store_imm(b, ctx_field(t, CTXOFF(exit_reason)), 0, 4);
	if (in->op == VELA_OP_SYSCALL)
		x86_store(b, ctx_field(t, CTXOFF(sys_nr)), src_reg(t, VELA_REG_SYSNR, t->m.s1), 8);
	else
		x86_store_imm(b, ctx_field(t, CTXOFF(sys_nr)), (int32_t)(0x10000u + in->op), 8);
	save_state(t);
	x86_push(b, t->m.ctx);
	x86_push(b, t->m.ctx);
	if (t->opt->syscall == BRIDGE_SYS_NATIVE) {
		x86_syscall(b);
	} else {
		x86_lea(b, X86_RDI, x86_m(t->m.ctx, -t->m.bias));
		x86_call_m(b, x86_m(X86_RDI, CTXOFF(syscall_fn)));
	}
	x86_pop(b, t->m.ctx);
	x86_pop(b, t->m.ctx);
	/* exit_reason still 0: continue (rax is not used: it may be the ctx register) */
	x86_alu_mi(b, false, X86_CMP, ctx_field(t, CTXOFF(exit_reason)), 0);
	size_t f = x86_jcc32(b, X86_CC_NE, 0);
	x86_patch_rel32(b, f, t->exit_nosave);
	load_state(t);
}

/* ---------------------------------------------------------------- guards */

/* The sandbox operand for VELA `base + imm`, checked first unless the guard is
 * elided. A guarded access computes the address into a register (the base's home
 * when imm is 0, else s1), compares it and uses [mem_base + addr]; an unguarded one
 * folds the offset into the addressing mode, [mem_base + base + imm], which wraps
 * modulo 2^64 exactly as the VELA address does. */
struct x86_mem emit_addr(struct tr *t, uint32_t pc, unsigned base, int64_t imm, unsigned size,
			 bool store, bool guard)
{
	struct x86_buf *b = &t->b;
	unsigned hb = hreg(t, base), idx;
	if (!guard) {
		if (base == 0)
			return x86_m(t->m.membase, (int32_t)imm);
		if (hb == NOREG) {
			x86_load(b, t->m.s1, vslot(t, base), 8, false);
			hb = t->m.s1;
		}
		return x86_mi(t->m.membase, hb, 1, (int32_t)imm);
	}
	if (base == 0) {
		x86_mov_ri(b, t->m.s1, imm);
		idx = t->m.s1;
	} else if (hb != NOREG && imm == 0) {
		idx = hb;
	} else if (hb != NOREG) {
		x86_lea(b, t->m.s1, x86_m(hb, (int32_t)imm));
		idx = t->m.s1;
	} else {
		x86_load(b, t->m.s1, vslot(t, base), 8, false);
		if (imm)
			x86_alu_ri(b, true, X86_ADD, t->m.s1, (int32_t)imm);
		idx = t->m.s1;
	}
	count_guard(t, store ? BRIDGE_G_STORE : BRIDGE_G_LOAD);
	uint64_t lim = t->opt->mem_size - size;
	if (lim <= INT32_MAX) {
		x86_alu_ri(b, true, X86_CMP, idx, (int32_t)lim);
	} else {
		x86_load(b, t->m.s2, ctx_field(t, CTXOFF(mem_size)), 8, false);
		x86_alu_ri(b, true, X86_SUB, t->m.s2, (int32_t)size);
		x86_alu_rr(b, true, X86_CMP, idx, t->m.s2);
	}
	trap_if(t, X86_CC_A, pc, store ? VELA_TRAP_OOB_STORE : VELA_TRAP_OOB_LOAD, ADDR_HREG, idx,
		0);
	return x86_mi(t->m.membase, idx, 1, 0);
}

/* TIME.BIND budget point; the trap address is the transfer target. */
void emit_budget(struct tr *t, uint32_t pc, unsigned addr, unsigned reg, int64_t imm)
{
	if (!t->time)
		return;
	struct x86_buf *b = &t->b;
	count_guard(t, BRIDGE_G_TIME);
	unsigned s = t->m.s2;
	x86_load(b, s, ctx_field(t, CTXOFF(time_budget)), 8, false);
	x86_alu_ri(b, true, X86_SUB, s, 1);
	trap_if(t, X86_CC_B, pc, VELA_TRAP_TIME, addr, reg, imm); /* was 0 */
	x86_alu_ri(b, true, X86_CMP, s, -2);			  /* was unbound */
	x86_jcc8(b, X86_CC_E, 0);
	size_t f = b->len - 1, at = b->len;
	x86_store(b, ctx_field(t, CTXOFF(time_budget)), s, 8);
	(void)at;
	x86_patch_rel8(b, f, b->len);
}

/* Valid-target check of the indirect target in s1 (JR/CALLR). */
void emit_cfi(struct tr *t, uint32_t pc)
{
	struct x86_buf *b = &t->b;
	unsigned s1 = t->m.s1, s2 = t->m.s2;
	count_guard(t, BRIDGE_G_CFI);
	x86_alu_ri(b, true, X86_CMP, s1, (int32_t)(t->n * 4 - 4));
	trap_if(t, X86_CC_A, pc, VELA_TRAP_CFI, ADDR_HREG, s1, 0);
	x86_test_ri(b, false, s1, 3);
	trap_if(t, X86_CC_NE, pc, VELA_TRAP_CFI, ADDR_HREG, s1, 0);
	x86_mov_rr(b, false, s2, s1);
	x86_shift_ri(b, false, X86_SHR, s2, 2);
	x86_bt_mr(b, ctx_field(t, (int32_t)t->bm_off), s2);
	trap_if(t, X86_CC_AE, pc, VELA_TRAP_CFI, ADDR_HREG, s1, 0); /* CF = 0: not a target */
}

/* CALL/CALLR: shadow-stack push of the return pc (capacity checked). */
void emit_shadow_push(struct tr *t, uint32_t pc, unsigned addr, unsigned reg, int64_t imm)
{
	struct x86_buf *b = &t->b;
	unsigned s2 = t->m.s2;
	count_guard(t, BRIDGE_G_DEPTH);
	x86_load(b, s2, ctx_field(t, CTXOFF(shadow_sp)), 8, false);
	x86_alu_rm(b, true, X86_CMP, s2, ctx_field(t, CTXOFF(shadow_end)));
	trap_if(t, X86_CC_AE, pc, VELA_TRAP_CALL_DEPTH, addr, reg, imm);
	x86_store_imm(b, x86_m(s2, 0), (int32_t)(pc + 4), 8);
	x86_alu_ri(b, true, X86_ADD, s2, 8);
	x86_store(b, ctx_field(t, CTXOFF(shadow_sp)), s2, 8);
}

/* RET: SHADOW.CHK, then s1 = the return pc. */
void emit_shadow_check(struct tr *t, uint32_t pc)
{
	struct x86_buf *b = &t->b;
	unsigned s1 = t->m.s1, s2 = t->m.s2;
	count_guard(t, BRIDGE_G_SHADOW);
	x86_load(b, s2, ctx_field(t, CTXOFF(shadow_sp)), 8, false);
	x86_alu_rm(b, true, X86_CMP, s2, ctx_field(t, CTXOFF(shadow_base)));
	trap_if(t, X86_CC_BE, pc, VELA_TRAP_SHADOW, ADDR_VREG, VELA_REG_LR, 0);
	x86_load(b, s1, x86_m(s2, -8), 8, false);
	alu_v(t, true, X86_CMP, s1, VELA_REG_LR);
	trap_if(t, X86_CC_NE, pc, VELA_TRAP_SHADOW, ADDR_VREG, VELA_REG_LR, 0);
	x86_alu_mi(b, true, X86_SUB, ctx_field(t, CTXOFF(shadow_sp)), 8);
}

/* jmp through the pc -> host table, pc in s1 (already checked) */
void emit_dispatch(struct tr *t)
{
	x86_jmp_m(&t->b, x86_mi(t->m.ctx, t->m.s1, 2, (int32_t)t->tab_off - t->m.bias));
}
