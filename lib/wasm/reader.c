/*
 * WebAssembly binary reader: LEB128 primitives and the module sections
 * (everything but the function bodies, which compile.c validates while it
 * lowers them). Follows the WebAssembly core specification 2.0, chapter 5
 * (binary format) and the module-level rules of chapter 3 (validation).
 */
#include "wasm/wasm.h"

#include "fmt/format.h"

#include <string.h>

void *wasm_alloc(struct wasm_arena *a, size_t size)
{
	size_t at = (a->used + 7) & ~(size_t)7;
	if (at > a->cap || size > a->cap - at)
		return NULL;
	a->used = at + size;
	memset(a->base + at, 0, size);
	return a->base + at;
}

bool wasm_name_is(struct wasm_name n, const char *s)
{
	size_t l = strlen(s);
	return n.len == l && memcmp(n.p, s, l) == 0;
}

static bool fail(struct wasm_rd *r, const char *why)
{
	if (!r->fail)
		r->fail = why;
	return false;
}

bool wasm_byte(struct wasm_rd *r, uint8_t *v)
{
	if (r->p >= r->end)
		return fail(r, "unexpected end");
	*v = *r->p++;
	return true;
}

bool wasm_bytes(struct wasm_rd *r, uint32_t n, const uint8_t **p)
{
	if ((size_t)(r->end - r->p) < n)
		return fail(r, "unexpected end");
	*p = r->p;
	r->p += n;
	return true;
}

