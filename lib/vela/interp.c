/*
 * VELA reference interpreter. Each case below is the literal reading of the
 * instruction's paragraph in docs/vela-isa.md.
 */
#include "vela/interp.h"

#include "vela/fpu.h"

#include <string.h>

static const char *const trap_names[VELA_TRAP_COUNT] = {
    [VELA_TRAP_NONE] = "NONE",
    [VELA_TRAP_OOB_LOAD] = "OOB_LOAD",
    [VELA_TRAP_OOB_STORE] = "OOB_STORE",
    [VELA_TRAP_DIV_ZERO] = "DIV_ZERO",
    [VELA_TRAP_DIV_OVERFLOW] = "DIV_OVERFLOW",
    [VELA_TRAP_CFI] = "CFI",
    [VELA_TRAP_SHADOW] = "SHADOW",
    [VELA_TRAP_ILLEGAL] = "ILLEGAL",
    [VELA_TRAP_CAPABILITY] = "CAPABILITY",
    [VELA_TRAP_TIME] = "TIME",
    [VELA_TRAP_PROOF] = "PROOF",
    [VELA_TRAP_BREAK] = "BREAK",
    [VELA_TRAP_PC] = "PC",
    [VELA_TRAP_CALL_DEPTH] = "CALL_DEPTH",
    [VELA_TRAP_SYSCALL] = "SYSCALL",
    [VELA_TRAP_FLOAT_INVALID] = "FLOAT_INVALID",
    [VELA_TRAP_FLOAT_RANGE] = "FLOAT_RANGE",
};

const char *vela_trap_name(enum vela_trap_kind kind)
{
	return (unsigned)kind < VELA_TRAP_COUNT ? trap_names[kind] : "UNKNOWN";
}

void vela_machine_init(struct vela_machine *m, const uint8_t *code, uint32_t code_len, uint8_t *mem,
		       uint64_t mem_size, uint64_t *shadow, uint32_t shadow_cap, uint32_t entry)
{
	memset(m, 0, sizeof(*m));
	m->code = code;
	m->code_len = code_len;
	m->mem = mem;
	m->mem_size = mem_size;
	m->shadow = shadow;
	m->shadow_cap = shadow_cap;
	m->caps = VELA_CAPS_ALL;
	m->pc = entry;
	m->r[VELA_REG_SP] = mem_size;
	m->time_budget = UINT64_MAX;
}

bool vela_is_target(const struct vela_machine *m, uint64_t pc)
{
	if (pc >= m->code_len || pc % 4 || !m->targets)
		return false;
	return (m->targets[pc / 32] >> ((pc / 4) % 8)) & 1;
}

static uint64_t load_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void store_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

static uint64_t sextn(uint64_t v, unsigned bytes)
{
	unsigned sh = 64 - 8 * bytes;
	return (uint64_t)((int64_t)(v << sh) >> sh);
}

static unsigned clz64(uint64_t v)
{
	unsigned n = 0;
	for (uint64_t bit = 1ull << 63; bit && !(v & bit); bit >>= 1)
		n++;
	return n;
}

static unsigned ctz64(uint64_t v)
{
	unsigned n = 0;
	for (uint64_t bit = 1; bit && !(v & bit); bit <<= 1)
		n++;
	return n;
}

