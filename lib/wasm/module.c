/*
 * Module lowering (module.h): sandbox layout, imports, functions, entry stub
 * and the object. Layout (docs/vela-wasm.md, "Sandbox layout"):
 *
 *   0 .. L                linear memory (L = maximum pages * 64 KiB)
 *   L .. rt_end           runtime block: memory size, maximum, scratch,
 *                         errno table, globals (8 bytes each), function
 *                         references, segment descriptors, tables, passive
 *                         elements and data
 *   rt_end .. stack_lo    guard zone, unused (at least WASM_STACK_GUARD)
 *   stack_lo ..           the VELA stack (spills, saved registers), down from
 *                         mem_size; stack_lo = mem_size - stack size is the
 *                         limit of the prologues' stack checks
 */
#include "wasm/module.h"

#include "fmt/format.h"
#include "vela/obj.h"
#include "vela/vela.h"
#include "wasm/rt.h"

#include <string.h>

static bool refuse(struct wasm_err *err, const char *what, struct wasm_name a, struct wasm_name b)
{
	char x[64], y[64];
	uint32_t la = a.len < 63 ? a.len : 63, lb = b.len < 63 ? b.len : 63;
	memcpy(x, a.p, la);
	x[la] = 0;
	memcpy(y, b.p, lb);
	y[lb] = 0;
	fmt_snprintf(err->msg, sizeof err->msg, "%s: %s::%s", what, x, y);
	return false;
}

/* Elements reserved for a table: its minimum, room to grow up to 4096
 * elements (or its maximum if lower); table.grow fails beyond (-1). */
static uint32_t table_cap(const struct wasm_table *t)
{
	uint32_t lim = t->lim.has_max && t->lim.max < 4096 ? t->lim.max : 4096;
	return t->lim.min > lim ? t->lim.min : lim;
}

static bool layout(const struct wasm_module *m, const struct wasm_opts *o, struct wasm_layout *L,
		   struct wasm_arena *a, struct wasm_err *err)
{
	uint64_t maxp = 0;
	if (m->has_mem) {
		maxp = m->mem.has_max ? m->mem.max : o->default_max_pages;
		if (maxp < m->mem.min)
			maxp = m->mem.min;
		/* the sandbox holds at most 1 GiB of linear memory (grow fails beyond) */
		if (maxp > 16384)
			maxp = 16384;
		if (m->mem.min > 16384) {
			fmt_snprintf(
			    err->msg, sizeof err->msg,
			    "unsupported: a minimum of %u pages exceeds the sandbox limit (1 GiB)",
			    (unsigned)m->mem.min);
			return false;
		}
	}
	memset(L, 0, sizeof *L);
	L->mem_max_bytes = maxp * WASM_PAGE;
	L->tab = wasm_alloc(a, 8ull * m->ntables + 8);
	L->tab_cap = wasm_alloc(a, 4ull * m->ntables + 4);
	if (!L->tab || !L->tab_cap) {
		fmt_snprintf(err->msg, sizeof err->msg, "importer out of memory");
		return false;
	}
	uint64_t telems = 0;
	for (uint32_t i = 0; i < m->ntables; i++) {
		L->tab_cap[i] = table_cap(&m->tables[i]);
		telems += L->tab_cap[i];
	}
	if (telems > (1u << 22)) {
		fmt_snprintf(err->msg, sizeof err->msg, "table too large");
		return false;
	}
	L->rt_base = L->mem_max_bytes;
	L->rt_memsz = L->rt_base;
	L->rt_maxpages = L->rt_base + 8;
	L->rt_scratch = L->rt_base + 16;
	L->rt_argv = L->rt_base + 96;
	L->rt_envp = L->rt_base + 104;
	L->rt_errno = L->rt_base + 128;
	L->rt_path = L->rt_base + 512;
	L->rt_globals = L->rt_base + 1536;
	L->rt_funcs = L->rt_globals + 8ull * m->nglobals;
	L->rt_elems = L->rt_funcs + 8ull * m->nfuncs;
	/* tables: descriptor and elements; then the passive element segments */
	uint64_t at = L->rt_elems + 16ull * m->nelems;
	for (uint32_t i = 0; i < m->ntables; i++) {
		L->tab[i] = at;
		at += 24 + 8ull * L->tab_cap[i];
	}
	for (uint32_t s = 0; s < m->nelems; s++)
		if (m->elems[s].mode == 1)
			at += 8ull * m->elems[s].n;
	/* data segment descriptors, then the passive segments' bytes (8-aligned) */
	L->rt_datas = at;
	L->rt_passive = L->rt_datas + 16ull * m->ndatas;
	L->rt_end = L->rt_passive;
	for (uint32_t s = 0; s < m->ndatas; s++)
		if (!m->datas[s].active)
			L->rt_end += (m->datas[s].len + 7ull) & ~7ull;
	/* the VELA stack: the top stack_size bytes (16-aligned), with at least
	 * WASM_STACK_GUARD unused bytes between rt_end and its bottom */
	uint64_t stack = (o->stack_size + 15) & ~15ull;
	uint64_t need = L->rt_end + WASM_STACK_GUARD + stack;
	uint64_t sz = 4096;
	while (sz < need)
		sz <<= 1;
	L->mem_size = sz;
	L->stack_lo = sz - stack;
	return true;
}

