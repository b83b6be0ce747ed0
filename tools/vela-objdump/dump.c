/*
 * vela-objdump's printer: a VELA object as assembler source that vela-as
 * turns back into the same object (labels, directives, instructions, with
 * the address and word of each instruction in a comment). Also used by the
 * object fuzzer, so it must survive any object the reader accepts.
 */
#include "vela-objdump/dump.h"
#include "vela/obj.h"
#include "vela/vela.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vela_isa_table(FILE *out)
{
	fprintf(out, "| Opcode | Mnemonic | Format | Operands | Class | Mem | Cap |\n");
	fprintf(out, "| --- | --- | --- | --- | --- | --- | --- |\n");
	for (unsigned i = 0; i < 256; i++) {
		const struct vela_opinfo *o = vela_opinfo(i);
		if (!o)
			continue;
		fprintf(out, "| 0x%02x | %s | %s | %s | %s | %u | %s |\n", i, o->mnemonic,
			vela_fmt_name(o->fmt), vela_fmt_syntax(o->fmt), vela_cls_name(o->cls),
			o->msize, vela_cap_name(o->cap));
	}
}

/* Section of a symbol as 0 code, 1 data, 2 bss, 3 absolute. */
static int sym_kind(const struct vela_obj *o, const struct vela_sym *s)
{
	if (s->section == VELA_SYM_ABS)
		return 3;
	if ((int)s->section == o->code_index)
		return 0;
	if ((int)s->section == o->data_index)
		return 1;
	return 2;
}

struct dump {
	FILE *out;
	const struct vela_obj *o;
	struct vela_sym *syms;
	uint32_t n;
};

/* Print directives and labels of section kind k at address a. */
static void labels_at(const struct dump *d, int k, uint64_t a, bool ends, bool starts)
{
	for (uint32_t i = 0; ends && k == 0 && i < d->n; i++) {
		const struct vela_sym *s = &d->syms[i];
		if (sym_kind(d->o, s) == 0 && (s->flags & VELA_SYM_FUNC) && s->size &&
		    s->value + s->size == a)
			fprintf(d->out, "\t.endfunc\n");
	}
	for (uint32_t i = 0; starts && i < d->n; i++) {
		const struct vela_sym *s = &d->syms[i];
		if (sym_kind(d->o, s) != k || s->value != a)
			continue;
		if (s->flags & VELA_SYM_FUNC)
			fprintf(d->out, "\t.func %s\n", s->name);
		fprintf(d->out, "%s:\n", s->name);
		if ((s->flags & VELA_SYM_FUNC) && !s->size)
			fprintf(d->out, "\t.endfunc\n");
	}
}

/* A label at code offset t (for branch targets), or NULL. */
static const char *code_label(const struct dump *d, uint64_t t)
{
	for (uint32_t i = 0; i < d->n; i++)
		if (sym_kind(d->o, &d->syms[i]) == 0 && d->syms[i].value == t)
			return d->syms[i].name;
	return NULL;
}

static void dump_code(const struct dump *d)
{
	const struct vela_obj *o = d->o;
	fprintf(d->out, "\t.text\n");
	for (uint32_t pc = 0; pc < o->code_size; pc += 4) {
		labels_at(d, 0, pc, true, true);
		uint32_t w = vela_load_word(o->code + pc);
		char buf[96];
		vela_disasm(w, pc, buf, sizeof(buf));
		struct vela_insn in;
		if (vela_decode(w, &in) && (in.fmt == VELA_FMT_B || in.fmt == VELA_FMT_J)) {
			const char *l = code_label(d, vela_direct_target(&in, pc));
			char *sp = strrchr(buf, ' ');
			if (l && sp && (size_t)(sp - buf) + 1 + strlen(l) < sizeof(buf))
				strcpy(sp + 1, l);
		}
		fprintf(d->out, "\t%-32s ; %04x: %08x\n", buf, pc, w);
	}
	labels_at(d, 0, o->code_size, true, true);
}

