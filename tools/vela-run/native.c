/* vela-run native backend: AetherBridge on Linux.
 *
 * Memory layout of a run:
 *   sandbox   mmap'ed PROT_NONE with GUARD bytes on each side, the mem_size bytes
 *             in the middle read/write (translated code reaches it only as
 *             [mem_base + checked address]; the guard regions are a second net)
 *   metadata  context block (registers, table, bitmap), shadow stack: malloc'ed,
 *             outside the sandbox
 *   code      mmap'ed read/write for the translator, then mprotect'ed read+execute
 *             before it runs (W^X), unmapped afterwards
 */
#define _GNU_SOURCE
#include "vela-run/native.h"
#include "vela-run/run.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUARD (1ull << 24) /* 16 MiB PROT_NONE on each side of the sandbox */

typedef uint32_t (*enter_fn)(struct bridge_ctx *ctx, uint64_t host_target);

struct priv {
	uint8_t *region;
	size_t region_len;
	struct bridge_ctx *ctx;
	uint64_t *shadow;
	const struct native_cfg *cfg;
	const struct native_prog *prog;
	int64_t status;
};

/* CPU time of this thread: translation time is measured with it, so that a loaded
 * machine (other processes on the same cores) does not count against the translator */
static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static bool mode_of(enum native_mode m, enum bridge_mode *out)
{
	switch (m) {
	case NATIVE_NORMAL:
		*out = BRIDGE_MODE_NORMAL;
		return true;
	case NATIVE_ALL_GUARDS:
		*out = BRIDGE_MODE_ALL_GUARDS;
		return true;
	case NATIVE_UNSAFE:
#ifdef BRIDGE_ALLOW_UNSAFE
		*out = BRIDGE_MODE_UNSAFE;
		return true;
#else
		return false;
#endif
	}
	return false;
}

/* A translation: code mapped read+execute, its bridge_out and work arena. */
struct xlat {
	uint8_t *code;
	size_t map_len;
	void *work;
	struct bridge_out out;
	uint8_t *elide;
	struct bridge_fact *facts;
};

static void xlat_free(struct xlat *x)
{
	if (x->code)
		munmap(x->code, x->map_len);
	free(x->work);
	free(x->elide);
	free(x->facts);
	memset(x, 0, sizeof *x);
}

/* VRC for a NATIVE_NORMAL translation: elide[] and facts[] from the checked
 * certificate; false (error set) if the checker rejects it. */
static bool run_vrc(const struct native_prog *p, struct xlat *x, struct vrc_stats *stats,
		    char *error, size_t cap)
{
	struct vrc_options vo = {p->mem_size, p->entry, p->targets, p->ntargets};
	size_t wsize = vrc_prepare_work_size(p->code_len, p->ntargets);
	void *work = malloc(wsize);
	struct vrc_result res;
	struct vrc_check_error cerr;
	if (!work) {
		snprintf(error, cap, "out of memory for VRC");
		return false;
	}
	bool ok = vrc_prepare(p->code, p->code_len, &vo, work, wsize, &res, &cerr);
	if (!ok) {
		snprintf(error, cap, "%s", cerr.msg);
	} else if (res.cert.claims) {
		memcpy(x->elide, res.cert.claims, p->code_len / 4);
		memcpy(x->facts, res.facts, p->code_len / 4 * sizeof *x->facts);
	}
	if (stats)
		*stats = res.stats;
	free(work);
	return ok;
}

