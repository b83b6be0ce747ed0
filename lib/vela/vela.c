/*
 * VELA opcode table, decoder, encoder and validator, all derived from
 * vela.def. See docs/vela-isa.md for the encoding rules enforced here.
 */
#include "vela/vela.h"

#include <string.h>

const struct vela_opinfo vela_ops[256] = {
#define VELA_OP(name, mn, code, f, c, msize, cp)                                                   \
	[code] = {mn, code, VELA_FMT_##f, VELA_CLS_##c, msize, VELA_CAP_##cp},
#include "vela/vela.def"
#undef VELA_OP
};

#define FIELD_A(w)  (((w) >> 18) & 63u)
#define FIELD_B(w)  (((w) >> 12) & 63u)
#define FIELD_C(w)  (((w) >> 6) & 63u)
#define FIELD_I6(w) ((w)&63u)

static int64_t sext(uint64_t v, unsigned bits)
{
	uint64_t m = 1ull << (bits - 1);
	v &= (m << 1) - 1;
	return (int64_t)((v ^ m) - m);
}

void vela_decode_raw(uint32_t w, struct vela_insn *in)
{
	const struct vela_opinfo *oi = vela_opinfo(w >> 24);
	memset(in, 0, sizeof(*in));
	in->op = (uint8_t)(w >> 24);
	in->fmt = oi ? oi->fmt : VELA_FMT_N;
	uint8_t a = (uint8_t)FIELD_A(w), b = (uint8_t)FIELD_B(w), c = (uint8_t)FIELD_C(w);
	switch (in->fmt) {
	case VELA_FMT_N:
		break;
	case VELA_FMT_R:
	case VELA_FMT_VR:
		in->rd = a, in->rs1 = b, in->rs2 = c;
		break;
	case VELA_FMT_R2:
	case VELA_FMT_VX:
	case VELA_FMT_VZ:
		in->rd = a, in->rs1 = b;
		break;
	case VELA_FMT_RS:
		in->rs1 = b;
		break;
	case VELA_FMT_SH:
	case VELA_FMT_SHW:
	case VELA_FMT_VG:
		in->rd = a, in->rs1 = b, in->imm = FIELD_I6(w);
		break;
	case VELA_FMT_I:
	case VELA_FMT_L:
	case VELA_FMT_VL:
		in->rd = a, in->rs1 = b, in->imm = sext(w, 12);
		break;
	case VELA_FMT_S:
	case VELA_FMT_VS:
		in->rs2 = a, in->rs1 = b, in->imm = sext(w, 12);
		break;
	case VELA_FMT_B:
		in->rs1 = a, in->rs2 = b, in->imm = sext(w, 12) * 4;
		break;
	case VELA_FMT_U:
		in->rd = a;
		in->imm = in->op == VELA_OP_LI ? sext(w, 18) : (int64_t)(w & 0x3ffff);
		break;
	case VELA_FMT_J:
		in->imm = sext(w, 24) * 4;
		break;
	case VELA_FMT_K:
		in->imm = w & 0xffffff;
		break;
	case VELA_FMT_P:
		in->rs1 = a, in->rs2 = b, in->rs3 = c;
		break;
	case VELA_FMT_R4:
		in->rd = a, in->rs1 = b, in->rs2 = c, in->rs3 = (uint8_t)FIELD_I6(w);
		break;
	}
}

/* Which fields a format uses, and their limits. 0 = must be zero. */
struct fmt_rule {
	uint8_t a, b, c; /* exclusive upper bound of the field value, 0 = must be 0 */
	uint8_t i6;	 /* same for imm6; 64 = any */
	bool low_imm;	 /* the low 12/18/24 bits are one immediate (no A/B/C/imm6 rule below it) */
	uint8_t imm_bits;
};

static const struct fmt_rule fmt_rules[VELA_FMT_COUNT] = {
    [VELA_FMT_N] = {0, 0, 0, 0, false, 0},	[VELA_FMT_R] = {16, 16, 16, 0, false, 0},
    [VELA_FMT_R2] = {16, 16, 0, 0, false, 0},	[VELA_FMT_RS] = {0, 16, 0, 0, false, 0},
    [VELA_FMT_SH] = {16, 16, 0, 64, false, 0},	[VELA_FMT_SHW] = {16, 16, 0, 32, false, 0},
    [VELA_FMT_I] = {16, 16, 0, 0, true, 12},	[VELA_FMT_L] = {16, 16, 0, 0, true, 12},
    [VELA_FMT_S] = {16, 16, 0, 0, true, 12},	[VELA_FMT_B] = {16, 16, 0, 0, true, 12},
    [VELA_FMT_U] = {16, 0, 0, 0, true, 18},	[VELA_FMT_J] = {0, 0, 0, 0, true, 24},
    [VELA_FMT_K] = {0, 0, 0, 0, true, 24},	[VELA_FMT_P] = {16, 16, 16, 0, false, 0},
    [VELA_FMT_R4] = {16, 16, 16, 16, false, 0}, [VELA_FMT_VZ] = {8, 0, 0, 0, false, 0},
    [VELA_FMT_VR] = {8, 8, 8, 0, false, 0},	[VELA_FMT_VL] = {8, 16, 0, 0, true, 12},
    [VELA_FMT_VS] = {8, 16, 0, 0, true, 12},	[VELA_FMT_VX] = {8, 16, 0, 0, false, 0},
    [VELA_FMT_VG] = {16, 8, 0, 4, false, 0},
};

/* Check the fields of word w against its format: 0 if fine, else the error. */
enum vela_verr_code vela_check_fields(uint32_t w, const struct vela_opinfo *oi)
{
	const struct fmt_rule *r = &fmt_rules[oi->fmt];
	unsigned v[4] = {FIELD_A(w), FIELD_B(w), FIELD_C(w), FIELD_I6(w)};
	unsigned lim[4] = {r->a, r->b, r->c, r->i6};
	unsigned nfields = 4;
	if (r->low_imm)
		nfields = r->imm_bits == 12 ? 2 : r->imm_bits == 18 ? 1 : 0;
	for (unsigned i = 0; i < nfields; i++) {
		if (lim[i] == 0 && v[i] != 0)
			return VELA_VERR_RESERVED;
		if (v[i] >= lim[i] && lim[i] != 0) {
			/* a register field with bits above its range set */
			if (i == 3 && oi->fmt != VELA_FMT_R4)
				return VELA_VERR_IMMEDIATE;
			return VELA_VERR_REGISTER;
		}
	}
	/* SHORI takes an unsigned 18-bit immediate and LI a signed one: both use
	 * every bit, nothing more to check. */
	return VELA_VERR_NONE;
}

bool vela_decode(uint32_t w, struct vela_insn *in)
{
	const struct vela_opinfo *oi = vela_opinfo(w >> 24);
	if (!oi || vela_check_fields(w, oi) != VELA_VERR_NONE) {
		memset(in, 0, sizeof(*in));
		return false;
	}
	vela_decode_raw(w, in);
	return true;
}

static bool fits_s(int64_t v, unsigned bits)
{
	int64_t lim = (int64_t)1 << (bits - 1);
	return v >= -lim && v < lim;
}

bool vela_encode(const struct vela_insn *in, uint32_t *out)
{
	const struct vela_opinfo *oi = vela_opinfo(in->op);
	if (!oi)
		return false;
	uint32_t w = (uint32_t)in->op << 24;
	uint32_t a = 0, b = 0, c = 0, i6 = 0;
	int64_t imm = in->imm;
	switch (oi->fmt) {
	case VELA_FMT_N:
		break;
	case VELA_FMT_R:
	case VELA_FMT_VR:
		a = in->rd, b = in->rs1, c = in->rs2;
		break;
	case VELA_FMT_R2:
	case VELA_FMT_VX:
	case VELA_FMT_VZ:
		a = in->rd, b = in->rs1;
		break;
	case VELA_FMT_RS:
		b = in->rs1;
		break;
	case VELA_FMT_SH:
	case VELA_FMT_SHW:
	case VELA_FMT_VG:
		if (imm < 0 || imm > 63)
			return false;
		a = in->rd, b = in->rs1, i6 = (uint32_t)imm;
		break;
	case VELA_FMT_I:
	case VELA_FMT_L:
	case VELA_FMT_VL:
	case VELA_FMT_S:
	case VELA_FMT_VS:
	case VELA_FMT_B:
		if (oi->fmt == VELA_FMT_B) {
			if (imm % 4)
				return false;
			imm /= 4;
		}
		if (!fits_s(imm, 12))
			return false;
		if (oi->fmt == VELA_FMT_S || oi->fmt == VELA_FMT_VS)
			a = in->rs2, b = in->rs1;
		else if (oi->fmt == VELA_FMT_B)
			a = in->rs1, b = in->rs2;
		else
			a = in->rd, b = in->rs1;
		w |= (uint32_t)imm & 0xfff;
		break;
	case VELA_FMT_U:
		if (in->op == VELA_OP_LI ? !fits_s(imm, 18) : (imm < 0 || imm > 0x3ffff))
			return false;
		a = in->rd;
		w |= (uint32_t)imm & 0x3ffff;
		break;
	case VELA_FMT_J:
		if (imm % 4 || !fits_s(imm / 4, 24))
			return false;
		w |= (uint32_t)(imm / 4) & 0xffffff;
		break;
	case VELA_FMT_K:
		if (imm < 0 || imm > 0xffffff)
			return false;
		w |= (uint32_t)imm;
		break;
	case VELA_FMT_P:
		a = in->rs1, b = in->rs2, c = in->rs3;
		break;
	case VELA_FMT_R4:
		a = in->rd, b = in->rs1, c = in->rs2, i6 = in->rs3;
		break;
	}
	if (a > 63 || b > 63 || c > 63 || i6 > 63)
		return false;
	w |= a << 18 | b << 12 | c << 6 | i6;
	if (vela_check_fields(w, oi) != VELA_VERR_NONE)
		return false;
	*out = w;
	return true;
}