/* value of a constant expression at instantiation */
static uint64_t const_value(const struct wasm_module *m, const struct wasm_const *k,
			    const uint64_t *gval)
{
	if (k->global != WASM_NONE)
		return gval[k->global];
	(void)m;
	return k->value;
}

static bool spectest_global(struct wasm_name n, uint8_t type, uint64_t *v)
{
	if (wasm_name_is(n, "global_i32") && type == WASM_I32) {
		*v = 666;
		return true;
	}
	if (wasm_name_is(n, "global_i64") && type == WASM_I64) {
		*v = 666;
		return true;
	}
	if (wasm_name_is(n, "global_f32") && type == WASM_F32) {
		*v = 0x4426a666; /* 666.6f */
		return true;
	}
	if (wasm_name_is(n, "global_f64") && type == WASM_F64) {
		*v = 0x4084d4cccccccccdull; /* 666.6 */
		return true;
	}
	return false;
}

static bool imports(const struct wasm_module *m, struct wasm_cm *cm, uint64_t *gval,
		    struct wasm_err *err)
{
	for (uint32_t i = 0; i < m->nimported_funcs; i++) {
		const struct wasm_func *f = &m->funcs[i];
		const struct wasm_functype *t = &m->types[f->type];
		if (wasm_name_is(f->module, "wasi_snapshot_preview1") ||
		    wasm_name_is(f->module, "wasi_unstable")) {
			int k = wasm_rt_wasi_index(f->name);
			cm->func_pc[i] = k >= 0 ? cm->rt.wasi[k] : cm->rt.nosys;
		} else if (wasm_name_is(f->module, "spectest") && f->name.len >= 5 &&
			   !memcmp(f->name.p, "print", 5) && t->nresults == 0) {
			cm->func_pc[i] = cm->rt.ret0;
		} else if (wasm_name_is(f->module, "aether")) {
			int k = wasm_rt_aether_index(f->name);
			cm->func_pc[i] = k >= 0 ? cm->rt.aether[k] : cm->rt.nosys;
		} else {
			return refuse(err, "unknown import", f->module, f->name);
		}
	}
	for (uint32_t i = 0; i < m->nimported_globals; i++) {
		const struct wasm_global *g = &m->globals[i];
		if (!wasm_name_is(g->module, "spectest") ||
		    !spectest_global(g->name, g->type, &gval[i]) || g->mut)
			return refuse(err, "unknown import", g->module, g->name);
	}
	/* a ref.func initialiser gets its value in the entry stub, once the
	 * function's code address is known */
	for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
		const struct wasm_global *g = &m->globals[i];
		if (g->init.func != WASM_NONE && m->funcs[g->init.func].imported) {
			fmt_snprintf(err->msg, sizeof err->msg,
				     "unsupported: reference to an imported function");
			return false;
		}
		gval[i] = const_value(m, &g->init, gval);
	}
	return true;
}

