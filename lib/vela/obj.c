/*
 * VELA object reader and writer (docs/vela-object.md). Every offset and size
 * read from the input is checked against the buffer before use.
 */
#include "vela/obj.h"

#include <string.h>

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)v);
	wr16(p + 2, (uint16_t)(v >> 16));
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

static bool in_buf(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

bool vela_obj_section(const struct vela_obj *obj, uint32_t i, uint32_t *type, const uint8_t **bytes,
		      uint32_t *size, uint64_t *addr)
{
	if (i >= obj->nsections)
		return false;
	const uint8_t *s = obj->buf + rd32(obj->buf + 28) + (size_t)i * VELA_OBJ_SEC_SIZE;
	*type = rd32(s);
	*size = rd32(s + 12);
	*addr = rd64(s + 16);
	*bytes = *type == VELA_SEC_BSS ? NULL : obj->buf + rd32(s + 8);
	return true;
}

const char *vela_obj_parse(const uint8_t *buf, size_t len, struct vela_obj *o)
{
	if (len >= 4 && memcmp(buf, VELA_OBJ_MAGIC, 4) != 0)
		return "not a VELA object (bad magic)";
	return vela_obj_parse_magic(buf, len, VELA_OBJ_MAGIC, o);
}

const char *vela_obj_parse_magic(const uint8_t *buf, size_t len, const char magic[4],
				 struct vela_obj *o)
{
	memset(o, 0, sizeof(*o));
	o->code_index = o->data_index = o->bss_index = -1;
	o->buf = buf;
	o->len = len;
	if (len < VELA_OBJ_HDR_SIZE || memcmp(buf, magic, 4) != 0)
		return "bad magic";
	if (rd16(buf + 4) != VELA_OBJ_VERSION)
		return "unsupported object version";
	uint32_t hdr = rd16(buf + 6);
	if (hdr < VELA_OBJ_HDR_SIZE || hdr > len)
		return "bad header size";
	o->flags = rd32(buf + 8);
	o->entry = rd32(buf + 12);
	o->mem_size = rd64(buf + 16);
	o->nsections = rd32(buf + 24);
	uint32_t shoff = rd32(buf + 28);
	if (o->mem_size && (o->mem_size & (o->mem_size - 1)))
		return "mem_size is not a power of two";
	if (o->nsections > VELA_OBJ_MAX_SECTIONS ||
	    !in_buf(len, shoff, (uint64_t)o->nsections * VELA_OBJ_SEC_SIZE))
		return "section table outside the file";
	int symtab = -1, strtab = -1;
	for (uint32_t i = 0; i < o->nsections; i++) {
		const uint8_t *s = buf + shoff + (size_t)i * VELA_OBJ_SEC_SIZE;
		uint32_t type = rd32(s), off = rd32(s + 8), size = rd32(s + 12);
		uint64_t addr = rd64(s + 16);
		int *slot = NULL;
		if (type != VELA_SEC_BSS && !in_buf(len, off, size))
			return "section bytes outside the file";
		switch (type) {
		case VELA_SEC_CODE:
			slot = &o->code_index;
			o->code = buf + off;
			o->code_size = size;
			if (size % 4)
				return "code size is not a multiple of 4";
			break;
		case VELA_SEC_DATA:
			slot = &o->data_index;
			o->data = buf + off;
			o->data_size = size;
			o->data_addr = addr;
			break;
		case VELA_SEC_BSS:
			slot = &o->bss_index;
			o->bss_addr = addr;
			o->bss_size = size;
			break;
		case VELA_SEC_SYMTAB:
			slot = &symtab;
			if (size % VELA_OBJ_SYM_SIZE)
				return "symbol table size is not a multiple of 24";
			o->symtab = buf + off;
			o->nsyms = size / VELA_OBJ_SYM_SIZE;
			break;
		case VELA_SEC_STRTAB:
			slot = &strtab;
			o->strtab = (const char *)buf + off;
			o->strtab_size = size;
			if (size == 0 || buf[off] != 0 || buf[off + size - 1] != 0)
				return "string table must start and end with NUL";
			break;
		default:
			if (!(type & VELA_SEC_OPTIONAL))
				return "unknown mandatory section type";
			continue;
		}
		if (*slot >= 0)
			return "duplicate section";
		*slot = (int)i;
	}
	if (o->code_index < 0)
		return "no code section";
	if (o->entry % 4 || (o->entry >= o->code_size && o->code_size))
		return "entry point outside the code or misaligned";
	uint64_t lim = o->mem_size ? o->mem_size : UINT64_MAX;
	if (o->data_addr > lim || o->data_size > lim - o->data_addr)
		return "data section outside the sandbox";
	if (o->bss_addr > lim || o->bss_size > lim - o->bss_addr)
		return "bss section outside the sandbox";
	if (o->nsyms && strtab < 0)
		return "symbols without a string table";
	for (uint32_t i = 0; i < o->nsyms; i++) {
		const uint8_t *p = o->symtab + (size_t)i * VELA_OBJ_SYM_SIZE;
		uint32_t name = rd32(p);
		uint16_t sec = rd16(p + 4), flags = rd16(p + 6);
		uint64_t value = rd64(p + 8);
		if (name >= o->strtab_size)
			return "symbol name outside the string table";
		if (sec != VELA_SYM_ABS && (int)sec != o->code_index && (int)sec != o->data_index &&
		    (int)sec != o->bss_index)
			return "symbol in a section that is not code, data or bss";
		if (flags & ~(VELA_SYM_GLOBAL | VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN))
			return "unknown symbol flags";
		if ((flags & (VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN)) &&
		    ((int)sec != o->code_index || value % 4 || value >= o->code_size))
			return "function or address-taken symbol outside the code or misaligned";
	}
	return NULL;
}

void vela_obj_sym(const struct vela_obj *o, uint32_t i, struct vela_sym *sym)
{
	const uint8_t *p = o->symtab + (size_t)i * VELA_OBJ_SYM_SIZE;
	sym->name = o->strtab + rd32(p);
	sym->section = rd16(p + 4);
	sym->flags = rd16(p + 6);
	sym->value = rd64(p + 8);
	sym->size = rd64(p + 16);
}

void vela_obj_targets(const struct vela_obj *o, uint8_t *bitmap, size_t bitmap_size)
{
	memset(bitmap, 0, bitmap_size);
	for (uint32_t i = 0; i < o->nsyms; i++) {
		struct vela_sym s;
		vela_obj_sym(o, i, &s);
		if (!(s.flags & (VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN)))
			continue;
		uint64_t w = s.value / 4;
		if (w / 8 < bitmap_size)
			bitmap[w / 8] |= (uint8_t)(1u << (w % 8));
	}
}

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

size_t vela_obj_write(const struct vela_obj_desc *d, uint8_t *out, size_t cap)
{
	size_t strsize = 1;
	for (uint32_t i = 0; i < d->nsyms; i++)
		strsize += strlen(d->syms[i].name) + 1;
	size_t shoff = VELA_OBJ_HDR_SIZE;
	size_t code_off = shoff + VELA_OBJ_NSECTIONS * VELA_OBJ_SEC_SIZE;
	size_t data_off = align8(code_off + d->code_size);
	size_t sym_off = align8(data_off + d->data_size);
	size_t str_off = sym_off + (size_t)d->nsyms * VELA_OBJ_SYM_SIZE;
	size_t total = align8(str_off + strsize);
	if (total > cap || total > UINT32_MAX)
		return total;
	memset(out, 0, total);
	memcpy(out, VELA_OBJ_MAGIC, 4);
	wr16(out + 4, VELA_OBJ_VERSION);
	wr16(out + 6, VELA_OBJ_HDR_SIZE);
	wr32(out + 8, d->flags);
	wr32(out + 12, d->entry);
	wr64(out + 16, d->mem_size);
	wr32(out + 24, VELA_OBJ_NSECTIONS);
	wr32(out + 28, (uint32_t)shoff);
	static const uint32_t types[VELA_OBJ_NSECTIONS] = {
	    VELA_SEC_CODE, VELA_SEC_DATA, VELA_SEC_BSS, VELA_SEC_SYMTAB, VELA_SEC_STRTAB};
	const size_t offs[VELA_OBJ_NSECTIONS] = {code_off, data_off, 0, sym_off, str_off};
	const uint64_t sizes[VELA_OBJ_NSECTIONS] = {d->code_size, d->data_size, d->bss_size,
						    (uint64_t)d->nsyms * VELA_OBJ_SYM_SIZE,
						    strsize};
	const uint64_t addrs[VELA_OBJ_NSECTIONS] = {0, d->data_addr, d->bss_addr, 0, 0};
	const uint32_t aligns[VELA_OBJ_NSECTIONS] = {4, 8, 8, 8, 1};
	for (unsigned i = 0; i < VELA_OBJ_NSECTIONS; i++) {
		uint8_t *s = out + shoff + i * VELA_OBJ_SEC_SIZE;
		wr32(s, types[i]);
		wr32(s + 8, (uint32_t)offs[i]);
		wr32(s + 12, (uint32_t)sizes[i]);
		wr64(s + 16, addrs[i]);
		wr32(s + 24, aligns[i]);
	}
	if (d->code_size)
		memcpy(out + code_off, d->code, d->code_size);
	if (d->data_size)
		memcpy(out + data_off, d->data, d->data_size);
	size_t str = 1;
	for (uint32_t i = 0; i < d->nsyms; i++) {
		const struct vela_sym *s = &d->syms[i];
		uint8_t *p = out + sym_off + (size_t)i * VELA_OBJ_SYM_SIZE;
		size_t n = strlen(s->name) + 1;
		wr32(p, (uint32_t)str);
		wr16(p + 4, s->section);
		wr16(p + 6, s->flags);
		wr64(p + 8, s->value);
		wr64(p + 16, s->size);
		memcpy(out + str_off + str, s->name, n);
		str += n;
	}
	return total;
}