static bool translate_an(const struct native_prog *p, uint64_t seed, enum native_mode mode,
			 bool count, bool time, struct xlat *x, char *error, size_t cap,
			 uint64_t *ns, uint64_t *an_ns, struct vrc_stats *vstats)
{
	struct bridge_options o;
	struct bridge_error err;
	memset(&o, 0, sizeof o);
	memset(x, 0, sizeof *x);
	if (!mode_of(mode, &o.mode)) {
		snprintf(error, cap, "unsafe no-guards mode exists only in benchmark builds");
		return false;
	}
	o.seed = seed;
	o.syscall = BRIDGE_SYS_SHIM;
	o.mem_size = p->mem_size;
	o.caps = p->caps;
	o.entry = p->entry;
	o.targets = p->targets;
	o.ntargets = p->ntargets;
	o.count_guards = count;
	o.time_checks = time;
	uint64_t t0 = 0, spent = 0;
	size_t n = p->code_len / 4;
	if (mode == NATIVE_NORMAL && p->code_len % 4 == 0) {
		x->elide = malloc(n + 1);
		x->facts = malloc((n + 1) * sizeof *x->facts);
		if (!x->elide || !x->facts) {
			snprintf(error, cap, "out of memory");
			xlat_free(x);
			return false;
		}
		memset(x->elide, 0, n + 1);
		memset(x->facts, 0, (n + 1) * sizeof *x->facts);
		/* an invalid program is rejected by the translator below */
		t0 = cpu_ns();
		if (p->analysis == NATIVE_ANALYSIS_LOCAL) {
			bridge_elide_local(p->code, p->code_len, p->mem_size, p->targets,
					   p->ntargets, x->elide, x->facts);
		} else if (p->analysis == NATIVE_ANALYSIS_VRC &&
			   !run_vrc(p, x, vstats, error, cap)) {
			xlat_free(x);
			return false;
		}
		o.elide = x->elide;
		o.facts = x->facts;
		spent = cpu_ns() - t0;
		if (an_ns)
			*an_ns += spent;
	}
	size_t bound = bridge_code_bound(p->code_len);
	size_t wsize = bridge_work_size(p->code_len);
	x->map_len = (bound + 4095) & ~(size_t)4095;
	x->code =
	    mmap(NULL, x->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	x->work = malloc(wsize);
	if (x->code == MAP_FAILED || !x->work) {
		if (x->code == MAP_FAILED)
			x->code = NULL;
		snprintf(error, cap, "out of memory for the translation");
		xlat_free(x);
		return false;
	}
	/* translation time: the analysis pass and the translator, not the mappings */
	t0 = cpu_ns();
	bool ok = bridge_translate(p->code, p->code_len, &o, x->code, bound, x->work, wsize,
				   &x->out, &err);
	spent += cpu_ns() - t0;
	if (!ok) {
		snprintf(error, cap, "%s", err.msg);
		xlat_free(x);
		return false;
	}
	/* W^X: the code becomes executable only once complete, never writable again */
	if (mprotect(x->code, x->map_len, PROT_READ | PROT_EXEC) != 0) {
		snprintf(error, cap, "mprotect(code, R+X) failed");
		xlat_free(x);
		return false;
	}
	if (ns)
		*ns += spent;
	return true;
}

static bool translate(const struct native_prog *p, uint64_t seed, enum native_mode mode, bool count,
		      bool time, struct xlat *x, char *error, size_t cap, uint64_t *ns)
{
	return translate_an(p, seed, mode, count, time, x, error, cap, ns, NULL, NULL);
}

uint8_t *native_translate_only(const struct native_prog *p, uint64_t seed, enum native_mode mode,
			       size_t *len, uint64_t *ns, char *error, size_t error_cap)
{
	struct xlat x;
	if (!translate(p, seed, mode, false, false, &x, error, error_cap, ns))
		return NULL;
	uint8_t *copy = malloc(x.out.code_len ? x.out.code_len : 1);
	if (copy) {
		memcpy(copy, x.code, x.out.code_len);
		*len = x.out.code_len;
	}
	xlat_free(&x);
	return copy;
}

/* The syscall strategy on the host: translated code calls this with the VELA
 * state spilled into the context block; the handler works on a vela_machine view. */
static uint32_t host_syscall(struct bridge_ctx *ctx)
{
	struct priv *pv = (struct priv *)(uintptr_t)ctx->user;
	const struct native_cfg *cfg = pv->cfg;
	uint64_t nr = ctx->sys_nr;
	if (!cfg->syscall) {
		ctx->trap_addr = nr;
		ctx->exit_reason = BRIDGE_EXIT_TRAP | VELA_TRAP_SYSCALL << 8;
		ctx->trap_addr = nr;
		return 1;
	}
	struct vela_machine m;
	memset(&m, 0, sizeof m);
	m.code = pv->prog->code;
	m.code_len = pv->prog->code_len;
	m.mem = pv->region + GUARD;
	m.mem_size = ctx->mem_size;
	m.caps = pv->prog->caps;
	m.pc = ctx->trap_pc;
	m.time_budget = ctx->time_budget;
	memcpy(m.r, ctx->regs, sizeof m.r);
	memcpy(m.v, ctx->vregs, sizeof m.v);
	int rc = cfg->syscall(cfg->syscall_ctx, &m, nr);
	memcpy(ctx->regs, m.r, sizeof m.r);
	memcpy(ctx->vregs, m.v, sizeof m.v);
	ctx->regs[0] = 0;
	if (rc == VELA_SYS_CONTINUE) {
		ctx->exit_reason = 0;
		return 0;
	}
	if (rc == VELA_SYS_EXIT) {
		pv->status = m.exit_status;
		ctx->exit_reason = BRIDGE_EXIT_SERVICE;
		return 1;
	}
	unsigned kind = rc > 0 && rc < VELA_TRAP_COUNT ? (unsigned)rc : VELA_TRAP_SYSCALL;
	ctx->exit_reason = BRIDGE_EXIT_TRAP | kind << 8;
	ctx->trap_addr = nr;
	return 1;
}

/* Disassemble the code with objdump when it is installed (a host convenience:
 * one temporary file, one objdump run); returns an array of lines indexed by host
 * offset (NULL where no instruction starts), or NULL. */
static char **disassemble(const uint8_t *code, size_t len)
{
	char path[] = "/tmp/vela-run-xXXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	if (!f || fwrite(code, 1, len, f) != len) {
		if (f)
			fclose(f);
		unlink(path);
		return NULL;
	}
	fclose(f);
	char cmd[256];
	snprintf(cmd, sizeof cmd,
		 "objdump -D -b binary -mi386:x86-64 -M intel --no-show-raw-insn %s 2>/dev/null",
		 path);
	FILE *pp = popen(cmd, "r");
	char **lines = pp ? calloc(len + 1, sizeof *lines) : NULL;
	char buf[512];
	while (lines && fgets(buf, sizeof buf, pp)) {
		char *colon = strchr(buf, ':');
		if (!colon || colon[1] != '\t')
			continue;
		char *end;
		unsigned long off = strtoul(buf, &end, 16);
		if (end != colon || off >= len)
			continue;
		char *text = colon + 2;
		text[strcspn(text, "\n")] = 0;
		free(lines[off]);
		lines[off] = strdup(text);
	}
	if (pp && pclose(pp) != 0 && lines) {
		for (size_t i = 0; i <= len; i++)
			free(lines[i]);
		free(lines);
		lines = NULL;
	}
	unlink(path);
	return lines;
}

