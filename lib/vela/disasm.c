/*
 * VELA disassembler: one word to assembler syntax (the syntax vela-as reads,
 * so that disassembly reassembles to the same bytes).
 */
#include "vela/vela.h"
#include "vela/strbuf.h"

static const char *const fmt_names[VELA_FMT_COUNT] = {
    [VELA_FMT_N] = "N",	  [VELA_FMT_R] = "R",	  [VELA_FMT_R2] = "R2", [VELA_FMT_RS] = "RS",
    [VELA_FMT_SH] = "SH", [VELA_FMT_SHW] = "SHW", [VELA_FMT_I] = "I",	[VELA_FMT_L] = "L",
    [VELA_FMT_S] = "S",	  [VELA_FMT_B] = "B",	  [VELA_FMT_U] = "U",	[VELA_FMT_J] = "J",
    [VELA_FMT_K] = "K",	  [VELA_FMT_P] = "P",	  [VELA_FMT_R4] = "R4", [VELA_FMT_VZ] = "VZ",
    [VELA_FMT_VR] = "VR", [VELA_FMT_VL] = "VL",	  [VELA_FMT_VS] = "VS", [VELA_FMT_VX] = "VX",
    [VELA_FMT_VG] = "VG",
};

static const char *const cls_names[VELA_CLS_COUNT] = {
    [VELA_CLS_ALU] = "alu",	  [VELA_CLS_SHIFT] = "shift",	  [VELA_CLS_CMP] = "cmp",
    [VELA_CLS_MUL] = "mul",	  [VELA_CLS_DIV] = "div",	  [VELA_CLS_UNARY] = "unary",
    [VELA_CLS_CONST] = "const",	  [VELA_CLS_LOAD] = "load",	  [VELA_CLS_STORE] = "store",
    [VELA_CLS_BRANCH] = "branch", [VELA_CLS_JUMP] = "jump",	  [VELA_CLS_CALL] = "call",
    [VELA_CLS_IJUMP] = "ijump",	  [VELA_CLS_ICALL] = "icall",	  [VELA_CLS_RET] = "ret",
    [VELA_CLS_NOP] = "nop",	  [VELA_CLS_SYSCALL] = "syscall", [VELA_CLS_HALT] = "halt",
    [VELA_CLS_BREAK] = "break",	  [VELA_CLS_VEC] = "vec",	  [VELA_CLS_VLOAD] = "vload",
    [VELA_CLS_VSTORE] = "vstore", [VELA_CLS_CHAOS] = "chaos",	  [VELA_CLS_TIME] = "time",
    [VELA_CLS_PROOF] = "proof",	  [VELA_CLS_SERVICE] = "service",
    [VELA_CLS_FLOAT] = "float",	  [VELA_CLS_FCMP] = "fcmp",	  [VELA_CLS_FCVT] = "fcvt",
};

static const char *const fmt_syntax[VELA_FMT_COUNT] = {
    [VELA_FMT_N] = "",
    [VELA_FMT_R] = "rd, rs1, rs2",
    [VELA_FMT_R2] = "rd, rs1",
    [VELA_FMT_RS] = "rs1",
    [VELA_FMT_SH] = "rd, rs1, shamt6",
    [VELA_FMT_SHW] = "rd, rs1, shamt5",
    [VELA_FMT_I] = "rd, rs1, simm12",
    [VELA_FMT_L] = "rd, simm12(rs1)",
    [VELA_FMT_S] = "rs2, simm12(rs1)",
    [VELA_FMT_B] = "rs1, rs2, target",
    [VELA_FMT_U] = "rd, imm18",
    [VELA_FMT_J] = "target",
    [VELA_FMT_K] = "uimm24",
    [VELA_FMT_P] = "rs1, rs2, rs3",
    [VELA_FMT_R4] = "rd, rs1, rs2, rs3",
    [VELA_FMT_VZ] = "vd",
    [VELA_FMT_VR] = "vd, vs1, vs2",
    [VELA_FMT_VL] = "vd, simm12(rs1)",
    [VELA_FMT_VS] = "vs, simm12(rs1)",
    [VELA_FMT_VX] = "vd, rs1",
    [VELA_FMT_VG] = "rd, vs1, lane",
};

const char *vela_fmt_syntax(enum vela_fmt fmt)
{
	return (unsigned)fmt < VELA_FMT_COUNT ? fmt_syntax[fmt] : "?";
}

const char *vela_fmt_name(enum vela_fmt fmt)
{
	return (unsigned)fmt < VELA_FMT_COUNT ? fmt_names[fmt] : "?";
}

const char *vela_cls_name(enum vela_cls cls)
{
	return (unsigned)cls < VELA_CLS_COUNT ? cls_names[cls] : "?";
}

