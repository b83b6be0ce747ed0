/*
 * The VELA validator: what makes a program invalid before it runs
 * (docs/vela-isa.md, "Invalid programs"). Messages read "pc=0x... : reason".
 */
#include "vela/vela.h"
#include "vela/strbuf.h"

#include <string.h>

static const char *const verr_reasons[] = {
    [VELA_VERR_NONE] = "valid",
    [VELA_VERR_CODE_SIZE] = "code size is not a multiple of 4 or exceeds 64 MiB",
    [VELA_VERR_UNDEFINED] = "undefined opcode",
    [VELA_VERR_RESERVED] = "reserved bits set",
    [VELA_VERR_REGISTER] = "register number out of range",
    [VELA_VERR_IMMEDIATE] = "immediate out of range",
    [VELA_VERR_TARGET] = "branch target outside the code",
    [VELA_VERR_ENTRY] = "entry point outside the code or misaligned",
    [VELA_VERR_CAPABILITY] = "opcode needs a capability the program lacks",
    [VELA_VERR_ITARGET] = "indirect target outside the code or misaligned",
};

const char *vela_verr_reason(enum vela_verr_code code)
{
	if ((unsigned)code >= sizeof(verr_reasons) / sizeof(verr_reasons[0]))
		return "unknown";
	return verr_reasons[code];
}

static const char *const cap_names[VELA_CAP_COUNT] = {
    [VELA_CAP_FS_READ] = "FS_READ", [VELA_CAP_FS_WRITE] = "FS_WRITE", [VELA_CAP_NET] = "NET",
    [VELA_CAP_CRYPTO] = "CRYPTO",   [VELA_CAP_PROC] = "PROC",
};

const char *vela_cap_name(int cap)
{
	if (cap < 0 || cap >= VELA_CAP_COUNT)
		return "NONE";
	return cap_names[cap];
}

static bool fail(struct vela_verr *err, enum vela_verr_code code, uint32_t pc, uint32_t word,
		 const char *extra)
{
	if (!err)
		return false;
	err->code = code;
	err->pc = pc;
	err->word = word;
	struct strbuf sb;
	strbuf_init(&sb, err->msg, sizeof(err->msg));
	strbuf_puts(&sb, "pc=");
	strbuf_hex(&sb, pc);
	strbuf_puts(&sb, " : ");
	strbuf_puts(&sb, vela_verr_reason(code));
	if (extra) {
		strbuf_puts(&sb, " ");
		strbuf_puts(&sb, extra);
	}
	return false;
}

/* Reproduces the decoder's field checks to name the precise reason. */
bool vela_check_word(uint32_t w, uint32_t pc, size_t code_len, uint32_t caps, struct vela_verr *err)
{
	const struct vela_opinfo *oi = vela_opinfo(w >> 24);
	struct vela_insn in;
	if (!oi)
		return fail(err, VELA_VERR_UNDEFINED, pc, w, NULL);
	enum vela_verr_code code = vela_check_fields(w, oi);
	if (code != VELA_VERR_NONE)
		return fail(err, code, pc, w, oi->mnemonic);
	vela_decode_raw(w, &in);
	if (oi->cap != VELA_CAP_NONE && !(caps & (1u << oi->cap)))
		return fail(err, VELA_VERR_CAPABILITY, pc, w, vela_cap_name(oi->cap));
	if (oi->fmt == VELA_FMT_B || oi->fmt == VELA_FMT_J) {
		int64_t t = (int64_t)pc + in.imm;
		if (t < 0 || (uint64_t)t >= code_len)
			return fail(err, VELA_VERR_TARGET, pc, w, NULL);
	}
	return true;
}

bool vela_validate_caps(const uint8_t *code, size_t len, uint32_t caps, struct vela_verr *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	if (len % 4 || len > (64u << 20))
		return fail(err, VELA_VERR_CODE_SIZE, 0, 0, NULL);
	for (size_t pc = 0; pc < len; pc += 4)
		if (!vela_check_word(vela_load_word(code + pc), (uint32_t)pc, len, caps, err))
			return false;
	return true;
}

bool vela_validate(const uint8_t *code, size_t len, struct vela_verr *err)
{
	return vela_validate_caps(code, len, VELA_CAPS_ALL, err);
}