/* A funcref value (docs/vela-wasm.md, "Reference types"): the function's
 * code byte offset | (canonical type + 1) << 32; null is 0. */
static uint64_t funcref(const struct wasm_cm *cm, uint32_t f)
{
	const struct wasm_module *m = cm->m;
	if (f == WASM_NONE)
		return 0;
	return (uint64_t)(m->types[m->funcs[f].type].canon + 1) << 32 | cm->func_pc[f] * 4ull;
}

/* Imported memory and table: only the spectest ones exist (1-2 pages, 10-20
 * elements); the module then has their actual limits. */
static bool import_limits(struct wasm_module *m, struct wasm_err *err)
{
	if (m->mem_imported) {
		if (!wasm_name_is(m->mem_module, "spectest") ||
		    !wasm_name_is(m->mem_name, "memory"))
			return refuse(err, "unknown import", m->mem_module, m->mem_name);
		if (m->mem.min > 1 || (m->mem.has_max && m->mem.max < 2))
			return refuse(err, "incompatible import type", m->mem_module, m->mem_name);
		m->mem.min = 1;
		m->mem.max = 2;
		m->mem.has_max = true;
	}
	for (uint32_t i = 0; i < m->ntables; i++) {
		struct wasm_table *t = &m->tables[i];
		if (!t->imported)
			continue;
		if (!wasm_name_is(t->module, "spectest") || !wasm_name_is(t->name, "table"))
			return refuse(err, "unknown import", t->module, t->name);
		if (t->type != WASM_FUNCREF || t->lim.min > 10 ||
		    (t->lim.has_max && t->lim.max < 20))
			return refuse(err, "incompatible import type", t->module, t->name);
		t->lim.min = 10;
		t->lim.max = 20;
		t->lim.has_max = true;
	}
	return true;
}

static void st64(struct vcode *c, uint64_t addr, uint64_t v)
{
	vli(c, R_T1, (int64_t)addr);
	if (v) {
		vli(c, R_T0, (int64_t)v);
		vput(c, vI(VELA_OP_SD, R_T0, R_T1, 0));
	} else {
		vput(c, vI(VELA_OP_SD, R_ZERO, R_T1, 0));
	}
}

static const struct wasm_export *find_export(const struct wasm_module *m, struct wasm_name n,
					     uint8_t kind)
{
	for (uint32_t i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == kind && m->exports[i].name.len == n.len &&
		    !memcmp(m->exports[i].name.p, n.p, n.len))
			return &m->exports[i];
	return NULL;
}

/* sp += v */
static void sp_add(struct vcode *c, int64_t v)
{
	if (fits12(v)) {
		vput(c, vI(VELA_OP_ADDI, R_SP, R_SP, (int32_t)v));
	} else {
		vli(c, R_T1, v);
		vput(c, vR(VELA_OP_ADD, R_SP, R_SP, R_T1));
	}
}

/* load or store (op) of register r at off(sp); T1 is the address when the
 * offset does not fit 12 bits */
static void sp_word(struct vcode *c, unsigned op, unsigned r, uint64_t off)
{
	if (fits12((int64_t)off)) {
		vput(c, vI(op, r, R_SP, (int32_t)off));
	} else {
		vli(c, R_T1, (int64_t)off);
		vput(c, vR(VELA_OP_ADD, R_T1, R_T1, R_SP));
		vput(c, vI(op, r, R_T1, 0));
	}
}

/* The spec-test driver's frame for a call of type t: the outgoing area
 * (docs/vela-wasm.md, "Registers and frames": arguments beyond the fifth,
 * after the call the results beyond the fifth), w words, and above it the
 * first results it keeps while printing. */
static uint64_t driver_frame(const struct wasm_functype *t, uint64_t *w)
{
	uint32_t np = t->nparams, nr = t->nresults;
	*w = np > NARG ? np - NARG : 0;
	if (nr > NRES && nr - NRES > *w)
		*w = nr - NRES;
	return (8 * (*w + NRES) + 15) & ~15ull;
}

