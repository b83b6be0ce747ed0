/*
 * VELA trap kinds. The numeric codes are part of the ABI: the interpreter,
 * the translator's trap stubs and vela-run all report them
 * (docs/vela-isa.md, "Traps").
 */
#ifndef VELA_TRAP_H
#define VELA_TRAP_H

#include <stdint.h>

enum vela_trap_kind {
	VELA_TRAP_NONE = 0,
	VELA_TRAP_OOB_LOAD = 1,	    /* load outside the sandbox; addr = effective address */
	VELA_TRAP_OOB_STORE = 2,    /* store outside the sandbox; addr = effective address */
	VELA_TRAP_DIV_ZERO = 3,	    /* DIV/DIVU/REM/REMU (and W forms) by zero */
	VELA_TRAP_DIV_OVERFLOW = 4, /* DIV INT64_MIN/-1, DIVW INT32_MIN/-1 */
	VELA_TRAP_CFI = 5,	    /* JR/CALLR to a non-target; addr = target */
	VELA_TRAP_SHADOW = 6,	    /* RET with LR != shadow top, or empty shadow; addr = LR */
	VELA_TRAP_ILLEGAL = 7,	    /* invalid word executed (only without prior validation) */
	VELA_TRAP_CAPABILITY = 8,   /* service opcode without its capability; addr = opcode */
	VELA_TRAP_TIME = 9,	    /* TIME.BIND budget exhausted; addr = transfer target */
	VELA_TRAP_PROOF = 10,	    /* PROOF.PATH assertion false; addr = the value */
	VELA_TRAP_BREAK = 11,	    /* BREAK instruction; addr = its code */
	VELA_TRAP_PC = 12,	    /* execution left the code (ran past its end); addr = pc */
	VELA_TRAP_CALL_DEPTH = 13,  /* shadow stack full at CALL/CALLR */
	VELA_TRAP_SYSCALL = 14,	    /* syscall number unknown or refused; addr = number */
	VELA_TRAP_FLOAT_INVALID = 15, /* fcvt of a NaN to an integer; addr = operand bits */
	VELA_TRAP_FLOAT_RANGE = 16,   /* fcvt result outside the integer type; addr = operand bits */
	VELA_TRAP_COUNT
};

struct vela_trap {
	enum vela_trap_kind kind;
	uint32_t pc;   /* byte offset of the trapping instruction in the code */
	uint64_t addr; /* kind-specific, see above */
};

/* Short upper-case name: "OOB_LOAD", ... */
const char *vela_trap_name(enum vela_trap_kind kind);

#endif
