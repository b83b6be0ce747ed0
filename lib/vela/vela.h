/*
 * VELA instruction set: opcodes, formats, decoded instructions, encoder,
 * decoder, validator and disassembler. Portable (kernel and host); the opcode
 * list itself lives only in vela.def. The specification is docs/vela-isa.md.
 */
#ifndef VELA_VELA_H
#define VELA_VELA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VELA_NREGS     16 /* R0-R15 */
#define VELA_NVREGS    8  /* VR0-VR7, 128 bits each */
#define VELA_INSN_SIZE 4

/* Register roles (calling convention, docs/vela-isa.md "Calling convention") */
#define VELA_REG_ZERO  0 /* reads as zero, writes ignored */
#define VELA_REG_LR    1 /* link register: CALL writes the return address */
#define VELA_REG_SP    2 /* stack pointer, 16-byte aligned at calls */
#define VELA_REG_A0    3 /* first argument and first return value; A0-A5 = R3-R8 */
#define VELA_REG_A5    8
#define VELA_REG_S0    9 /* callee-saved S0-S4 = R9-R13 */
#define VELA_REG_S4    13
#define VELA_REG_T0    14 /* caller-saved temporaries T0, T1 = R14, R15 */
#define VELA_REG_SYSNR 15 /* SYSCALL reads the call number from R15 */

/* Instruction formats. Fields of the word: opcode[31:24] A[23:18] B[17:12]
 * C[11:6] imm6[5:0]; wider immediates take the low bits (see the spec). */
enum vela_fmt {
	VELA_FMT_N,   /* no operands; bits [23:0] zero */
	VELA_FMT_R,   /* rd=A rs1=B rs2=C, imm6 zero */
	VELA_FMT_R2,  /* rd=A rs1=B; C, imm6 zero */
	VELA_FMT_RS,  /* rs1=B; A, C, imm6 zero */
	VELA_FMT_SH,  /* rd=A rs1=B shamt=imm6 (0-63); C zero */
	VELA_FMT_SHW, /* rd=A rs1=B shamt=imm6 (0-31); C zero */
	VELA_FMT_I,   /* rd=A rs1=B imm=simm12 [11:0] */
	VELA_FMT_L,   /* load: rd=A base rs1=B offset=simm12 */
	VELA_FMT_S,   /* store: source rs2=A base rs1=B offset=simm12 */
	VELA_FMT_B,   /* branch: rs1=A rs2=B, target = pc + 4*simm12 */
	VELA_FMT_U,   /* rd=A imm18 [17:0] (LI: signed, SHORI: unsigned) */
	VELA_FMT_J,   /* target = pc + 4*simm24 [23:0] */
	VELA_FMT_K,   /* code = uimm24 [23:0] */
	VELA_FMT_P,   /* rs1=A rs2=B rs3=C (three sources), imm6 zero */
	VELA_FMT_R4,  /* rd=A rs1=B rs2=C rs3=imm6[3:0] (reserved for VELA-F FMA) */
	VELA_FMT_VZ,  /* vd=A; B, C, imm6 zero */
	VELA_FMT_VR,  /* vd=A vs1=B vs2=C, imm6 zero */
	VELA_FMT_VL,  /* vd=A base rs1=B offset=simm12 */
	VELA_FMT_VS,  /* vs=A (as rs2) base rs1=B offset=simm12 */
	VELA_FMT_VX,  /* vd=A rs1=B; C, imm6 zero */
	VELA_FMT_VG,  /* rd=A vs1=B lane=imm6 (0-3); C zero */
	VELA_FMT_COUNT
};

enum vela_cls {
	VELA_CLS_ALU,
	VELA_CLS_SHIFT,
	VELA_CLS_CMP,
	VELA_CLS_MUL,
	VELA_CLS_DIV,
	VELA_CLS_UNARY,
	VELA_CLS_CONST,
	VELA_CLS_LOAD,
	VELA_CLS_STORE,
	VELA_CLS_BRANCH,
	VELA_CLS_JUMP,
	VELA_CLS_CALL,
	VELA_CLS_IJUMP,
	VELA_CLS_ICALL,
	VELA_CLS_RET,
	VELA_CLS_NOP,
	VELA_CLS_SYSCALL,
	VELA_CLS_HALT,
	VELA_CLS_BREAK,
	VELA_CLS_VEC,
	VELA_CLS_VLOAD,
	VELA_CLS_VSTORE,
	VELA_CLS_CHAOS,
	VELA_CLS_TIME,
	VELA_CLS_PROOF,
	VELA_CLS_SERVICE,
	VELA_CLS_FLOAT, /* VELA-F: rd gets a float or integer result, never traps */
	VELA_CLS_FCMP,	/* VELA-F compare: rd = 0 or 1 */
	VELA_CLS_FCVT,	/* VELA-F float -> integer that traps on NaN or out of range */
	VELA_CLS_COUNT
};

/* Capabilities (bit numbers; a capability set is a uint32_t mask of 1 << cap).
 * The AELF capability set uses the same bits. */
enum vela_cap {
	VELA_CAP_NONE = -1,
	VELA_CAP_FS_READ = 0,
	VELA_CAP_FS_WRITE = 1,
	VELA_CAP_NET = 2,
	VELA_CAP_CRYPTO = 3,
	VELA_CAP_PROC = 4,
	VELA_CAP_COUNT
};
#define VELA_CAPS_ALL ((1u << VELA_CAP_COUNT) - 1)