/* Unsigned LEB128 of at most `bits` bits. */
static bool uleb(struct wasm_rd *r, unsigned bits, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;
	for (;;) {
		uint8_t b;
		if (!wasm_byte(r, &b))
			return false;
		if (shift + 7 >= bits && shift < 64) {
			/* last permitted byte: no continuation, unused bits zero */
			unsigned used = bits - shift;
			if (b & 0x80)
				return fail(r, "integer representation too long");
			if (used < 7 && (b >> used) != 0)
				return fail(r, "integer too large");
		}
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	*v = x;
	return true;
}

static bool sleb(struct wasm_rd *r, unsigned bits, int64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;
	uint8_t b;
	for (;;) {
		if (!wasm_byte(r, &b))
			return false;
		if (shift + 7 >= bits) {
			unsigned used = bits - shift; /* value bits in this byte, incl. sign */
			if (b & 0x80)
				return fail(r, "integer representation too long");
			/* the bits above `used` must all equal the sign bit */
			int sign = (b >> (used - 1)) & 1;
			unsigned rest = (b & 0x7f) >> used;
			unsigned want = sign ? (0x7fu >> used) : 0;
			if (used < 7 && rest != want)
				return fail(r, "integer too large");
		}
		x |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	if (shift < 64 && (b & 0x40))
		x |= ~(uint64_t)0 << shift;
	*v = (int64_t)x;
	return true;
}

bool wasm_u32(struct wasm_rd *r, uint32_t *v)
{
	uint64_t x;
	if (!uleb(r, 32, &x))
		return false;
	*v = (uint32_t)x;
	return true;
}

bool wasm_s32(struct wasm_rd *r, int32_t *v)
{
	int64_t x;
	if (!sleb(r, 32, &x))
		return false;
	*v = (int32_t)x;
	return true;
}

bool wasm_s33(struct wasm_rd *r, int64_t *v)
{
	return sleb(r, 33, v);
}

bool wasm_s64(struct wasm_rd *r, int64_t *v)
{
	return sleb(r, 64, v);
}

/* ---------------------------------------------------------------- module */

struct rctx {
	struct wasm_rd r;
	struct wasm_arena *a;
	struct wasm_module *m;
	struct wasm_err *err;
	bool invalid; /* a validation (not decoding) error */
	const char *why;
	uint32_t at;
};

static bool bad(struct rctx *c, const char *why)
{
	if (!c->why) {
		c->why = why;
		c->at = (uint32_t)(c->r.p - c->r.base);
	}
	return false;
}

static bool invalid(struct rctx *c, const char *why)
{
	c->invalid = true;
	return bad(c, why);
}

static bool rd_ok(struct rctx *c, bool ok)
{
	if (!ok)
		return bad(c, c->r.fail ? c->r.fail : "malformed");
	return true;
}

static bool u32(struct rctx *c, uint32_t *v)
{
	return rd_ok(c, wasm_u32(&c->r, v));
}

static bool byte(struct rctx *c, uint8_t *v)
{
	return rd_ok(c, wasm_byte(&c->r, v));
}

static void *alloc_n(struct rctx *c, uint32_t n, size_t size)
{
	if (n && size > SIZE_MAX / n)
		return NULL;
	void *p = wasm_alloc(c->a, (size_t)n * size + 1);
	if (!p)
		bad(c, "module too large for the importer's memory");
	return p;
}

/* A vector count: each element takes at least one byte, so a count larger
 * than the remaining bytes is malformed (and would exhaust the arena). */
static bool count(struct rctx *c, uint32_t *n)
{
	if (!u32(c, n))
		return false;
	if (*n > (size_t)(c->r.end - c->r.p))
		return bad(c, "unexpected end of section or function");
	return true;
}

static bool utf8_ok(const uint8_t *p, uint32_t n)
{
	uint32_t i = 0;
	while (i < n) {
		uint8_t b = p[i];
		uint32_t len, cp;
		if (b < 0x80) {
			i++;
			continue;
		} else if ((b & 0xe0) == 0xc0) {
			len = 2;
			cp = b & 0x1f;
		} else if ((b & 0xf0) == 0xe0) {
			len = 3;
			cp = b & 0x0f;
		} else if ((b & 0xf8) == 0xf0) {
			len = 4;
			cp = b & 0x07;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (uint32_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp < 0xe000))
			return false;
		i += len;
	}
	return true;
}

static bool name(struct rctx *c, struct wasm_name *n)
{
	uint32_t len;
	if (!u32(c, &len) || !rd_ok(c, wasm_bytes(&c->r, len, &n->p)))
		return false;
	n->len = len;
	if (!utf8_ok(n->p, len))
		return bad(c, "malformed UTF-8 encoding");
	return true;
}

static bool valtype(struct rctx *c, uint8_t *t)
{
	if (!byte(c, t))
		return false;
	switch (*t) {
	case WASM_I32:
	case WASM_I64:
	case WASM_F32:
	case WASM_F64:
	case WASM_V128:
	case WASM_FUNCREF:
	case WASM_EXTERNREF:
		return true;
	}
	return bad(c, "malformed value type");
}

static bool limits(struct rctx *c, struct wasm_limits *l, uint32_t bound, const char *what)
{
	uint8_t flag;
	if (!byte(c, &flag))
		return false;
	if (flag > 1)
		return bad(c, "integer too large");
	if (!u32(c, &l->min))
		return false;
	l->has_max = flag == 1;
	l->max = 0;
	if (l->has_max && !u32(c, &l->max))
		return false;
	if (bound && l->min > bound)
		return invalid(c, what);
	if (bound && l->has_max && l->max > bound)
		return invalid(c, what);
	if (l->has_max && l->min > l->max)
		return invalid(c, "size minimum must not be greater than maximum");
	return true;
}

static bool globaltype(struct rctx *c, struct wasm_global *g)
{
	uint8_t mut;
	if (!valtype(c, &g->type) || !byte(c, &mut))
		return false;
	if (mut > 1)
		return bad(c, "malformed mutability");
	g->mut = mut;
	return true;
}

/* The next table of m->tables (sized by the caller): reference type, limits */
static bool tabletype(struct rctx *c)
{
	struct wasm_module *m = c->m;
	struct wasm_table *t = &m->tables[m->ntables];
	if (!byte(c, &t->type))
		return false;
	if (t->type != WASM_FUNCREF && t->type != WASM_EXTERNREF)
		return bad(c, "malformed reference type");
	if (!limits(c, &t->lim, 0, NULL))
		return false;
	m->ntables++;
	return true;
}

static bool memtype(struct rctx *c)
{
	struct wasm_module *m = c->m;
	if (!limits(c, &m->mem, WASM_MAX_PAGES, "memory size must be at most 65536 pages (4GiB)"))
		return false;
	if (m->has_mem)
		return invalid(c, "multiple memories");
	m->has_mem = true;
	return true;
}

/* Constant expression of type `want` (WASM_ANY: a reference for elements). */
static bool const_expr(struct rctx *c, uint8_t want, struct wasm_const *k, uint32_t nglobals)
{
	struct wasm_module *m = c->m;
	uint8_t op;
	k->global = WASM_NONE;
	k->func = WASM_NONE;
	k->value = 0;
	if (!byte(c, &op))
		return false;
	switch (op) {
	case 0x41: {
		int32_t v;
		if (!rd_ok(c, wasm_s32(&c->r, &v)))
			return false;
		k->type = WASM_I32;
		k->value = (uint64_t)(int64_t)v;
		break;
	}
	case 0x42: {
		int64_t v;
		if (!rd_ok(c, wasm_s64(&c->r, &v)))
			return false;
		k->type = WASM_I64;
		k->value = (uint64_t)v;
		break;
	}
	case 0x43: {
		const uint8_t *p;
		if (!rd_ok(c, wasm_bytes(&c->r, 4, &p)))
			return false;
		k->type = WASM_F32;
		/* sign-extended, the register form of every f32 (docs/vela-wasm.md,
		 * "Floats"): the sign tests of copysign and the rounding sequences
		 * read bit 63 */
		k->value =
		    (uint64_t)(int64_t)(int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
						 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		break;
	}
	case 0x44: {
		const uint8_t *p;
		if (!rd_ok(c, wasm_bytes(&c->r, 8, &p)))
			return false;
		k->type = WASM_F64;
		for (int i = 7; i >= 0; i--)
			k->value = k->value << 8 | p[i];
		break;
	}
	case 0x23: {
		uint32_t g;
		if (!u32(c, &g))
			return false;
		if (g >= nglobals || g >= m->nglobals)
			return invalid(c, "unknown global");
		if (!m->globals[g].imported || m->globals[g].mut)
			return invalid(c, "constant expression required");
		k->type = m->globals[g].type;
		k->global = g;
		break;
	}
	case 0xd0: {
		uint8_t t;
		if (!byte(c, &t))
			return false;
		if (t != WASM_FUNCREF && t != WASM_EXTERNREF)
			return bad(c, "malformed reference type");
		k->type = t;
		break;
	}
	case 0xd2: {
		uint32_t f;
		if (!u32(c, &f))
			return false;
		if (f >= m->nfuncs)
			return invalid(c, "unknown function");
		k->type = WASM_FUNCREF;
		k->func = f;
		if (m->func_ref)
			m->func_ref[f] = true;
		break;
	}
	default:
		if (op == 0x0b)
			return invalid(c, "type mismatch");
		return invalid(c, "constant expression required");
	}
	if (!byte(c, &op))
		return false;
	if (op != 0x0b)
		return invalid(c, op == 0x41 || op == 0x42 || op == 0x6a || op == 0x23
				      ? "type mismatch"
				      : "constant expression required");
	if (want != WASM_ANY && k->type != want)
		return invalid(c, "type mismatch");
	return true;
}

static bool sec_type(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n) || !(m->types = alloc_n(c, n, sizeof *m->types)))
		return false;
	m->ntypes = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_functype *t = &m->types[i];
		uint8_t form;
		if (!byte(c, &form))
			return false;
		if (form != 0x60)
			return bad(c, "integer representation too long");
		for (int k = 0; k < 2; k++) {
			uint32_t cnt;
			const uint8_t *p;
			if (!count(c, &cnt))
				return false;
			p = c->r.p;
			for (uint32_t j = 0; j < cnt; j++) {
				uint8_t vt;
				if (!valtype(c, &vt))
					return false;
			}
			if (k == 0) {
				t->nparams = cnt;
				t->params = p;
			} else {
				t->nresults = cnt;
				t->results = p;
			}
		}
		t->canon = i;
		for (uint32_t j = 0; j < i; j++) {
			struct wasm_functype *u = &m->types[j];
			if (u->nparams == t->nparams && u->nresults == t->nresults &&
			    !memcmp(u->params, t->params, t->nparams) &&
			    !memcmp(u->results, t->results, t->nresults)) {
				t->canon = u->canon;
				break;
			}
		}
	}
	return true;
}