static void dump(FILE *f, const struct native_prog *p, const struct xlat *x, uint64_t seed)
{
	const struct bridge_out *o = &x->out;
	static const char *rn[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
				     "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
	fprintf(f, "; AetherBridge translation, seed %llu: %u instructions -> %zu bytes\n",
		(unsigned long long)seed, o->ninsns, o->code_len);
	fprintf(f, "; map: mem_base=%s ctx=%s(+%d) scratch=%s,%s", rn[o->map.membase],
		rn[o->map.ctx], o->map.bias, rn[o->map.s1], rn[o->map.s2]);
	for (unsigned v = 1; v < VELA_NREGS; v++) {
		if (o->map.host[v] == 0xff)
			fprintf(f, " r%u=ctx", v);
		else
			fprintf(f, " r%u=%s", v, rn[o->map.host[v]]);
	}
	fprintf(f, "\n");
	char **dis = disassemble(x->code, o->code_len);
	for (uint32_t i = 0; i < o->ninsns; i++) {
		char text[96];
		vela_disasm(vela_load_word(p->code + 4 * i), i * 4, text, sizeof text);
		const char *g = o->gstate[i] == BRIDGE_GS_KEPT	   ? "guard kept"
				: o->gstate[i] == BRIDGE_GS_ELIDED ? "guard elided"
								   : "";
		fprintf(f, "%06x  %-28s ; %s", i * 4, text, g);
		if (o->gstate[i] == BRIDGE_GS_ELIDED && x->facts) {
			char why[96];
			bridge_fact_str(&x->facts[i], why, sizeof why);
			fprintf(f, ": %s", why);
		} else if (o->gstate[i] == BRIDGE_GS_ELIDED) {
			fprintf(f, ": unsafe build, no guards");
		}
		fprintf(f, "\n");
		uint32_t lo = o->host_off[i], hi = o->host_off[i + 1];
		if (dis) {
			for (uint32_t h = lo; h < hi; h++)
				if (dis[h])
					fprintf(f, "        %06x  %s\n", h, dis[h]);
			continue;
		}
		for (uint32_t h = lo; h < hi; h += 16) {
			fprintf(f, "        %06x ", h);
			for (uint32_t k = h; k < h + 16 && k < hi; k++)
				fprintf(f, " %02x", x->code[k]);
			fprintf(f, "\n");
		}
	}
	fprintf(f, "; pc-past-end trap and trap stubs: %zu bytes from %06x\n",
		o->code_len - o->host_off[o->ninsns], o->host_off[o->ninsns]);
	if (dis) {
		for (size_t h = 0; h <= o->code_len; h++)
			free(dis[h]);
		free(dis);
	}
}

bool native_run(const struct native_prog *p, const struct native_cfg *cfg,
		struct native_result *out)
{
	memset(out, 0, sizeof *out);
	struct priv *pv = calloc(1, sizeof *pv);
	if (!pv) {
		snprintf(out->error, sizeof out->error, "out of memory");
		return false;
	}
	out->priv = pv;
	pv->cfg = cfg;
	pv->prog = p;
	struct xlat x;
	uint64_t seed = cfg->seed;
	bool timed = cfg->time_budget != 0;
	if (!translate_an(p, seed, cfg->mode, cfg->count_guards, timed, &x, out->error,
			  sizeof out->error, &out->translate_ns, &out->analysis_ns, &out->vrc))
		return false;
	out->draws = 1;
	out->stats = x.out.stats;
	if (cfg->dump)
		dump(cfg->dump, p, &x, seed);

	/* sandbox between two inaccessible guard regions */
	pv->region_len = p->mem_size + 2 * GUARD;
	pv->region = mmap(NULL, pv->region_len, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pv->region == MAP_FAILED ||
	    mprotect(pv->region + GUARD, p->mem_size, PROT_READ | PROT_WRITE) != 0) {
		if (pv->region == MAP_FAILED)
			pv->region = NULL;
		snprintf(out->error, sizeof out->error, "cannot map a sandbox of %llu bytes",
			 (unsigned long long)p->mem_size);
		xlat_free(&x);
		return false;
	}
	uint8_t *mem = pv->region + GUARD;
	if (p->data_size && p->data_addr + p->data_size <= p->mem_size)
		memcpy(mem + p->data_addr, p->data, p->data_size);
	uint32_t cap = cfg->shadow_cap ? cfg->shadow_cap : 4096;
	pv->shadow = calloc(cap, sizeof(uint64_t));
	pv->ctx = aligned_alloc(64, (x.out.ctx_size + 63) & ~(size_t)63);
	if (!pv->shadow || !pv->ctx) {
		snprintf(out->error, sizeof out->error, "out of memory");
		xlat_free(&x);
		return false;
	}
	struct bridge_ctx *ctx = pv->ctx;
	memset(ctx, 0, x.out.ctx_size);
	ctx->regs[VELA_REG_SP] = p->entry_regs ? p->entry_regs[0] : p->mem_size;
	for (unsigned i = 1; p->entry_regs && i < 4; i++)
		ctx->regs[2 + i] = p->entry_regs[i];
	ctx->mem_base = (uint64_t)(uintptr_t)mem;
	ctx->mem_size = p->mem_size;
	ctx->shadow_base = ctx->shadow_sp = (uint64_t)(uintptr_t)pv->shadow;
	ctx->shadow_end = ctx->shadow_base + 8ull * cap;
	ctx->time_budget = timed ? cfg->time_budget : UINT64_MAX;
	ctx->syscall_fn = (uint64_t)(uintptr_t)host_syscall;
	ctx->user = (uint64_t)(uintptr_t)pv;
	bridge_ctx_link(ctx, &x.out, (uint64_t)(uintptr_t)x.code);

	uint64_t t0 = now_ns();
	uint64_t target = bridge_host_addr(&x.out, (uint64_t)(uintptr_t)x.code, p->entry);
	for (;;) {
		enter_fn enter = (enter_fn)(void *)(x.code + BRIDGE_ENTER_OFF);
		uint32_t why = enter(ctx, target);
		if ((why & 0xff) == BRIDGE_EXIT_CHAOS) {
			/* re-translate with a fresh draw and resume after the CHAOS */
			uint32_t resume = ctx->trap_pc + 4;
			xlat_free(&x);
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			if (!translate_an(p, seed, cfg->mode, cfg->count_guards, timed, &x,
					  out->error, sizeof out->error, &out->translate_ns,
					  &out->analysis_ns, &out->vrc))
				return false;
			out->draws++;
			bridge_ctx_link(ctx, &x.out, (uint64_t)(uintptr_t)x.code);
			target = bridge_host_addr(&x.out, (uint64_t)(uintptr_t)x.code, resume);
			continue;
		}
		if ((why & 0xff) == BRIDGE_EXIT_HALT) {
			out->res.stop = VELA_STOP_EXIT;
			out->res.status = (int64_t)ctx->regs[VELA_REG_A0];
		} else if ((why & 0xff) == BRIDGE_EXIT_SERVICE) {
			out->res.stop = VELA_STOP_EXIT;
			out->res.status = pv->status;
		} else {
			out->res.stop = VELA_STOP_TRAP;
			out->res.trap.kind = (enum vela_trap_kind)(why >> 8 & 0xff);
			out->res.trap.pc = ctx->trap_pc;
			out->res.trap.addr = ctx->trap_addr;
		}
		break;
	}
	out->run_ns = now_ns() - t0;
	memcpy(out->r, ctx->regs, sizeof out->r);
	memcpy(out->v, ctx->vregs, sizeof out->v);
	memcpy(out->guard_exec, ctx->guard_exec, sizeof out->guard_exec);
	out->mem = mem;
	out->mem_size = p->mem_size;
	xlat_free(&x);
	return true;
}

void native_free(struct native_result *out)
{
	struct priv *pv = out->priv;
	if (!pv)
		return;
	if (pv->region)
		munmap(pv->region, pv->region_len);
	free(pv->shadow);
	free(pv->ctx);
	free(pv);
	out->priv = NULL;
	out->mem = NULL;
}

/* ------------------------------------------------------ vela-run backend */

static int shim_handler(void *ctx, struct vela_machine *m, uint64_t nr)
{
	(void)ctx;
	struct vrun_shim_result r = vrun_shim_syscall(nr, &m->r[VELA_REG_A0], m->mem, m->mem_size);
	if (r.exited) {
		m->exit_status = r.status;
		return VELA_SYS_EXIT;
	}
	m->r[VELA_REG_A0] = (uint64_t)r.ret;
	return VELA_SYS_CONTINUE;
}

int vrun_backend_native(struct vrun_prog *p, const struct vrun_opts *o)
{
	struct native_prog np;
	memset(&np, 0, sizeof np);
	np.code = p->code;
	np.code_len = p->code_len;
	np.entry = p->entry;
	np.mem_size = p->mem_size;
	np.caps = o->caps;
	np.data = p->mem; /* main.c's sandbox image: data and bss in place */
	np.data_size = (uint32_t)p->mem_size;
	np.data_addr = 0;
	np.analysis = (uint8_t)o->analysis;
	const uint64_t entry_regs[4] = {p->entry_sp, p->entry_r3, p->entry_r4, p->entry_r5};
	np.entry_regs = entry_regs;
	uint32_t n = p->code_len / 4, nt = 0;
	uint32_t *tg = calloc(n + 1, sizeof *tg);
	if (!tg) {
		fprintf(stderr, "vela-run: out of memory\n");
		return 2;
	}
	for (uint32_t i = 0; i < n; i++)
		if (p->targets[i / 8] >> (i % 8) & 1)
			tg[nt++] = i * 4;
	np.targets = tg;
	np.ntargets = nt;

	struct native_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.seed = o->seed_set ? o->seed : now_ns();
	cfg.mode = o->native_mode == 1	 ? NATIVE_ALL_GUARDS
		   : o->native_mode == 2 ? NATIVE_UNSAFE
					 : NATIVE_NORMAL;
	cfg.count_guards = o->stats;
	cfg.shadow_cap = VRUN_SHADOW_ENTRIES;
	cfg.dump = o->dump_x86 ? stdout : NULL;
	cfg.syscall = shim_handler;
	struct native_result r;
	int status;
	if (!native_run(&np, &cfg, &r)) {
		fprintf(stderr, "vela-run: rejected: %s\n", r.error);
		native_free(&r);
		free(tg);
		return 2;
	}
	fflush(stdout);
	if (r.res.stop == VELA_STOP_EXIT) {
		status = (int)(r.res.status & 0xff);
	} else {
		fprintf(stderr, "vela-run: trap %s (%d) at pc=0x%x addr=0x%llx\n",
			vela_trap_name(r.res.trap.kind), r.res.trap.kind, r.res.trap.pc,
			(unsigned long long)r.res.trap.addr);
		print_wasm_trap(r.res.trap.kind, r.res.trap.addr);
		status = VRUN_EXIT_TRAP_BASE + r.res.trap.kind;
	}
	if (o->stats) {
		const struct bridge_stats *s = &r.stats;
		fprintf(
		    stderr,
		    "vela-run: native (%s): %u instructions translated in %.1f us (%.1f ns/insn), "
		    "%u draw(s), %u VELA registers in the context block, run %.3f ms\n",
		    cfg.mode == NATIVE_ALL_GUARDS ? "all guards"
		    : cfg.mode == NATIVE_UNSAFE	  ? "UNSAFE no guards"
						  : "normal",
		    s->insns, (double)r.translate_ns / 1e3,
		    s->insns ? (double)r.translate_ns / r.draws / s->insns : 0.0, r.draws,
		    s->spilled, (double)r.run_ns / 1e6);
		fprintf(stderr, "vela-run: guards      emitted  elided  executed\n");
		for (unsigned g = 0; g < BRIDGE_G_COUNT; g++)
			fprintf(stderr, "vela-run:   %-8s %8u %7u %9llu\n",
				bridge_guard_name((enum bridge_guard)g), s->emitted[g],
				s->elided[g], (unsigned long long)r.guard_exec[g]);
	}
	if (o->stats && cfg.mode == NATIVE_NORMAL && np.analysis == NATIVE_ANALYSIS_VRC) {
		const struct vrc_stats *v = &r.vrc;
		fprintf(
		    stderr,
		    "vela-run: VRC: %u/%u bounds guards elided, %u/%u CFI checks, %u/%u syscall "
		    "numbers proven; %u blocks, %u visits, %u checker disagreements; analysis "
		    "%.1f us of %.1f us translation\n",
		    v->mem_elided, v->mem_guards, v->cfi_elided, v->cfi_sites, v->sys_proven,
		    v->syscalls, v->blocks, v->block_visits, v->disagreements,
		    (double)r.analysis_ns / 1e3, (double)r.translate_ns / 1e3);
	}
	native_free(&r);
	free(tg);
	return status;
}