/* Opcode enum: the value is the opcode byte. */
enum vela_op {
	VELA_OP_INVALID = 0,
#define VELA_OP(name, mn, code, fmt, cls, msize, cap) VELA_OP_##name = code,
#include "vela/vela.def"
#undef VELA_OP
};

/* Number of defined opcodes. */
enum {
	VELA_NUM_OPS = 0
#define VELA_OP(name, mn, code, fmt, cls, msize, cap) +1
#include "vela/vela.def"
#undef VELA_OP
};

struct vela_opinfo {
	const char *mnemonic; /* NULL: opcode byte undefined */
	uint8_t opcode;
	uint8_t fmt;   /* enum vela_fmt */
	uint8_t cls;   /* enum vela_cls */
	uint8_t msize; /* bytes accessed in the sandbox, 0 if none */
	int8_t cap;    /* enum vela_cap */
};

/* Indexed by opcode byte (256 entries); undefined ones have mnemonic NULL. */
extern const struct vela_opinfo vela_ops[256];

static inline const struct vela_opinfo *vela_opinfo(unsigned opcode)
{
	return vela_ops[opcode & 0xff].mnemonic ? &vela_ops[opcode & 0xff] : NULL;
}

/* A decoded instruction. Unused register fields are 0. For FMT_S/VS the
 * stored value's register is rs2 and the base is rs1; for FMT_B the compared
 * registers are rs1 and rs2; vector register numbers use the same fields. */
struct vela_insn {
	uint8_t op; /* enum vela_op */
	uint8_t fmt;
	uint8_t rd, rs1, rs2, rs3;
	int64_t imm; /* immediate, shift amount, lane, or branch offset in BYTES */
};

/* Decode one little-endian word. Returns false (insn->op = 0) for an
 * undefined opcode or a word with reserved bits set or registers out of range. */
bool vela_decode(uint32_t word, struct vela_insn *insn);
/* Decode without validity checks: fields as found (for diagnostics). */
void vela_decode_raw(uint32_t word, struct vela_insn *insn);
/* Encode; returns false if an operand does not fit its field. */
bool vela_encode(const struct vela_insn *insn, uint32_t *word);

static inline uint32_t vela_load_word(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void vela_store_word(uint8_t *p, uint32_t w)
{
	p[0] = (uint8_t)w;
	p[1] = (uint8_t)(w >> 8);
	p[2] = (uint8_t)(w >> 16);
	p[3] = (uint8_t)(w >> 24);
}

/* Why a word or a program is rejected before it runs. */
enum vela_verr_code {
	VELA_VERR_NONE,
	VELA_VERR_CODE_SIZE,  /* code length not a multiple of 4, or too large */
	VELA_VERR_UNDEFINED,  /* undefined opcode */
	VELA_VERR_RESERVED,   /* reserved bits set */
	VELA_VERR_REGISTER,   /* register number out of range */
	VELA_VERR_IMMEDIATE,  /* immediate out of range (shift amount, lane) */
	VELA_VERR_TARGET,     /* branch/jump target outside the code */
	VELA_VERR_ENTRY,      /* entry point outside the code or misaligned */
	VELA_VERR_CAPABILITY, /* opcode needs a capability the process lacks */
	VELA_VERR_ITARGET,    /* indirect target (symbol) outside code or misaligned */
};

struct vela_verr {
	enum vela_verr_code code;
	uint32_t pc; /* byte offset of the offending instruction */
	uint32_t word;
	char msg[96]; /* "pc=0x... : reason" */
};

/* Check every instruction of a code section: defined opcodes, no reserved
 * bits, registers and immediates in range, direct targets inside the code
 * (they are 4-aligned by construction). Returns true if valid. */
bool vela_validate(const uint8_t *code, size_t len, struct vela_verr *err);
/* As vela_validate, and also that every opcode's capability is in `caps`
 * (a mask of 1 << enum vela_cap). */
bool vela_validate_caps(const uint8_t *code, size_t len, uint32_t caps, struct vela_verr *err);
/* Check one word at pc (code_len bounds direct targets). */
bool vela_check_word(uint32_t word, uint32_t pc, size_t code_len, uint32_t caps,
		     struct vela_verr *err);

/* Field rules of one word whose opcode is defined (VELA_VERR_NONE if fine). */
enum vela_verr_code vela_check_fields(uint32_t word, const struct vela_opinfo *oi);

const char *vela_verr_reason(enum vela_verr_code code);
const char *vela_fmt_name(enum vela_fmt fmt);
/* Operand syntax of a format, e.g. "rd, simm12(rs1)". */
const char *vela_fmt_syntax(enum vela_fmt fmt);
const char *vela_cls_name(enum vela_cls cls);
const char *vela_cap_name(int cap);

/* Disassemble one word located at pc into buf (assembler syntax: branch and
 * jump targets are printed as absolute code offsets, e.g. "beq r3, r4, 0x1c").
 * An invalid word prints as ".word 0x...". Returns the length written
 * (truncated to cap-1 like snprintf). */
size_t vela_disasm(uint32_t word, uint32_t pc, char *buf, size_t cap);

/* Target (absolute code offset) of a direct branch/jump/call at pc. */
static inline uint32_t vela_direct_target(const struct vela_insn *in, uint32_t pc)
{
	return (uint32_t)((int64_t)pc + in->imm);
}

#endif