static void reg(struct strbuf *sb, char kind, unsigned r)
{
	if (kind == 'v')
		strbuf_puts(sb, "vr");
	else
		strbuf_putc(sb, 'r');
	strbuf_udec(sb, r);
}

static void sep(struct strbuf *sb)
{
	strbuf_puts(sb, ", ");
}

static void mem(struct strbuf *sb, int64_t off, unsigned base)
{
	strbuf_dec(sb, off);
	strbuf_putc(sb, '(');
	reg(sb, 'r', base);
	strbuf_putc(sb, ')');
}

static void target(struct strbuf *sb, int64_t t)
{
	if (t < 0) {
		strbuf_putc(sb, '-');
		strbuf_hex(sb, (uint64_t)-t);
	} else {
		strbuf_hex(sb, (uint64_t)t);
	}
}

size_t vela_disasm(uint32_t w, uint32_t pc, char *buf, size_t cap)
{
	struct strbuf sb;
	struct vela_insn in;
	strbuf_init(&sb, buf, cap);
	if (!vela_decode(w, &in)) {
		strbuf_puts(&sb, ".word ");
		strbuf_hex(&sb, w);
		return sb.len;
	}
	const struct vela_opinfo *oi = vela_opinfo(in.op);
	strbuf_puts(&sb, oi->mnemonic);
	if (oi->fmt != VELA_FMT_N)
		strbuf_putc(&sb, ' ');
	switch (oi->fmt) {
	case VELA_FMT_N:
		break;
	case VELA_FMT_R:
	case VELA_FMT_P:
		reg(&sb, 'r', oi->fmt == VELA_FMT_P ? in.rs1 : in.rd);
		sep(&sb);
		reg(&sb, 'r', oi->fmt == VELA_FMT_P ? in.rs2 : in.rs1);
		sep(&sb);
		reg(&sb, 'r', oi->fmt == VELA_FMT_P ? in.rs3 : in.rs2);
		break;
	case VELA_FMT_R4:
		reg(&sb, 'r', in.rd);
		sep(&sb);
		reg(&sb, 'r', in.rs1);
		sep(&sb);
		reg(&sb, 'r', in.rs2);
		sep(&sb);
		reg(&sb, 'r', in.rs3);
		break;
	case VELA_FMT_R2:
		reg(&sb, 'r', in.rd);
		sep(&sb);
		reg(&sb, 'r', in.rs1);
		break;
	case VELA_FMT_RS:
		reg(&sb, 'r', in.rs1);
		break;
	case VELA_FMT_SH:
	case VELA_FMT_SHW:
	case VELA_FMT_I:
		reg(&sb, 'r', in.rd);
		sep(&sb);
		reg(&sb, 'r', in.rs1);
		sep(&sb);
		strbuf_dec(&sb, in.imm);
		break;
	case VELA_FMT_L:
		reg(&sb, 'r', in.rd);
		sep(&sb);
		mem(&sb, in.imm, in.rs1);
		break;
	case VELA_FMT_S:
		reg(&sb, 'r', in.rs2);
		sep(&sb);
		mem(&sb, in.imm, in.rs1);
		break;
	case VELA_FMT_B:
		reg(&sb, 'r', in.rs1);
		sep(&sb);
		reg(&sb, 'r', in.rs2);
		sep(&sb);
		target(&sb, (int64_t)pc + in.imm);
		break;
	case VELA_FMT_U:
		reg(&sb, 'r', in.rd);
		sep(&sb);
		if (in.op == VELA_OP_LI)
			strbuf_dec(&sb, in.imm);
		else
			strbuf_hex(&sb, (uint64_t)in.imm);
		break;
	case VELA_FMT_J:
		target(&sb, (int64_t)pc + in.imm);
		break;
	case VELA_FMT_K:
		strbuf_udec(&sb, (uint64_t)in.imm);
		break;
	case VELA_FMT_VZ:
		reg(&sb, 'v', in.rd);
		break;
	case VELA_FMT_VR:
		reg(&sb, 'v', in.rd);
		sep(&sb);
		reg(&sb, 'v', in.rs1);
		sep(&sb);
		reg(&sb, 'v', in.rs2);
		break;
	case VELA_FMT_VL:
		reg(&sb, 'v', in.rd);
		sep(&sb);
		mem(&sb, in.imm, in.rs1);
		break;
	case VELA_FMT_VS:
		reg(&sb, 'v', in.rs2);
		sep(&sb);
		mem(&sb, in.imm, in.rs1);
		break;
	case VELA_FMT_VX:
		reg(&sb, 'v', in.rd);
		sep(&sb);
		reg(&sb, 'r', in.rs1);
		break;
	case VELA_FMT_VG:
		reg(&sb, 'r', in.rd);
		sep(&sb);
		reg(&sb, 'v', in.rs1);
		sep(&sb);
		strbuf_dec(&sb, in.imm);
		break;
	}
	return sb.len;
}
