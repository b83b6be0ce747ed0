/* AetherBridge code-shape helpers (emit.c), used by translate.c. */
#ifndef BRIDGE_EMIT_H
#define BRIDGE_EMIT_H

#include "bridge/internal.h"

struct x86_mem ctx_field(struct tr *t, int32_t off);
struct x86_mem vslot(struct tr *t, unsigned v);
unsigned hreg(struct tr *t, unsigned v);
unsigned xmm(struct tr *t, unsigned vr);
void zero_reg(struct tr *t, unsigned h);
void mov_to(struct tr *t, unsigned dst, unsigned v);
unsigned src_reg(struct tr *t, unsigned v, unsigned scratch);
void wr_dst(struct tr *t, unsigned v, unsigned h);
unsigned dst_reg(struct tr *t, unsigned v, unsigned scratch);
void alu_v(struct tr *t, bool w64, enum x86_alu op, unsigned dst, unsigned v);
void cmp_vi(struct tr *t, bool w64, unsigned v, int32_t imm, unsigned scratch);

void trap_if(struct tr *t, enum x86_cond cc, uint32_t pc, unsigned kind, unsigned addr,
	     unsigned reg, int64_t imm);
void trap_always(struct tr *t, uint32_t pc, unsigned kind, unsigned addr, unsigned reg,
		 int64_t imm);
void count_guard(struct tr *t, enum bridge_guard g);
void emit_stubs(struct tr *t);
void emit_trampolines(struct tr *t);
void emit_exit(struct tr *t, uint32_t reason, uint32_t pc);
void emit_service(struct tr *t, uint32_t pc, const struct vela_insn *in);

struct x86_mem emit_addr(struct tr *t, uint32_t pc, unsigned base, int64_t imm, unsigned size,
			 bool store, bool guard);
void emit_budget(struct tr *t, uint32_t pc, unsigned addr, unsigned reg, int64_t imm);
void emit_cfi(struct tr *t, uint32_t pc);
void emit_shadow_push(struct tr *t, uint32_t pc, unsigned addr, unsigned reg, int64_t imm);
void emit_shadow_check(struct tr *t, uint32_t pc);
void emit_dispatch(struct tr *t);

#endif