static bool sec_import(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n))
		return false;
	/* two passes: count functions and globals first to size the arrays */
	struct wasm_rd save = c->r;
	uint32_t nf = 0, ng = 0, nt = 0;
	for (int pass = 0; pass < 2; pass++) {
		c->r = save;
		if (pass == 1) {
			if (!(m->funcs = alloc_n(c, nf, sizeof *m->funcs)) ||
			    !(m->globals = alloc_n(c, ng, sizeof *m->globals)) ||
			    !(m->tables = alloc_n(c, nt, sizeof *m->tables)))
				return false;
			m->nfuncs = m->nimported_funcs = 0;
			m->nglobals = m->nimported_globals = 0;
		}
		for (uint32_t i = 0; i < n; i++) {
			struct wasm_name mod, nm;
			uint8_t kind;
			if (!name(c, &mod) || !name(c, &nm) || !byte(c, &kind))
				return false;
			switch (kind) {
			case 0: {
				uint32_t t;
				if (!u32(c, &t))
					return false;
				if (t >= m->ntypes)
					return invalid(c, "unknown type");
				if (pass == 0) {
					nf++;
					break;
				}
				struct wasm_func *f = &m->funcs[m->nfuncs++];
				f->type = t;
				f->imported = true;
				f->module = mod;
				f->name = nm;
				m->nimported_funcs++;
				break;
			}
			case 1:
				if (pass == 0) {
					uint8_t et;
					struct wasm_limits l;
					if (!byte(c, &et) || !limits(c, &l, 0, NULL))
						return false;
					nt++;
					break;
				}
				if (!tabletype(c))
					return false;
				m->tables[m->ntables - 1].imported = true;
				m->tables[m->ntables - 1].module = mod;
				m->tables[m->ntables - 1].name = nm;
				break;
			case 2:
				if (pass == 0) {
					struct wasm_limits l;
					if (!limits(
						c, &l, WASM_MAX_PAGES,
						"memory size must be at most 65536 pages (4GiB)"))
						return false;
					break;
				}
				if (!memtype(c))
					return false;
				m->mem_imported = true;
				m->mem_module = mod;
				m->mem_name = nm;
				break;
			case 3: {
				struct wasm_global g = {0};
				if (!globaltype(c, &g))
					return false;
				if (pass == 0) {
					ng++;
					break;
				}
				g.imported = true;
				g.module = mod;
				g.name = nm;
				g.init.global = WASM_NONE;
				g.init.func = WASM_NONE;
				g.init.type = g.type;
				m->globals[m->nglobals++] = g;
				m->nimported_globals++;
				break;
			}
			default:
				return bad(c, "malformed import kind");
			}
		}
	}
	return true;
}

