/* AELF parse, verify and build (format in docs/aelf.md). */
#include "aelf/aelf.h"

#include <string.h>

#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "vela/vela.h"

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

/* Header and section-table field offsets (docs/vela-object.md). */
#define HDR_MEM_SIZE  16
#define HDR_NSECTIONS 24
#define HDR_SHOFF     28
#define SEC_TYPE      0
#define SEC_OFFSET    8
#define SEC_SIZE      12
#define SEC_ALIGN     24

const char *aelf_parse(const uint8_t *buf, size_t len, struct aelf_image *img)
{
	memset(img, 0, sizeof(*img));
	const char *err = vela_obj_parse_magic(buf, len, AELF_MAGIC, &img->obj);
	if (err)
		return strcmp(err, "bad magic") == 0 ? "not an AELF executable (bad magic)" : err;
	const struct vela_obj *o = &img->obj;
	int caps_idx = -1, sig_idx = -1;
	for (uint32_t i = 0; i < o->nsections; i++) {
		uint32_t type, size;
		const uint8_t *bytes;
		uint64_t addr;
		vela_obj_section(o, i, &type, &bytes, &size, &addr);
		if (type == AELF_SEC_CAPS) {
			if (caps_idx >= 0)
				return "duplicate capability section";
			if (size != AELF_CAPS_SIZE)
				return "capability section has the wrong size";
			caps_idx = (int)i;
			img->caps = rd32(bytes);
			if (rd32(bytes + 4) != 0)
				return "capability section reserved field is not zero";
			img->stack_size = rd64(bytes + 8);
		} else if (type == AELF_SEC_SIG) {
			if (sig_idx >= 0)
				return "duplicate signature section";
			if (size != AELF_SIG_SIZE)
				return "signature section has the wrong size";
			sig_idx = (int)i;
			img->key_id = bytes;
			img->signature = bytes + AELF_KEY_ID_SIZE;
			img->signed_len = (size_t)(bytes - buf);
		}
	}
	if (caps_idx < 0)
		return "no capability section";
	if (sig_idx < 0)
		return "no signature section";
	if ((uint32_t)sig_idx != o->nsections - 1)
		return "the signature section is not the last section";
	if (img->signed_len + AELF_SIG_SIZE != len)
		return "bytes after the signature";
	if (img->caps & ~(uint32_t)VELA_CAPS_ALL)
		return "unknown capability requested";
	if (o->mem_size < AELF_MIN_MEM_SIZE || o->mem_size > AELF_MAX_MEM_SIZE)
		return "mem_size outside 4 KiB..4 GiB";
	if (o->code_size == 0 || o->code_size > AELF_MAX_CODE_SIZE)
		return "code size outside 4 B..16 MiB";
	if (img->stack_size == 0 || img->stack_size % 16 || img->stack_size > o->mem_size)
		return "stack size must be a non-zero multiple of 16 within mem_size";
	uint64_t data_end = o->data_addr + o->data_size;
	uint64_t bss_end = o->bss_addr + o->bss_size;
	uint64_t stack_lo = o->mem_size - img->stack_size;
	if ((o->data_size && data_end > stack_lo) || (o->bss_size && bss_end > stack_lo))
		return "data or bss overlaps the stack";
	return NULL;
}

void aelf_key_id(const uint8_t pk[32], uint8_t id[AELF_KEY_ID_SIZE])
{
	uint8_t h[32];
	sha256(pk, 32, h);
	memcpy(id, h, AELF_KEY_ID_SIZE);
}

bool aelf_is_unsigned(const struct aelf_image *img)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < AELF_SIG_SIZE; i++)
		acc |= img->key_id[i];
	return acc == 0;
}

bool aelf_verify(const struct aelf_image *img, const uint8_t pk[32])
{
	uint8_t id[AELF_KEY_ID_SIZE];
	aelf_key_id(pk, id);
	if (memcmp(id, img->key_id, AELF_KEY_ID_SIZE) != 0)
		return false;
	return ed25519_verify(img->signature, img->obj.buf, img->signed_len, pk);
}

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

size_t aelf_build(const uint8_t *vobj, size_t vlen, const struct aelf_build_opts *opts,
		  const uint8_t *seed, const uint8_t *pk, uint8_t *out, size_t cap,
		  const char **err)
{
	struct vela_obj o;
	*err = vela_obj_parse(vobj, vlen, &o);
	if (*err)
		return 0;
	uint32_t n = o.nsections;
	uint32_t shoff = rd32(vobj + HDR_SHOFF);
	size_t old_table_end = (size_t)shoff + (size_t)n * VELA_OBJ_SEC_SIZE;
	if (shoff != VELA_OBJ_HDR_SIZE || n + 2 > VELA_OBJ_MAX_SECTIONS) {
		*err = "object layout not supported (section table must follow the header)";
		return 0;
	}
	/* Bodies move down by the two new table entries. */
	size_t shift = 2 * VELA_OBJ_SEC_SIZE;
	size_t bodies_len = vlen - old_table_end;
	size_t caps_off = align8(old_table_end + shift + bodies_len);
	size_t sig_off = caps_off + AELF_CAPS_SIZE;
	size_t total = sig_off + AELF_SIG_SIZE;
	if (total > cap)
		return total;

	memset(out, 0, total);
	memcpy(out, vobj, VELA_OBJ_HDR_SIZE);
	memcpy(out, AELF_MAGIC, 4);
	wr32(out + HDR_NSECTIONS, n + 2);
	if (opts->mem_size)
		wr64(out + HDR_MEM_SIZE, opts->mem_size);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *src = vobj + shoff + (size_t)i * VELA_OBJ_SEC_SIZE;
		uint8_t *dst = out + shoff + (size_t)i * VELA_OBJ_SEC_SIZE;
		memcpy(dst, src, VELA_OBJ_SEC_SIZE);
		uint32_t off = rd32(src + SEC_OFFSET);
		if (rd32(src + SEC_TYPE) != VELA_SEC_BSS) {
			if (off < old_table_end) {
				*err = "section bytes overlap the section table";
				return 0;
			}
			wr32(dst + SEC_OFFSET, (uint32_t)(off + shift));
		}
	}
	uint8_t *caps_ent = out + shoff + (size_t)n * VELA_OBJ_SEC_SIZE;
	wr32(caps_ent + SEC_TYPE, AELF_SEC_CAPS);
	wr32(caps_ent + SEC_OFFSET, (uint32_t)caps_off);
	wr32(caps_ent + SEC_SIZE, AELF_CAPS_SIZE);
	wr32(caps_ent + SEC_ALIGN, 8);
	uint8_t *sig_ent = caps_ent + VELA_OBJ_SEC_SIZE;
	wr32(sig_ent + SEC_TYPE, AELF_SEC_SIG);
	wr32(sig_ent + SEC_OFFSET, (uint32_t)sig_off);
	wr32(sig_ent + SEC_SIZE, AELF_SIG_SIZE);
	wr32(sig_ent + SEC_ALIGN, 8);

	memcpy(out + old_table_end + shift, vobj + old_table_end, bodies_len);
	wr32(out + caps_off, opts->caps);
	wr64(out + caps_off + 8, opts->stack_size);
	if (seed) {
		aelf_key_id(pk, out + sig_off);
		ed25519_sign(out + sig_off + AELF_KEY_ID_SIZE, out, sig_off, seed, pk);
	}
	return total;
}