static bool call_export(struct wasm_cm *cm, const struct wasm_invoke *iv, uint32_t k,
			struct wasm_err *err)
{
	struct vcode *c = &cm->code;
	const struct wasm_module *m = cm->m;
	const struct wasm_export *e = find_export(m, iv->name, WASM_EXT_FUNC);
	if (!e) {
		fmt_snprintf(err->msg, sizeof err->msg, "driver: no exported function #%u", k);
		return false;
	}
	const struct wasm_functype *t = &m->types[m->funcs[e->index].type];
	if (t->nparams != iv->nargs) {
		fmt_snprintf(err->msg, sizeof err->msg, "driver: wrong argument count #%u", k);
		return false;
	}
	uint32_t np = t->nparams, nr = t->nresults;
	uint64_t w;
	uint64_t frame = driver_frame(t, &w);
	sp_add(c, -(int64_t)frame);
	for (uint32_t i = 0; i < np; i++) {
		uint64_t v = iv->args[i];
		if (t->params[i] == WASM_I32 || t->params[i] == WASM_F32)
			v = (uint64_t)(int64_t)(int32_t)(uint32_t)v; /* kept sign-extended */
		if (i < NARG) {
			vli(c, R_STK + i, (int64_t)v);
		} else {
			vli(c, R_T0, (int64_t)v);
			sp_word(c, VELA_OP_SD, R_T0, 8ull * (i - NARG));
		}
	}
	vput(c, (uint32_t)VELA_OP_CALL << 24);
	if (!wasm_add_callfix(cm, c->n - 1, e->index))
		return false;
	if (!iv->silent) {
		for (uint32_t j = 0; j < nr && j < NRES; j++)
			sp_word(c, VELA_OP_SD, R_STK + j, 8 * (w + j));
		for (uint32_t j = 0; j < nr; j++) {
			sp_word(c, VELA_OP_LD, 3, j < NRES ? 8 * (w + j) : 8ull * (j - NRES));
			vput(c, (uint32_t)VELA_OP_CALL << 24);
			vpatch_j(c, c->n - 1, cm->rt.print_hex);
		}
		vli(c, 3, 0x5e000000 + k);
		vput(c, (uint32_t)VELA_OP_CALL << 24);
		vpatch_j(c, c->n - 1, cm->rt.print_hex);
	}
	sp_add(c, (int64_t)frame);
	return true;
}