static bool sec_function(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n))
		return false;
	struct wasm_func *f = alloc_n(c, m->nfuncs + n, sizeof *f);
	if (!f)
		return false;
	if (m->nfuncs)
		memcpy(f, m->funcs, m->nfuncs * sizeof *f);
	m->funcs = f;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t t;
		if (!u32(c, &t))
			return false;
		if (t >= m->ntypes)
			return invalid(c, "unknown type");
		m->funcs[m->nfuncs++].type = t;
	}
	return true;
}

static bool sec_table(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n))
		return false;
	struct wasm_table *t = alloc_n(c, m->ntables + n, sizeof *t);
	if (!t)
		return false;
	if (m->ntables)
		memcpy(t, m->tables, m->ntables * sizeof *t);
	m->tables = t;
	for (uint32_t i = 0; i < n; i++)
		if (!tabletype(c))
			return false;
	return true;
}

static bool sec_memory(struct rctx *c)
{
	uint32_t n;
	if (!count(c, &n))
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (!memtype(c))
			return false;
	return true;
}

static bool sec_global(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n))
		return false;
	struct wasm_global *g = alloc_n(c, m->nglobals + n, sizeof *g);
	if (!g)
		return false;
	if (m->nglobals)
		memcpy(g, m->globals, m->nglobals * sizeof *g);
	m->globals = g;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_global *x = &m->globals[m->nglobals];
		if (!globaltype(c, x) || !const_expr(c, x->type, &x->init, m->nimported_globals))
			return false;
		m->nglobals++;
	}
	return true;
}

static bool sec_export(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n) || !(m->exports = alloc_n(c, n, sizeof *m->exports)))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_export *e = &m->exports[i];
		if (!name(c, &e->name) || !byte(c, &e->kind) || !u32(c, &e->index))
			return false;
		uint32_t lim;
		switch (e->kind) {
		case 0:
			lim = m->nfuncs;
			break;
		case 1:
			lim = m->ntables;
			break;
		case 2:
			lim = m->has_mem;
			break;
		case 3:
			lim = m->nglobals;
			break;
		default:
			return bad(c, "malformed export kind");
		}
		if (e->index >= lim) {
			static const char *const what[] = {"unknown function", "unknown table",
							   "unknown memory", "unknown global"};
			return invalid(c, what[e->kind]);
		}
		if (e->kind == 0)
			m->func_ref[e->index] = true;
		for (uint32_t j = 0; j < i; j++)
			if (m->exports[j].name.len == e->name.len &&
			    !memcmp(m->exports[j].name.p, e->name.p, e->name.len))
				return invalid(c, "duplicate export name");
		m->nexports++;
	}
	return true;
}