static void dump_data(const struct dump *d)
{
	const struct vela_obj *o = d->o;
	fprintf(d->out, "\t.data\n");
	uint64_t base = o->data_addr;
	uint32_t col = 0;
	for (uint32_t i = 0; i < o->data_size; i++) {
		bool lab = false;
		for (uint32_t k = 0; k < d->n; k++)
			if (sym_kind(o, &d->syms[k]) == 1 && d->syms[k].value == base + i)
				lab = true;
		if (lab || col == 16) {
			if (col)
				fprintf(d->out, "\n");
			col = 0;
		}
		if (lab)
			labels_at(d, 1, base + i, false, true);
		fprintf(d->out, col ? ", 0x%02x" : "\t.byte 0x%02x", o->data[i]);
		col++;
	}
	if (col)
		fprintf(d->out, "\n");
	labels_at(d, 1, base + o->data_size, false, true);
	for (uint32_t k = 0; k < d->n; k++) {
		const struct vela_sym *s = &d->syms[k];
		if (sym_kind(o, s) == 1 && (s->value < base || s->value > base + o->data_size))
			fprintf(d->out, "\t; data symbol %s = 0x%llx is outside .data\n%s:\n",
				s->name, (unsigned long long)s->value, s->name);
	}
}

static void dump_bss(const struct dump *d)
{
	const struct vela_obj *o = d->o;
	uint64_t at = o->bss_addr, end = o->bss_addr + o->bss_size;
	fprintf(d->out, "\t.bss\n");
	/* symbols are sorted by (section, value): walk them in order */
	for (uint32_t k = 0; k < d->n; k++) {
		const struct vela_sym *s = &d->syms[k];
		if (sym_kind(o, s) != 2 || s->value < at || s->value > end)
			continue;
		if (s->value > at)
			fprintf(d->out, "\t.space %llu\n", (unsigned long long)(s->value - at));
		at = s->value;
		fprintf(d->out, "%s:\n", s->name);
	}
	if (end > at)
		fprintf(d->out, "\t.space %llu\n", (unsigned long long)(end - at));
}

/* Print the object in buf as reassemblable source on out. Returns 0, or 1
 * (with the reason on out) if it is not a valid object. */
int vela_objdump(FILE *out, FILE *err, const uint8_t *buf, size_t len, const char *name)
{
	struct vela_obj o;
	const char *why = vela_obj_parse(buf, len, &o);
	if (why) {
		fprintf(err, "vela-objdump: %s: error: %s\n", name, why);
		return 1;
	}
	struct dump dd = {out, &o, calloc(o.nsyms + 1, sizeof(struct vela_sym)), o.nsyms};
	const struct dump *d = &dd;
	if (!dd.syms)
		return 1;
	for (uint32_t i = 0; i < o.nsyms; i++)
		vela_obj_sym(&o, i, &dd.syms[i]);
	fprintf(out,
		"; %s: VELA object, code %u bytes, data %u bytes at 0x%llx, bss %llu bytes at "
		"0x%llx, entry 0x%x\n",
		name, o.code_size, o.data_size, (unsigned long long)o.data_addr,
		(unsigned long long)o.bss_size, (unsigned long long)o.bss_addr, o.entry);
	if (o.mem_size)
		fprintf(out, "\t.memsize 0x%llx\n", (unsigned long long)o.mem_size);
	if (o.data_addr != 0x1000)
		fprintf(out, "\t.database 0x%llx\n", (unsigned long long)o.data_addr);
	if (o.bss_size && o.bss_addr != ((o.data_addr + o.data_size + 15) & ~15ull))
		fprintf(out,
			"\t; bss at 0x%llx is not where vela-as puts it (after .data): the "
			"listing will not reassemble to the same object\n",
			(unsigned long long)o.bss_addr);
	const char *entry = NULL;
	for (uint32_t i = 0; i < o.nsyms; i++)
		if (sym_kind(&o, &dd.syms[i]) == 0 && dd.syms[i].value == o.entry && !entry)
			entry = dd.syms[i].name;
	if (entry)
		fprintf(out, "\t.entry %s\n", entry);
	else if (o.entry)
		fprintf(out, "\t; entry 0x%x has no symbol\n", o.entry);
	for (uint32_t i = 0; i < o.nsyms; i++) {
		const struct vela_sym *s = &dd.syms[i];
		if (s->flags & VELA_SYM_GLOBAL)
			fprintf(out, "\t.global %s\n", s->name);
		if (s->flags & VELA_SYM_ADDR_TAKEN)
			fprintf(out, "\t.target %s\n", s->name);
		if (sym_kind(&o, s) == 3)
			fprintf(out, "\t.equ %s, 0x%llx\n", s->name, (unsigned long long)s->value);
	}
	dump_code(d);
	if (o.data_size || o.data_index >= 0)
		dump_data(d);
	if (o.bss_size)
		dump_bss(d);
	free(dd.syms);
	return 0;
}