static bool entry_stub(struct wasm_cm *cm, const struct wasm_opts *o, uint64_t *gval,
		       struct wasm_err *err)
{
	const struct wasm_module *m = cm->m;
	const struct wasm_layout *L = &cm->lay;
	struct vcode *c = &cm->code;
	/* sp >= stack_lo at every call (docs/vela-wasm.md, "Stack limit"): the
	 * loader's argument block and the driver's largest frame must leave it
	 * so; checked before anything is written */
	uint64_t drv = 0;
	for (uint32_t k = 0; k < o->ninvokes; k++) {
		const struct wasm_export *e = find_export(m, o->invokes[k].name, WASM_EXT_FUNC);
		uint64_t w, fr = e ? driver_frame(&m->types[m->funcs[e->index].type], &w) : 0;
		if (fr > drv)
			drv = fr;
	}
	vstack_check(c, L->stack_lo + drv);
	/* the loader's argument block: R4 = argv, R5 = envp (docs/syscalls.md) */
	vli(c, R_T1, (int64_t)L->rt_argv);
	vput(c, vI(VELA_OP_SD, 4, R_T1, 0));
	vput(c, vI(VELA_OP_SD, 5, R_T1, 8));
	if (m->has_mem) {
		st64(c, L->rt_memsz, m->mem.min);
		st64(c, L->rt_maxpages, L->mem_max_bytes / WASM_PAGE);
	}
	for (unsigned i = 0; i < 256; i += 8) {
		uint64_t w = 0;
		for (unsigned b = 0; b < 8; b++)
			w |= (uint64_t)(i + b ? wasm_rt_errno(i + b) : 0) << (8 * b);
		st64(c, L->rt_errno + i, w);
	}
	for (uint32_t i = m->nimported_globals; i < m->nglobals; i++)
		if (m->globals[i].init.func != WASM_NONE)
			gval[i] = funcref(cm, m->globals[i].init.func);
	for (uint32_t i = 0; i < m->nglobals; i++)
		if (gval[i])
			st64(c, L->rt_globals + 8ull * i, gval[i]);
	/* the values ref.func loads: declared defined functions */
	for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++)
		if (m->func_ref[i])
			st64(c, L->rt_funcs + 8ull * i, funcref(cm, i));
	/* tables: descriptor (elements address, size, capacity), null elements */
	for (uint32_t i = 0; i < m->ntables; i++) {
		st64(c, L->tab[i], L->tab[i] + 24);
		if (m->tables[i].lim.min)
			st64(c, L->tab[i] + 8, m->tables[i].lim.min);
		st64(c, L->tab[i] + 16, L->tab_cap[i]);
	}
	/* element segments: active ones written into their table (and dropped:
	 * descriptor length 0), passive ones stored above the tables with a
	 * descriptor (address, length) for table.init, declarative ones dropped */
	uint64_t pat = m->ntables ? L->tab[m->ntables - 1] + 24 + 8ull * L->tab_cap[m->ntables - 1]
				  : L->rt_elems + 16ull * m->nelems;
	for (uint32_t s = 0; s < m->nelems; s++) {
		const struct wasm_elem *e = &m->elems[s];
		uint64_t at;
		if (e->mode == 2)
			continue;
		for (uint32_t i = 0; i < e->n; i++) {
			if (e->funcs[i] != WASM_NONE && m->funcs[e->funcs[i]].imported) {
				fmt_snprintf(err->msg, sizeof err->msg,
					     "unsupported: imported function in a table");
				return false;
			}
		}
		if (e->mode == 0) {
			uint64_t off = (uint32_t)const_value(m, &e->offset, gval);
			if (off + e->n > m->tables[e->table].lim.min) {
				fmt_snprintf(
				    err->msg, sizeof err->msg,
				    "instantiation: out of bounds table access (segment %u)", s);
				return false;
			}
			at = L->tab[e->table] + 24 + 8 * off;
		} else {
			at = pat;
			st64(c, L->rt_elems + 16ull * s, at);
			if (e->n)
				st64(c, L->rt_elems + 16ull * s + 8, e->n);
			pat += 8ull * e->n;
		}
		for (uint32_t i = 0; i < e->n; i++)
			if (e->funcs[i] != WASM_NONE)
				st64(c, at + 8ull * i, funcref(cm, e->funcs[i]));
	}
	/* passive data segments: their bytes and descriptors (address, length)
	 * in the runtime block, for memory.init; an active segment keeps the
	 * zero descriptor (length 0: dropped once instantiated) */
	uint64_t at = L->rt_passive;
	for (uint32_t s = 0; s < m->ndatas; s++) {
		const struct wasm_data *d = &m->datas[s];
		if (d->active)
			continue;
		st64(c, L->rt_datas + 16ull * s, at);
		if (d->len)
			st64(c, L->rt_datas + 16ull * s + 8, d->len);
		for (uint32_t i = 0; i < d->len; i += 8) {
			uint64_t w = 0;
			for (uint32_t b = 0; b < 8 && i + b < d->len; b++)
				w |= (uint64_t)d->bytes[i + b] << (8 * b);
			if (w) /* the sandbox starts zeroed */
				st64(c, at + i, w);
		}
		at += (d->len + 7ull) & ~7ull;
	}
	if (m->start != WASM_NONE) {
		vput(c, (uint32_t)VELA_OP_CALL << 24);
		if (!wasm_add_callfix(cm, c->n - 1, m->start))
			return false;
	}
	if (o->invokes) {
		for (uint32_t k = 0; k < o->ninvokes; k++)
			if (!call_export(cm, &o->invokes[k], k, err))
				return false;
	} else {
		static const uint8_t s[] = "_start";
		struct wasm_name n = {s, 6};
		const struct wasm_export *e = find_export(m, n, WASM_EXT_FUNC);
		if (e) {
			const struct wasm_functype *t = &m->types[m->funcs[e->index].type];
			if (t->nparams || t->nresults) {
				fmt_snprintf(err->msg, sizeof err->msg, "_start must be [] -> []");
				return false;
			}
			vput(c, (uint32_t)VELA_OP_CALL << 24);
			if (!wasm_add_callfix(cm, c->n - 1, e->index))
				return false;
		}
	}
	vli(c, 3, 0);
	vli(c, R_T1, 0);
	vput(c, (uint32_t)VELA_OP_SYSCALL << 24);
	vbreak(c, WASM_TRAP_EXIT);
	return true;
}