static bool sec_start(struct rctx *c)
{
	struct wasm_module *m = c->m;
	if (!u32(c, &m->start))
		return false;
	if (m->start >= m->nfuncs)
		return invalid(c, "unknown function");
	struct wasm_functype *t = &m->types[m->funcs[m->start].type];
	if (t->nparams || t->nresults)
		return invalid(c, "start function");
	return true;
}

static bool sec_elem(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n) || !(m->elems = alloc_n(c, n, sizeof *m->elems)))
		return false;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_elem *e = &m->elems[i];
		uint32_t flags;
		if (!u32(c, &flags))
			return false;
		if (flags > 7)
			return bad(c, "malformed elements segment kind");
		e->mode = (flags & 1) ? ((flags & 2) ? 2 : 1) : 0;
		e->table = 0;
		if ((flags & 3) == 2 && !u32(c, &e->table))
			return false;
		if (!(flags & 1)) {
			if (!const_expr(c, WASM_I32, &e->offset, m->nimported_globals))
				return false;
			if (e->table >= m->ntables)
				return invalid(c, "unknown table");
		}
		bool exprs = flags & 4;
		e->type = WASM_FUNCREF;
		if (flags & 3) {
			uint8_t k;
			if (!byte(c, &k))
				return false;
			if (!exprs && k != 0)
				return bad(c, "malformed elements segment kind");
			if (exprs && k != WASM_FUNCREF && k != WASM_EXTERNREF)
				return bad(c, "malformed reference type");
			if (exprs)
				e->type = k;
		}
		/* an active segment's element type must be its table's */
		if (e->mode == 0 && m->tables[e->table].type != e->type)
			return invalid(c, "type mismatch");
		uint32_t cnt;
		if (!count(c, &cnt) || !(e->funcs = alloc_n(c, cnt, sizeof *e->funcs)))
			return false;
		e->n = cnt;
		for (uint32_t j = 0; j < cnt; j++) {
			if (exprs) {
				struct wasm_const k;
				if (!const_expr(c, WASM_ANY, &k, m->nimported_globals))
					return false;
				if (k.type != e->type)
					return invalid(c, "type mismatch");
				if (k.global != WASM_NONE)
					return bad(c,
						   "unsupported: global.get in element expression");
				e->funcs[j] = k.func;
			} else {
				if (!u32(c, &e->funcs[j]))
					return false;
				if (e->funcs[j] >= m->nfuncs)
					return invalid(c, "unknown function");
				m->func_ref[e->funcs[j]] = true;
			}
		}
		m->nelems++;
	}
	return true;
}

static bool sec_code(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n))
		return false;
	if (n != m->nfuncs - m->nimported_funcs)
		return bad(c, "function and code section have inconsistent lengths");
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_func *f = &m->funcs[m->nimported_funcs + i];
		uint32_t size;
		if (!u32(c, &size))
			return false;
		f->body_off = (uint32_t)(c->r.p - c->r.base);
		if (!rd_ok(c, wasm_bytes(&c->r, size, &f->body)))
			return false;
		f->body_len = size;
	}
	return true;
}

static bool sec_data(struct rctx *c)
{
	struct wasm_module *m = c->m;
	uint32_t n;
	if (!count(c, &n) || !(m->datas = alloc_n(c, n, sizeof *m->datas)))
		return false;
	if (m->has_data_count && n != m->data_count)
		return bad(c, "data count and data section have inconsistent lengths");
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_data *d = &m->datas[i];
		uint32_t flags, mem = 0;
		if (!u32(c, &flags))
			return false;
		if (flags > 2)
			return bad(c, "malformed data segment kind");
		if (flags == 2 && !u32(c, &mem))
			return false;
		d->active = flags != 1;
		if (d->active) {
			if (mem != 0 || !m->has_mem)
				return invalid(c, "unknown memory");
			if (!const_expr(c, WASM_I32, &d->offset, m->nimported_globals))
				return false;
		}
		if (!u32(c, &d->len) || !rd_ok(c, wasm_bytes(&c->r, d->len, &d->bytes)))
			return false;
		m->ndatas++;
	}
	return true;
}

