/* 8-bit instance of the VRC domain and its concrete model (see dom8.h). */
#include "vrc/dom8.h"

#include <string.h>

#define D_BITS	8
#define D_U	uint8_t
#define D_S	int8_t
#define D_VAL	struct v8
#define D_FN(x) v8_##x
#include "vrc/dom_impl.h"

static uint8_t sx4(uint8_t v) /* sign-extend the low half (4 bits) */
{
	v &= 15;
	return (uint8_t)(v & 8 ? v | 0xf0 : v);
}

static unsigned clz8(uint8_t x)
{
	unsigned n = 0;
	for (int b = 7; b >= 0 && !(x >> b & 1); b--)
		n++;
	return n;
}

static unsigned ctz8(uint8_t x)
{
	unsigned n = 0;
	for (int b = 0; b < 8 && !(x >> b & 1); b++)
		n++;
	return n;
}

bool c8_op(enum vrc_aop op, uint8_t a, uint8_t b, uint8_t *r)
{
	int8_t sa = (int8_t)a, sb = (int8_t)b;
	unsigned k = b & 7, kw = b & 3;
	switch (op) {
	case VRC_ADD:
		*r = (uint8_t)(a + b);
		return true;
	case VRC_SUB:
		*r = (uint8_t)(a - b);
		return true;
	case VRC_AND:
		*r = a & b;
		return true;
	case VRC_OR:
		*r = a | b;
		return true;
	case VRC_XOR:
		*r = a ^ b;
		return true;
	case VRC_SLL:
		*r = (uint8_t)(a << k);
		return true;
	case VRC_SRL:
		*r = (uint8_t)(a >> k);
		return true;
	case VRC_SRA:
		*r = (uint8_t)(sa >> k);
		return true;
	case VRC_ROL:
		*r = (uint8_t)(k ? (a << k | a >> (8 - k)) : a);
		return true;
	case VRC_ROR:
		*r = (uint8_t)(k ? (a >> k | a << (8 - k)) : a);
		return true;
	case VRC_SLT:
		*r = sa < sb;
		return true;
	case VRC_SLTU:
		*r = a < b;
		return true;
	case VRC_MUL:
		*r = (uint8_t)(a * b);
		return true;
	case VRC_MULH:
		*r = (uint8_t)((sa * sb) >> 8);
		return true;
	case VRC_MULHU:
		*r = (uint8_t)((a * b) >> 8);
		return true;
	case VRC_DIV:
		if (!b || (sa == -128 && sb == -1))
			return false;
		*r = (uint8_t)(sa / sb);
		return true;
	case VRC_DIVU:
		if (!b)
			return false;
		*r = a / b;
		return true;
	case VRC_REM:
		if (!b)
			return false;
		*r = (uint8_t)(sa == -128 && sb == -1 ? 0 : sa % sb);
		return true;
	case VRC_REMU:
		if (!b)
			return false;
		*r = a % b;
		return true;
	case VRC_ADDW:
		*r = sx4((uint8_t)(a + b));
		return true;
	case VRC_SUBW:
		*r = sx4((uint8_t)(a - b));
		return true;
	case VRC_SLLW:
		*r = sx4((uint8_t)((a & 15) << kw));
		return true;
	case VRC_SRLW:
		*r = sx4((uint8_t)((a & 15) >> kw));
		return true;
	case VRC_SRAW:
		*r = sx4((uint8_t)((int8_t)sx4(a) >> kw));
		return true;
	case VRC_MULW:
		*r = sx4((uint8_t)(a * b));
		return true;
	case VRC_DIVW:
	case VRC_REMW: {
		int x = (int8_t)sx4(a), y = (int8_t)sx4(b);
		if (!y)
			return false;
		if (x == -8 && y == -1) {
			if (op == VRC_DIVW)
				return false;
			*r = 0;
			return true;
		}
		*r = sx4((uint8_t)(op == VRC_DIVW ? x / y : x % y));
		return true;
	}
	case VRC_DIVUW:
	case VRC_REMUW: {
		unsigned x = a & 15, y = b & 15;
		if (!y)
			return false;
		*r = sx4((uint8_t)(op == VRC_DIVUW ? x / y : x % y));
		return true;
	}
	case VRC_CLZ:
		*r = (uint8_t)clz8(a);
		return true;
	case VRC_CTZ:
		*r = (uint8_t)ctz8(a);
		return true;
	case VRC_POPCNT:
		*r = (uint8_t)__builtin_popcount(a);
		return true;
	case VRC_SEXTW:
		*r = sx4(a);
		return true;
	case VRC_ZEXTW:
		*r = a & 15;
		return true;
	default:
		return false;
	}
}

bool c8_cmp(enum vrc_cmp c, uint8_t a, uint8_t b)
{
	switch (c) {
	case VRC_EQ:
		return a == b;
	case VRC_NE:
		return a != b;
	case VRC_LT:
		return (int8_t)a < (int8_t)b;
	case VRC_GE:
		return (int8_t)a >= (int8_t)b;
	case VRC_LTU:
		return a < b;
	default:
		return a >= b;
	}
}
