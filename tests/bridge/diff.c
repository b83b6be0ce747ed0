/* Differential execution: interpreter versus translator, every observable. */
#include "bridge/diff.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pb_emit(struct pbuf *b, unsigned op, unsigned rd, unsigned rs1, unsigned rs2, int64_t imm)
{
	struct vela_insn in;
	memset(&in, 0, sizeof in);
	in.op = (uint8_t)op;
	in.rd = (uint8_t)rd;
	in.rs1 = (uint8_t)rs1;
	in.rs2 = (uint8_t)rs2;
	in.imm = imm;
	const struct vela_opinfo *oi = vela_opinfo(op);
	if (oi && oi->fmt == VELA_FMT_P) {
		in.rs1 = (uint8_t)rd;
		in.rs2 = (uint8_t)rs1;
		in.rs3 = (uint8_t)rs2;
	}
	uint32_t w;
	if (b->n >= sizeof b->w / sizeof b->w[0] || !vela_encode(&in, &w)) {
		b->bad = true;
		return;
	}
	b->w[b->n++] = w;
}

int diff_syscall(void *ctx, struct vela_machine *m, uint64_t nr)
{
	struct diff_io *io = ctx;
	switch (nr) {
	case 0:
		m->exit_status = (int64_t)m->r[3];
		return VELA_SYS_EXIT;
	case 1:
		m->r[3] = 0;
		return VELA_SYS_CONTINUE;
	case 2: {
		uint64_t buf = m->r[4], len = m->r[5];
		if (!vela_mem_ok(m, buf, len)) {
			m->r[3] = (uint64_t)-14;
			return VELA_SYS_CONTINUE;
		}
		for (uint64_t i = 0; i < len && io->len < sizeof io->out; i++)
			io->out[io->len++] = (char)m->mem[buf + i];
		m->r[3] = len;
		return VELA_SYS_CONTINUE;
	}
	default:
		return VELA_TRAP_SYSCALL;
	}
}

struct irun {
	struct vela_result res;
	struct vela_machine m;
	uint8_t *mem;
	uint64_t *shadow;
	uint8_t *bitmap;
	struct diff_io io;
};

static void interp_run(const struct native_prog *p, const struct diff_opts *o, struct irun *r)
{
	memset(r, 0, sizeof *r);
	r->mem = calloc(1, p->mem_size);
	uint32_t cap = o->shadow_cap ? o->shadow_cap : 4096;
	r->shadow = calloc(cap, 8);
	r->bitmap = calloc(1, p->code_len / 32 + 1);
	if (!r->mem || !r->shadow || !r->bitmap)
		abort();
	if (p->data_size)
		memcpy(r->mem + p->data_addr, p->data, p->data_size);
	for (size_t k = 0; k < p->ntargets; k++)
		r->bitmap[p->targets[k] / 32] |= (uint8_t)(1u << (p->targets[k] / 4 % 8));
	vela_machine_init(&r->m, p->code, p->code_len, r->mem, p->mem_size, r->shadow, cap,
			  p->entry);
	r->m.targets = r->bitmap;
	r->m.caps = p->caps;
	r->m.syscall = diff_syscall;
	r->m.syscall_ctx = &r->io;
	if (o->time_budget)
		r->m.time_budget = o->time_budget;
	r->res = vela_interp_run(&r->m, 50000000);
}

static void interp_free(struct irun *r)
{
	free(r->mem);
	free(r->shadow);
	free(r->bitmap);
}

struct vela_result diff_interp(const struct native_prog *p, const struct diff_opts *o)
{
	struct irun r;
	interp_run(p, o, &r);
	interp_free(&r);
	return r.res;
}

bool diff_one(const struct native_prog *p, uint64_t seed, const struct diff_opts *o, char *why,
	      size_t cap)
{
	struct irun ir;
	interp_run(p, o, &ir);
	struct diff_io nio;
	memset(&nio, 0, sizeof nio);
	struct native_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.seed = seed;
	cfg.mode = o->mode;
	cfg.shadow_cap = o->shadow_cap ? o->shadow_cap : 4096;
	cfg.time_budget = o->time_budget;
	cfg.syscall = diff_syscall;
	cfg.syscall_ctx = &nio;
	cfg.count_guards = true;
	struct native_result nr;
	bool ok = true;
	why[0] = 0;
	if (ir.res.stop == VELA_STOP_BUDGET) {
		snprintf(why, cap, "interpreter step limit reached (not comparable)");
		interp_free(&ir);
		return true;
	}
	if (!native_run(p, &cfg, &nr)) {
		snprintf(why, cap, "translator rejected: %s", nr.error);
		native_free(&nr);
		interp_free(&ir);
		return false;
	}
	const struct vela_result *a = &ir.res, *b = &nr.res;
	if (a->stop != b->stop) {
		snprintf(why, cap, "stop: interp %d (trap %s pc=0x%x) native %d (trap %s pc=0x%x)",
			 a->stop, vela_trap_name(a->trap.kind), a->trap.pc, b->stop,
			 vela_trap_name(b->trap.kind), b->trap.pc);
		ok = false;
	} else if (a->stop == VELA_STOP_EXIT && a->status != b->status) {
		snprintf(why, cap, "exit status: interp %" PRId64 " native %" PRId64, a->status,
			 b->status);
		ok = false;
	} else if (a->stop == VELA_STOP_TRAP &&
		   (a->trap.kind != b->trap.kind || a->trap.pc != b->trap.pc ||
		    a->trap.addr != b->trap.addr)) {
		snprintf(why, cap,
			 "trap: interp %s pc=0x%x addr=0x%" PRIx64
			 ", native %s pc=0x%x addr=0x%" PRIx64,
			 vela_trap_name(a->trap.kind), a->trap.pc, a->trap.addr,
			 vela_trap_name(b->trap.kind), b->trap.pc, b->trap.addr);
		ok = false;
	}
	for (unsigned i = 0; ok && i < VELA_NREGS; i++)
		if (ir.m.r[i] != nr.r[i]) {
			snprintf(why, cap, "r%u: interp 0x%" PRIx64 " native 0x%" PRIx64, i,
				 ir.m.r[i], nr.r[i]);
			ok = false;
		}
	for (unsigned i = 0; ok && i < VELA_NVREGS; i++)
		if (ir.m.v[i][0] != nr.v[i][0] || ir.m.v[i][1] != nr.v[i][1]) {
			snprintf(why, cap, "vr%u differs", i);
			ok = false;
		}
	if (ok && memcmp(ir.mem, nr.mem, p->mem_size) != 0) {
		uint64_t k = 0;
		while (ir.mem[k] == nr.mem[k])
			k++;
		snprintf(why, cap, "memory differs at 0x%" PRIx64, k);
		ok = false;
	}
	if (ok && (ir.io.len != nio.len || memcmp(ir.io.out, nio.out, nio.len) != 0)) {
		snprintf(why, cap, "output differs");
		ok = false;
	}
	native_free(&nr);
	interp_free(&ir);
	return ok;
}