static int sec_rank(uint8_t id)
{
	/* order of the known sections; datacount (12) sits before code (10) */
	static const int8_t rank[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
	return id < 13 ? rank[id] : -1;
}

bool wasm_read(const uint8_t *buf, size_t len, struct wasm_arena *a, struct wasm_module *m,
	       struct wasm_err *err)
{
	struct rctx c = {{buf, buf + len, buf, NULL}, a, m, err, false, NULL, 0};
	memset(m, 0, sizeof *m);
	m->buf = buf;
	m->len = len;
	m->start = WASM_NONE;
	err->msg[0] = 0;
	const uint8_t *p;
	if (len > UINT32_MAX) {
		bad(&c, "module too large");
		goto out;
	}
	if (!rd_ok(&c, wasm_bytes(&c.r, 4, &p)) || memcmp(p, "\0asm", 4)) {
		bad(&c, "magic header not detected");
		goto out;
	}
	if (!rd_ok(&c, wasm_bytes(&c.r, 4, &p)) || memcmp(p, "\1\0\0\0", 4)) {
		bad(&c, "unknown binary version");
		goto out;
	}
	int last = 0;
	bool seen_func = false, seen_code = false;
	while (c.r.p < c.r.end) {
		uint8_t id;
		uint32_t size;
		if (!byte(&c, &id) || !u32(&c, &size))
			goto out;
		if (size > (size_t)(c.r.end - c.r.p)) {
			bad(&c, "section size mismatch: unexpected end");
			goto out;
		}
		const uint8_t *end = c.r.p + size;
		struct wasm_rd outer = c.r;
		c.r.end = end;
		if (id == 0) {
			struct wasm_name nm;
			if (!name(&c, &nm))
				goto out;
			c.r.p = end;
		} else {
			int rank = sec_rank(id);
			if (rank < 0) {
				bad(&c, "malformed section id");
				goto out;
			}
			if (rank <= last) {
				bad(&c, "unexpected content after last section");
				goto out;
			}
			last = rank;
			bool ok = true;
			/* ref.func in globals, exports and elements declares the
			 * function (the function section, 3, comes before) */
			if (!m->func_ref && id >= 6 && m->nfuncs) {
				m->func_ref = alloc_n(&c, m->nfuncs, sizeof(bool));
				if (!m->func_ref)
					goto out;
			}
			if (!m->func_ref && id >= 6)
				m->func_ref = alloc_n(&c, 1, sizeof(bool));
			switch (id) {
			case 1:
				ok = sec_type(&c);
				break;
			case 2:
				ok = sec_import(&c);
				break;
			case 3:
				ok = sec_function(&c);
				seen_func = true;
				break;
			case 4:
				ok = sec_table(&c);
				break;
			case 5:
				ok = sec_memory(&c);
				break;
			case 6:
				ok = sec_global(&c);
				break;
			case 7:
				ok = sec_export(&c);
				break;
			case 8:
				ok = sec_start(&c);
				break;
			case 9:
				ok = sec_elem(&c);
				break;
			case 10:
				ok = sec_code(&c);
				seen_code = true;
				break;
			case 11:
				ok = sec_data(&c);
				break;
			case 12:
				ok = u32(&c, &m->data_count);
				m->has_data_count = ok;
				break;
			}
			if (!ok)
				goto out;
			if (c.r.p != end) {
				bad(&c, "section size mismatch");
				goto out;
			}
		}
		outer.p = end;
		c.r = outer;
	}
	if (!m->func_ref && !(m->func_ref = alloc_n(&c, m->nfuncs, sizeof(bool))))
		goto out;
	(void)seen_func;
	if (!seen_code && m->nfuncs != m->nimported_funcs) {
		bad(&c, "function and code section have inconsistent lengths");
		goto out;
	}
	if (m->has_data_count && m->data_count != m->ndatas) {
		bad(&c, "data count and data section have inconsistent lengths");
		goto out;
	}
	return true;
out:
	fmt_snprintf(err->msg, sizeof err->msg, "%s at offset 0x%x: %s",
		     c.invalid ? "invalid module" : "malformed module", c.at,
		     c.why ? c.why : "malformed");
	return false;
}