bool wasm_lower(const struct wasm_module *m, const struct wasm_opts *o, struct wasm_arena *a,
		uint8_t *out, size_t cap, size_t *out_len, struct wasm_err *err)
{
	struct wasm_cm cm;
	memset(&cm, 0, sizeof cm);
	struct wasm_module mm = *m;
	/* import_limits gives imported tables their actual limits: on a copy */
	mm.tables = wasm_alloc(a, (m->ntables + 1ull) * sizeof *mm.tables);
	if (!mm.tables) {
		fmt_snprintf(err->msg, sizeof err->msg, "importer out of memory");
		return false;
	}
	if (m->ntables)
		memcpy(mm.tables, m->tables, m->ntables * sizeof *mm.tables);
	if (!import_limits(&mm, err))
		return false;
	m = &mm;
	cm.m = m;
	cm.a = a;
	cm.mode = o->mode;
	err->msg[0] = 0;
	if (!layout(m, o, &cm.lay, a, err))
		return false;
	uint64_t body = 0;
	for (uint32_t i = 0; i < m->nfuncs; i++)
		body += m->funcs[i].body_len;
	uint64_t words = body * 24 + 65536 + 64ull * m->nglobals + 24ull * m->nfuncs +
			 48ull * m->ntables + 256ull * o->ninvokes;
	for (uint32_t s = 0; s < m->nelems; s++)
		words += 8ull * m->elems[s].n;
	for (uint32_t k = 0; k < o->ninvokes; k++) { /* driver: arguments and results */
		const struct wasm_export *e = find_export(m, o->invokes[k].name, WASM_EXT_FUNC);
		words += 12ull * o->invokes[k].nargs;
		if (e)
			words += 8ull * m->types[m->funcs[e->index].type].nresults;
	}
	for (uint32_t s = 0; s < m->ndatas; s++) /* passive bytes: stored by the entry stub */
		words += 8 + (m->datas[s].active ? 0 : 2ull * m->datas[s].len);
	if (words > (64u << 20) / 4)
		words = (64u << 20) / 4;
	cm.code.cap = (uint32_t)words;
	cm.code.w = wasm_alloc(a, words * 4);
	cm.func_pc = wasm_alloc(a, 4ull * (m->nfuncs + 1));
	cm.cfcap = (uint32_t)(body / 2 + 64 + m->nelems + o->ninvokes);
	cm.cf = wasm_alloc(a, cm.cfcap * sizeof *cm.cf);
	uint64_t *gval = wasm_alloc(a, 8ull * (m->nglobals + 1));
	if (!cm.code.w || !cm.func_pc || !cm.cf || !gval) {
		fmt_snprintf(err->msg, sizeof err->msg, "importer out of memory");
		return false;
	}
	uint8_t want[WASI_COUNT + WASM_RT_NAETHER];
	memset(want, 0, sizeof want);
	for (uint32_t i = 0; i < m->nimported_funcs; i++) {
		const struct wasm_func *f = &m->funcs[i];
		int k = -1;
		if (wasm_name_is(f->module, "wasi_snapshot_preview1") ||
		    wasm_name_is(f->module, "wasi_unstable"))
			k = wasm_rt_wasi_index(f->name);
		else if (wasm_name_is(f->module, "aether") && wasm_rt_aether_index(f->name) >= 0)
			k = WASI_COUNT + wasm_rt_aether_index(f->name);
		if (k >= 0)
			want[k] = 1;
	}
	wasm_rt_emit(&cm.code, &cm.lay, &cm.rt, want);
	if (!imports(m, &cm, gval, err))
		return false;
	for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++)
		if (!wasm_compile_func(&cm, i, err))
			return false;
	uint32_t entry = cm.code.n;
	if (!entry_stub(&cm, o, gval, err))
		return false;
	if (cm.code.overflow) {
		fmt_snprintf(err->msg, sizeof err->msg, "code too large");
		return false;
	}
	for (uint32_t i = 0; i < cm.ncf; i++) {
		uint32_t fn = cm.cf[i].func;
		uint32_t target = (fn & 0x80000000u) ? fn & 0x7fffffffu : cm.func_pc[fn];
		if (!vpatch_j(&cm.code, cm.cf[i].pc, target)) {
			fmt_snprintf(err->msg, sizeof err->msg, "code too large for VELA calls");
			return false;
		}
	}
	/* data segments: one image */
	uint64_t lo = UINT64_MAX, hi = 0;
	for (uint32_t s = 0; s < m->ndatas; s++) {
		const struct wasm_data *d = &m->datas[s];
		if (!d->active)
			continue;
		uint64_t off = (uint32_t)const_value(m, &d->offset, gval);
		if (off + d->len > (uint64_t)m->mem.min * WASM_PAGE) {
			fmt_snprintf(err->msg, sizeof err->msg,
				     "instantiation: out of bounds memory access (data segment %u)",
				     s);
			return false;
		}
		if (!d->len)
			continue;
		if (off < lo)
			lo = off;
		if (off + d->len > hi)
			hi = off + d->len;
	}
	uint8_t *img = NULL;
	if (hi > lo) {
		img = wasm_alloc(a, hi - lo);
		if (!img) {
			fmt_snprintf(err->msg, sizeof err->msg, "importer out of memory");
			return false;
		}
		for (uint32_t s = 0; s < m->ndatas; s++) {
			const struct wasm_data *d = &m->datas[s];
			if (!d->active || !d->len)
				continue;
			uint64_t off = (uint32_t)const_value(m, &d->offset, gval);
			memcpy(img + (off - lo), d->bytes, d->len);
		}
	} else {
		lo = hi = 0;
	}
	/* symbols: every defined function (exported name when it has one) */
	uint32_t nsyms = m->nfuncs - m->nimported_funcs;
	struct vela_sym *syms = wasm_alloc(a, (nsyms + 1) * sizeof *syms);
	char *names = wasm_alloc(a, (size_t)nsyms * 16 + 16);
	if (!syms || !names) {
		fmt_snprintf(err->msg, sizeof err->msg, "importer out of memory");
		return false;
	}
	for (uint32_t i = 0; i < nsyms; i++) {
		uint32_t fi = m->nimported_funcs + i;
		char *nm = names + 16 * i;
		fmt_snprintf(nm, 16, "wasm%u", fi);
		syms[i].name = nm;
		syms[i].section = 0;
		syms[i].flags = VELA_SYM_FUNC | VELA_SYM_GLOBAL;
		syms[i].value = cm.func_pc[fi] * 4ull;
		uint32_t end = i + 1 < nsyms ? cm.func_pc[fi + 1] : entry;
		syms[i].size = (end - cm.func_pc[fi]) * 4ull;
	}
	/* code words to little-endian bytes, in place */
	uint8_t *bytes = (uint8_t *)cm.code.w;
	for (uint32_t i = 0; i < cm.code.n; i++)
		vela_store_word(bytes + 4 * i, cm.code.w[i]);
	struct vela_obj_desc d;
	memset(&d, 0, sizeof d);
	d.entry = entry * 4;
	d.mem_size = cm.lay.mem_size;
	d.code = bytes;
	d.code_size = cm.code.n * 4;
	d.data = img;
	d.data_size = (uint32_t)(hi - lo);
	d.data_addr = lo;
	d.bss_addr = hi;
	d.bss_size = 0;
	d.syms = syms;
	d.nsyms = nsyms;
	*out_len = vela_obj_write(&d, out, cap);
	return true;
}