static unsigned popcnt64(uint64_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

static uint64_t rol64(uint64_t v, unsigned s)
{
	s &= 63;
	return s ? (v << s) | (v >> (64 - s)) : v;
}

/* Vector lane i (0-3) of a 128-bit register, as 32 bits. */
static uint32_t lane_get(const uint64_t v[2], unsigned i)
{
	return (uint32_t)(v[i / 2] >> (32 * (i % 2)));
}

static void lane_set(uint64_t v[2], unsigned i, uint32_t x)
{
	unsigned sh = 32 * (i % 2);
	v[i / 2] = (v[i / 2] & ~((uint64_t)0xffffffffu << sh)) | (uint64_t)x << sh;
}

static struct vela_result trap(struct vela_machine *m, enum vela_trap_kind kind, uint64_t addr)
{
	struct vela_result res = {.stop = VELA_STOP_TRAP};
	res.trap.kind = kind;
	res.trap.pc = m->pc;
	res.trap.addr = addr;
	return res;
}

/* A budget point (backward branch, call, indirect jump): TIME trap if the
 * TIME.BIND budget is exhausted, else consume one unit. */
static bool budget_ok(struct vela_machine *m)
{
	if (m->time_budget == 0)
		return false;
	if (m->time_budget != UINT64_MAX)
		m->time_budget--;
	return true;
}

#define TRAP(kind, addr) return trap(m, kind, addr)

/* Execute the instruction at m->pc. Returns stop = VELA_STOP_BUDGET to mean
 * "continue" (used internally), anything else stops. */
static struct vela_result exec_one(struct vela_machine *m)
{
	struct vela_result cont = {.stop = VELA_STOP_BUDGET};
	struct vela_insn in;
	uint32_t pc = m->pc;
	if (pc >= m->code_len || pc % 4 || m->code_len - pc < 4)
		TRAP(VELA_TRAP_PC, pc);
	uint32_t w = vela_load_word(m->code + pc);
	if (!vela_decode(w, &in))
		TRAP(VELA_TRAP_ILLEGAL, w);
	const struct vela_opinfo *oi = vela_opinfo(in.op);
	uint64_t *r = m->r;
	uint64_t a = r[in.rs1], b = r[in.rs2];
	int64_t sa = (int64_t)a, sb = (int64_t)b;
	uint64_t res = 0;
	bool wr = true; /* writes rd */
	uint32_t next = pc + 4;

	switch ((enum vela_op)in.op) {
	case VELA_OP_INVALID:
		TRAP(VELA_TRAP_ILLEGAL, w);
	case VELA_OP_ADD:
		res = a + b;
		break;
	case VELA_OP_SUB:
		res = a - b;
		break;
	case VELA_OP_AND:
		res = a & b;
		break;
	case VELA_OP_OR:
		res = a | b;
		break;
	case VELA_OP_XOR:
		res = a ^ b;
		break;
	case VELA_OP_SLL:
		res = a << (b & 63);
		break;
	case VELA_OP_SRL:
		res = a >> (b & 63);
		break;
	case VELA_OP_SRA:
		res = (uint64_t)(sa >> (b & 63));
		break;
	case VELA_OP_ROL:
		res = rol64(a, (unsigned)(b & 63));
		break;
	case VELA_OP_ROR:
		res = rol64(a, (unsigned)((64 - (b & 63)) & 63));
		break;
	case VELA_OP_SLT:
		res = sa < sb;
		break;
	case VELA_OP_SLTU:
		res = a < b;
		break;
	case VELA_OP_MUL:
		res = a * b;
		break;
	case VELA_OP_MULH:
		res = (uint64_t)(((__int128)sa * (__int128)sb) >> 64);
		break;
	case VELA_OP_MULHU:
		res = (uint64_t)(((unsigned __int128)a * (unsigned __int128)b) >> 64);
		break;
	case VELA_OP_DIV:
		if (b == 0)
			TRAP(VELA_TRAP_DIV_ZERO, 0);
		if (sa == INT64_MIN && sb == -1)
			TRAP(VELA_TRAP_DIV_OVERFLOW, 0);
		res = (uint64_t)(sa / sb);
		break;
	case VELA_OP_DIVU:
		if (b == 0)
			TRAP(VELA_TRAP_DIV_ZERO, 0);
		res = a / b;
		break;
	case VELA_OP_REM:
		if (b == 0)
			TRAP(VELA_TRAP_DIV_ZERO, 0);
		res = (sa == INT64_MIN && sb == -1) ? 0 : (uint64_t)(sa % sb);
		break;
	case VELA_OP_REMU:
		if (b == 0)
			TRAP(VELA_TRAP_DIV_ZERO, 0);
		res = a % b;
		break;
	case VELA_OP_ADDW:
		res = sext32(a + b);
		break;
	case VELA_OP_SUBW:
		res = sext32(a - b);
		break;
	case VELA_OP_SLLW:
		res = sext32((uint32_t)a << (b & 31));
		break;
	case VELA_OP_SRLW:
		res = sext32((uint32_t)a >> (b & 31));
		break;
	case VELA_OP_SRAW:
		res = sext32((uint32_t)((int32_t)(uint32_t)a >> (b & 31)));
		break;
	case VELA_OP_MULW:
		res = sext32((uint32_t)a * (uint32_t)b);
		break;
	case VELA_OP_DIVW:
	case VELA_OP_REMW: {
		int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;
		if (y == 0)
			TRAP(VELA_TRAP_DIV_ZERO, 0);
		if (x == INT32_MIN && y == -1) {
			if (in.op == VELA_OP_DIVW)
				TRAP(VELA_TRAP_DIV_OVERFLOW, 0);
			res = 0;
		} else {
			res = (uint64_t)(int64_t)(in.op == VELA_OP_DIVW ? x / y : x % y);
		}
		break;
	}
	case VELA_OP_DIVUW:
	case VELA_OP_REMUW: {
		uint32_t x = (uint32_t)a, y = (uint32_t)b;
		if (y == 0)
			TRAP(VELA_TRAP_DIV_ZERO, 0);
		res = sext32(in.op == VELA_OP_DIVUW ? x / y : x % y);
		break;
	}
	case VELA_OP_ADDI:
		res = a + (uint64_t)in.imm;
		break;
	case VELA_OP_ANDI:
		res = a & (uint64_t)in.imm;
		break;
	case VELA_OP_ORI:
		res = a | (uint64_t)in.imm;
		break;
	case VELA_OP_XORI:
		res = a ^ (uint64_t)in.imm;
		break;
	case VELA_OP_SLTI:
		res = sa < in.imm;
		break;
	case VELA_OP_SLTIU:
		res = a < (uint64_t)in.imm;
		break;
	case VELA_OP_ADDIW:
		res = sext32(a + (uint64_t)in.imm);
		break;
	case VELA_OP_SLLI:
		res = a << in.imm;
		break;
	case VELA_OP_SRLI:
		res = a >> in.imm;
		break;
	case VELA_OP_SRAI:
		res = (uint64_t)(sa >> in.imm);
		break;
	case VELA_OP_SLLIW:
		res = sext32((uint32_t)a << in.imm);
		break;
	case VELA_OP_SRLIW:
		res = sext32((uint32_t)a >> in.imm);
		break;
	case VELA_OP_SRAIW:
		res = sext32((uint32_t)((int32_t)(uint32_t)a >> in.imm));
		break;
	case VELA_OP_CLZ:
		res = clz64(a);
		break;
	case VELA_OP_CTZ:
		res = ctz64(a);
		break;
	case VELA_OP_POPCNT:
		res = popcnt64(a);
		break;
	case VELA_OP_LI:
		res = (uint64_t)in.imm;
		break;
	case VELA_OP_SHORI:
		res = (r[in.rd] << 18) | (uint64_t)in.imm;
		break;
	case VELA_OP_LB:
	case VELA_OP_LBU:
	case VELA_OP_LH:
	case VELA_OP_LHU:
	case VELA_OP_LW:
	case VELA_OP_LWU:
	case VELA_OP_LD: {
		uint64_t addr = a + (uint64_t)in.imm;
		if (!vela_mem_ok(m, addr, oi->msize))
			TRAP(VELA_TRAP_OOB_LOAD, addr);
		res = load_le(m->mem + addr, oi->msize);
		if (in.op == VELA_OP_LB || in.op == VELA_OP_LH || in.op == VELA_OP_LW)
			res = sextn(res, oi->msize);
		break;
	}
	case VELA_OP_SB:
	case VELA_OP_SH:
	case VELA_OP_SW:
	case VELA_OP_SD: {
		uint64_t addr = a + (uint64_t)in.imm;
		if (!vela_mem_ok(m, addr, oi->msize))
			TRAP(VELA_TRAP_OOB_STORE, addr);
		store_le(m->mem + addr, b, oi->msize);
		wr = false;
		break;
	}
	case VELA_OP_BEQ:
	case VELA_OP_BNE:
	case VELA_OP_BLT:
	case VELA_OP_BGE:
	case VELA_OP_BLTU:
	case VELA_OP_BGEU: {
		bool taken;
		switch (in.op) {
		case VELA_OP_BEQ:
			taken = a == b;
			break;
		case VELA_OP_BNE:
			taken = a != b;
			break;
		case VELA_OP_BLT:
			taken = sa < sb;
			break;
		case VELA_OP_BGE:
			taken = sa >= sb;
			break;
		case VELA_OP_BLTU:
			taken = a < b;
			break;
		default:
			taken = a >= b;
			break;
		}
		wr = false;
		if (taken) {
			uint32_t t = vela_direct_target(&in, pc);
			if (t <= pc && !budget_ok(m))
				TRAP(VELA_TRAP_TIME, t);
			next = t;
		}
		break;
	}
	case VELA_OP_J: {
		uint32_t t = vela_direct_target(&in, pc);
		if (t <= pc && !budget_ok(m))
			TRAP(VELA_TRAP_TIME, t);
		next = t;
		wr = false;
		break;
	}
	case VELA_OP_CALL:
	case VELA_OP_CALLR:
	case VELA_OP_JR: {
		uint64_t t = in.op == VELA_OP_CALL ? vela_direct_target(&in, pc) : a;
		if (in.op != VELA_OP_CALL && !vela_is_target(m, t))
			TRAP(VELA_TRAP_CFI, t);
		if (!budget_ok(m))
			TRAP(VELA_TRAP_TIME, t);
		if (in.op != VELA_OP_JR) {
			if (m->shadow_top >= m->shadow_cap)
				TRAP(VELA_TRAP_CALL_DEPTH, t);
			m->shadow[m->shadow_top++] = pc + 4;
			r[VELA_REG_LR] = pc + 4;
		}
		next = (uint32_t)t;
		wr = false;
		break;
	}
	case VELA_OP_RET:
		if (m->shadow_top == 0 || m->shadow[m->shadow_top - 1] != r[VELA_REG_LR])
			TRAP(VELA_TRAP_SHADOW, r[VELA_REG_LR]);
		m->shadow_top--;
		next = (uint32_t)r[VELA_REG_LR];
		wr = false;
		break;
	case VELA_OP_NOP:
		wr = false;
		break;
	case VELA_OP_SYSCALL:
	case VELA_OP_FSOPEN:
	case VELA_OP_FSREAD:
	case VELA_OP_FSCREATE:
	case VELA_OP_FSWRITE:
	case VELA_OP_FSUNLINK:
	case VELA_OP_NETCONNECT:
	case VELA_OP_NETSEND:
	case VELA_OP_NETRECV:
	case VELA_OP_CRYPTOHASH:
	case VELA_OP_CRYPTORAND:
	case VELA_OP_CRYPTOVERIFY: {
		uint64_t nr = in.op == VELA_OP_SYSCALL ? r[VELA_REG_SYSNR] : VELA_SVC_NR(in.op);
		if (oi->cap != VELA_CAP_NONE && !(m->caps & (1u << oi->cap)))
			TRAP(VELA_TRAP_CAPABILITY, in.op);
		if (!m->syscall)
			TRAP(VELA_TRAP_SYSCALL, nr);
		int rc = m->syscall(m->syscall_ctx, m, nr);
		r[0] = 0;
		if (rc == VELA_SYS_EXIT) {
			m->pc = next;
			struct vela_result res = {.stop = VELA_STOP_EXIT, .status = m->exit_status};
			return res;
		}
		if (rc > 0)
			TRAP((enum vela_trap_kind)(rc < VELA_TRAP_COUNT ? rc : VELA_TRAP_SYSCALL),
			     nr);
		wr = false;
		break;
	}
	case VELA_OP_HALT: {
		m->exit_status = (int64_t)r[VELA_REG_A0];
		struct vela_result res = {.stop = VELA_STOP_EXIT, .status = m->exit_status};
		return res;
	}
	case VELA_OP_BREAK:
		TRAP(VELA_TRAP_BREAK, (uint64_t)in.imm);
	case VELA_OP_VZERO:
		m->v[in.rd][0] = m->v[in.rd][1] = 0;
		wr = false;
		break;
	case VELA_OP_VADDD:
	case VELA_OP_VADDQ:
	case VELA_OP_VAND:
	case VELA_OP_VOR:
	case VELA_OP_VXOR: {
		uint64_t x[2] = {m->v[in.rs1][0], m->v[in.rs1][1]};
		uint64_t y[2] = {m->v[in.rs2][0], m->v[in.rs2][1]};
		uint64_t z[2] = {0, 0};
		for (unsigned i = 0; i < 2; i++) {
			if (in.op == VELA_OP_VADDQ)
				z[i] = x[i] + y[i];
			else if (in.op == VELA_OP_VAND)
				z[i] = x[i] & y[i];
			else if (in.op == VELA_OP_VOR)
				z[i] = x[i] | y[i];
			else if (in.op == VELA_OP_VXOR)
				z[i] = x[i] ^ y[i];
		}
		if (in.op == VELA_OP_VADDD)
			for (unsigned i = 0; i < 4; i++)
				lane_set(z, i, lane_get(x, i) + lane_get(y, i));
		m->v[in.rd][0] = z[0];
		m->v[in.rd][1] = z[1];
		wr = false;
		break;
	}
	case VELA_OP_VLOAD: {
		uint64_t addr = a + (uint64_t)in.imm;
		if (!vela_mem_ok(m, addr, 16))
			TRAP(VELA_TRAP_OOB_LOAD, addr);
		m->v[in.rd][0] = load_le(m->mem + addr, 8);
		m->v[in.rd][1] = load_le(m->mem + addr + 8, 8);
		wr = false;
		break;
	}
	case VELA_OP_VSTORE: {
		uint64_t addr = a + (uint64_t)in.imm;
		if (!vela_mem_ok(m, addr, 16))
			TRAP(VELA_TRAP_OOB_STORE, addr);
		store_le(m->mem + addr, m->v[in.rs2][0], 8);
		store_le(m->mem + addr + 8, m->v[in.rs2][1], 8);
		wr = false;
		break;
	}
	case VELA_OP_VSCALARW:
		m->v[in.rd][0] = (uint32_t)a;
		m->v[in.rd][1] = 0;
		wr = false;
		break;
	case VELA_OP_VSPLATW:
		m->v[in.rd][0] = m->v[in.rd][1] = (uint64_t)(uint32_t)a << 32 | (uint32_t)a;
		wr = false;
		break;
	case VELA_OP_VGETW:
		res = sext32(lane_get(m->v[in.rs1], (unsigned)in.imm));
		break;
	case VELA_OP_CHAOS:
		m->chaos_requests++;
		wr = false;
		break;
	case VELA_OP_TIMEBIND:
		if (a < m->time_budget)
			m->time_budget = a;
		wr = false;
		break;
	case VELA_FPU_OP_FIRST ... VELA_FPU_OP_LAST: {
		/* VELA-F (section 10): only the fcvt float -> integer forms trap,
		 * and then res is the operand bits the trap reports */
		enum vela_trap_kind k = vela_fpu_exec(in.op, a, b, &res);
		if (k != VELA_TRAP_NONE)
			TRAP(k, res);
		break;
	}
	case VELA_OP_PROOFPATH: {
		int64_t v = (int64_t)r[in.rs1];
		if (v < (int64_t)r[in.rs2] || v > (int64_t)r[in.rs3])
			TRAP(VELA_TRAP_PROOF, (uint64_t)v);
		wr = false;
		break;
	}
	}
	if (wr)
		r[in.rd] = res;
	r[0] = 0;
	m->pc = next;
	return cont;
}

struct vela_result vela_interp_run(struct vela_machine *m, uint64_t max_steps)
{
	for (uint64_t n = 0; max_steps == 0 || n < max_steps; n++) {
		struct vela_result res = exec_one(m);
		if (res.stop == VELA_STOP_EXIT)
			m->steps++; /* HALT and exit retire; trapping instructions do not */
		if (res.stop != VELA_STOP_BUDGET)
			return res;
		m->steps++;
	}
	struct vela_result res = {.stop = VELA_STOP_BUDGET};
	return res;
}

struct vela_result vela_interp_step(struct vela_machine *m)
{
	return vela_interp_run(m, 1);
}
