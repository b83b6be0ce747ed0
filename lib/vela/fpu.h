/*
 * VELA-F reference semantics: every scalar floating-point opcode (0xa0-0xcf)
 * as a pure function of its operand registers' bit patterns. The
 * specification is docs/vela-isa.md section 10; the interpreter calls this,
 * and the translator's output is checked against it.
 *
 * Portable gnu11 like the rest of lib/vela (unsigned __int128 and
 * __builtin_clzll; no libm, no kernel headers): it builds for every host tool
 * that links lib/vela. Every NaN case is decided explicitly, so results never
 * depend on how the host propagates NaNs.
 */
#ifndef VELA_FPU_H
#define VELA_FPU_H

#include <stdint.h>

#include "vela/trap.h"
#include "vela/vela.h"

/* The VELA-F opcodes occupy exactly this range of the opcode space (fpu.c
 * checks against vela.def at compile time that every opcode in it is of class
 * FLOAT, FCMP or FCVT and that no other opcode is); the undefined bytes in
 * between are rejected by the decoder before any execution. */
#define VELA_FPU_OP_FIRST 0xa0
#define VELA_FPU_OP_LAST  0xcf

/*
 * Execute VELA-F opcode `op` on the register values a = x[rs1] and b = x[rs2]
 * (b is ignored by the one-operand formats). Returns VELA_TRAP_NONE and the
 * value to write to rd in *out, or, for fcvt.{w,wu,l,lu}.{s,d},
 * VELA_TRAP_FLOAT_INVALID / VELA_TRAP_FLOAT_RANGE with the trap's address (the
 * operand's bit pattern; for .s its low 32 bits, zero-extended) in *out.
 * An opcode outside VELA-F returns VELA_TRAP_ILLEGAL.
 */
enum vela_trap_kind vela_fpu_exec(unsigned op, uint64_t a, uint64_t b, uint64_t *out);

#endif
