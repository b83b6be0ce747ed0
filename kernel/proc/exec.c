/*
 * exec: from a signed AELF image to a process ready to enter ring 3.
 *   1. parse (lib/aelf) and verify the signature against the key ring;
 *   2. check the requested capabilities against the signer's authorisation;
 *   3. validate the code;
 *   4. VRC (lib/vrc) proves ranges, the checker verifies its certificate, the
 *      capability of every proven syscall number is checked; translate with
 *      AetherBridge (fresh ISA-ASLR seed), eliding what the checker accepted;
 *   5. map the code cache user R+X, the context block, shadow stack, host
 *      stack and sandbox user R+W+NX; copy .data; the sandbox is demand-paged.
 * Every failure leaves nothing allocated and says why in err.
 */
#include <string.h>

#include "abi/syscall.h"
#include "aelf/aelf.h"
#include "crypto/random.h"
#include "fmt/format.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "proc/exec.h"
#include "proc/keyring.h"
#include "proc/process.h"
#include "proc/sandbox.h"
#include "vela/vela.h"
#include "vrc/vrc.h"

#define EXIT_STUB_BYTES 16

static uint64_t page_round(uint64_t v)
{
	return (v + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static void key_id_hex(const uint8_t *id, char out[2 * AELF_KEY_ID_SIZE + 1])
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < AELF_KEY_ID_SIZE; i++) {
		out[2 * i] = hex[id[i] >> 4];
		out[2 * i + 1] = hex[id[i] & 15];
	}
	out[2 * AELF_KEY_ID_SIZE] = '\0';
}

/* Signature and capability policy. Returns 0 and the granted caps, or -errno. */
static int exec_check_signature(const struct aelf_image *img, uint32_t *granted, char *err,
				size_t errcap)
{
	char kid[2 * AELF_KEY_ID_SIZE + 1];
	if (aelf_is_unsigned(img)) {
#if AETHER_HARDENED
		fmt_snprintf(err, errcap, "unsigned program refused (hardened build)");
		return -AE_EACCES;
#else
		pr_warn("!!! DEV SIGNATURE BYPASS: running an UNSIGNED program with capabilities "
			"%#x; a hardened build (make HARDENED=1) refuses it !!!\n",
			img->caps);
		*granted = img->caps;
		return 0;
#endif
	}
	key_id_hex(img->key_id, kid);
	const struct keyring_key *key = keyring_find(img->key_id);
	if (!key) {
		fmt_snprintf(err, errcap, "signature invalid (unknown key %s)", kid);
		return -AE_EACCES;
	}
	if (!aelf_verify(img, key->public_key)) {
		fmt_snprintf(err, errcap, "signature invalid (key %s)", kid);
		return -AE_EACCES;
	}
	uint32_t missing = img->caps & ~key->authorised_caps;
	if (missing) {
		int cap = __builtin_ctz(missing);
		fmt_snprintf(err, errcap, "capability %s not authorised for key %s (%s)",
			     vela_cap_name(cap), kid, key->name);
		return -AE_EPERM;
	}
	*granted = img->caps;
	return 0;
}

/* Capability of syscall number nr, or -1 (none needed / unknown number). */
static int syscall_cap(uint64_t nr)
{
	switch (nr) {
#define AETHER_SYSCALL_CAP(n, name, argc, cap, what)                                               \
	case n:                                                                                    \
		return cap;
		AETHER_SYSCALLS(AETHER_SYSCALL_CAP)
#undef AETHER_SYSCALL_CAP
	default:
		return -1;
	}
}

/*
 * Translation-time capability check of syscalls: where VRC proved the number in
 * R15 at a SYSCALL (and the checker re-derived it), a syscall needing a
 * capability the process lacks rejects the program. A syscall whose number is
 * not proven is checked at run time (kernel/proc/syscall.c).
 */
static int exec_check_syscall_caps(const uint8_t *code, size_t len, const struct vrc_result *vres,
				   uint32_t caps, char *err, size_t errcap)
{
	for (size_t i = 0; i < len / 4; i++) {
		uint64_t nr;
		if (vela_load_word(code + 4 * i) >> 24 != VELA_OP_SYSCALL ||
		    !vrc_syscall_number(vres, (uint32_t)(4 * i), &nr))
			continue;
		int cap = syscall_cap(nr);
		if (cap >= 0 && !(caps & (1u << cap))) {
			fmt_snprintf(err, errcap, "pc=0x%zx : syscall %lu needs capability %s",
				     4 * i, (unsigned long)nr, vela_cap_name(cap));
			return -AE_EPERM;
		}
	}
	return 0;
}

/* Valid indirect targets from the symbol table, as the list the translator wants. */
static uint32_t *exec_collect_targets(const struct vela_obj *o, size_t *count)
{
	size_t n = 0;
	for (uint32_t i = 0; i < o->nsyms; i++) {
		struct vela_sym s;
		vela_obj_sym(o, i, &s);
		if (s.flags & (VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN))
			n++;
	}
	uint32_t *t = kmalloc((n ? n : 1) * sizeof(uint32_t));
	if (!t)
		return NULL;
	n = 0;
	for (uint32_t i = 0; i < o->nsyms; i++) {
		struct vela_sym s;
		vela_obj_sym(o, i, &s);
		if (s.flags & (VELA_SYM_FUNC | VELA_SYM_ADDR_TAKEN))
			t[n++] = (uint32_t)s.value;
	}
	*count = n;
	return t;
}

/*
 * The exit stub, placed after the translated code (trusted, kernel-written):
 *   call  code_base + BRIDGE_ENTER_OFF   ; run the program
 *   syscall                              ; eax = exit reason; rcx = stub_ret
 *   ud2
 */
static size_t exec_write_stub(uint8_t *at, uint64_t at_user, uint64_t enter_user)
{
	int64_t rel = (int64_t)enter_user - (int64_t)(at_user + 5);
	at[0] = 0xE8; /* call rel32 */
	for (int i = 0; i < 4; i++)
		at[1 + i] = (uint8_t)((uint64_t)rel >> (8 * i));
	at[5] = 0x0F; /* syscall */
	at[6] = 0x05;
	at[7] = 0x0F; /* ud2 */
	at[8] = 0x0B;
	return 9;
}

/* Translates p's image into a fresh code cache (mapped R+X) and context tables. */
static int exec_translate(struct process *p, const struct aelf_image *img, const uint32_t *targets,
			  size_t ntargets, char *err, size_t errcap)
{
	const struct vela_obj *o = &img->obj;
	size_t code_cap = bridge_code_bound(o->code_size);
	size_t work_size = bridge_work_size(o->code_size);
	uint64_t t0 = time_now_ns();
	void *vrc_work = NULL;

	uint8_t *elide = kzalloc(o->code_size / 4 + 1);
	struct bridge_fact *facts = kzalloc((o->code_size / 4 + 1) * sizeof(*facts));
	void *work = kmalloc(work_size);
	size_t cache_bytes = page_round(code_cap + EXEC_USER_STUB_SIZE);
	uint64_t code_phys = pmm_alloc_frames(cache_bytes / PAGE_SIZE, 1, PMM_ANY_ADDRESS);
	int rc = -AE_ENOMEM;
	if (!elide || !facts || !work || code_phys == PMM_NO_FRAME) {
		fmt_snprintf(err, errcap, "out of memory for translation");
		goto out;
	}
	uint8_t *cache = phys_to_virt(code_phys);
	/* VRC: analyse, certify, and let the independent checker decide; a rejected
	 * certificate fails the load. Without memory for it, every guard stays. */
	struct vrc_options vo = {o->mem_size, o->entry, targets, ntargets};
	size_t vrc_size = vrc_prepare_work_size(o->code_size, ntargets);
	vrc_work = kmalloc(vrc_size);
	if (vrc_work) {
		struct vrc_result vres;
		struct vrc_check_error cerr;
		uint64_t a0 = time_now_ns();
		bool certified =
		    vrc_prepare(o->code, o->code_size, &vo, vrc_work, vrc_size, &vres, &cerr);
		p->check_ns = time_now_ns() - a0; /* analysis + certificate check */
		if (!certified) {
			fmt_snprintf(err, errcap, "%s", cerr.msg);
			rc = -AE_ENOEXEC;
			pmm_free_frames(code_phys, cache_bytes / PAGE_SIZE);
			goto out;
		}
		rc = exec_check_syscall_caps(o->code, o->code_size, &vres, p->caps, err, errcap);
		if (rc) {
			pmm_free_frames(code_phys, cache_bytes / PAGE_SIZE);
			goto out;
		}
		rc = -AE_ENOMEM;
		if (vres.cert.claims) {
			memcpy(elide, vres.cert.claims, o->code_size / 4);
			memcpy(facts, vres.facts, o->code_size / 4 * sizeof(*facts));
		}
	}

	uint64_t seed;
	crypto_random_bytes(&seed, sizeof(seed));
	struct bridge_options opt = {
	    .seed = seed,
	    .mode = BRIDGE_MODE_NORMAL,
	    .syscall = BRIDGE_SYS_NATIVE,
	    .mem_size = o->mem_size,
	    .caps = p->caps,
	    .entry = o->entry,
	    .targets = targets,
	    .ntargets = ntargets,
	    .elide = elide,
	    .facts = facts,
	};
	struct bridge_out out;
	struct bridge_error berr;
	if (!bridge_translate(o->code, o->code_size, &opt, cache, code_cap, work, work_size, &out,
			      &berr)) {
		fmt_snprintf(err, errcap, "%s", berr.msg);
		rc = -AE_ENOEXEC;
		pmm_free_frames(code_phys, cache_bytes / PAGE_SIZE);
		goto out;
	}
	p->translate_ns = time_now_ns() - t0 - p->check_ns;
	p->stats = out.stats;

	uint64_t stub_user = PROC_CODE_BASE + out.code_len;
	size_t stub_len =
	    exec_write_stub(cache + out.code_len, stub_user, PROC_CODE_BASE + BRIDGE_ENTER_OFF);
	p->code_phys = code_phys;
	p->code_pages = cache_bytes;
	p->code_len = out.code_len + stub_len;
	p->stub_enter = stub_user;
	p->stub_ret = stub_user + 7; /* after the syscall */

	/* Context block: fields, valid-target bitmap and pc -> host table. */
	if (!p->ctx) {
		uint64_t ctx_bytes = page_round(out.ctx_size);
		uint64_t ctx_phys = pmm_alloc_frames(ctx_bytes / PAGE_SIZE, 1, PMM_ANY_ADDRESS);
		if (ctx_phys == PMM_NO_FRAME) {
			pmm_free_frames(code_phys, cache_bytes / PAGE_SIZE);
			p->code_phys = 0;
			fmt_snprintf(err, errcap, "out of memory for the context block");
			goto out;
		}
		p->ctx_phys = ctx_phys;
		p->ctx_bytes = ctx_bytes;
		p->ctx = phys_to_virt(ctx_phys);
		memset(p->ctx, 0, ctx_bytes);
	}
	bridge_ctx_link(p->ctx, &out, PROC_CODE_BASE);
	p->entry_host = bridge_host_addr(&out, PROC_CODE_BASE, o->entry);
	p->ctx_table_off = out.table_off; /* pc -> host table, for CHAOS resumes */
	rc = 0;
out:
	kfree(vrc_work);
	kfree(elide);
	kfree(facts);
	kfree(work);
	return rc;
}

/* Maps `bytes` of fresh zeroed frames at va (user, R+W, NX); frees them on failure. */
static int exec_map_zeroed(struct process *p, uint64_t va, uint64_t bytes)
{
	uint64_t pa = pmm_alloc_frames(bytes / PAGE_SIZE, 1, PMM_ANY_ADDRESS);
	if (pa == PMM_NO_FRAME)
		return -AE_ENOMEM;
	memset(phys_to_virt(pa), 0, bytes);
	if (vm_map(p->as, va, pa, bytes, VM_USER | VM_WRITE) != 0) {
		pmm_free_frames(pa, bytes / PAGE_SIZE);
		return -AE_ENOMEM;
	}
	return 0;
}

/* Unmaps a region mapped from one contiguous run and frees the run. */
static void exec_unmap_run(struct process *p, uint64_t va, uint64_t bytes)
{
	uint64_t pa;
	unsigned flags;
	if (vm_query(p->as, va, &pa, &flags) != 0)
		return;
	vm_unmap(p->as, va, bytes);
	pmm_free_frames(pa, bytes / PAGE_SIZE);
}

static int exec_map_code(struct process *p)
{
	/* Made executable only now that it is complete; never writable in user space. */
	return vm_map(p->as, PROC_CODE_BASE, p->code_phys, p->code_pages, VM_USER | VM_EXEC);
}

int exec_load(struct process *p, const uint8_t *buf, size_t len, char *err, size_t errcap)
{
	struct aelf_image img;
	const char *perr = aelf_parse(buf, len, &img);
	if (perr) {
		fmt_snprintf(err, errcap, "malformed executable: %s", perr);
		return -AE_ENOEXEC;
	}
	uint64_t t0 = time_now_ns();
	uint32_t granted;
	int rc = exec_check_signature(&img, &granted, err, errcap);
	if (rc)
		return rc;
	p->verify_ns = time_now_ns() - t0;
	p->caps = granted;

	const struct vela_obj *o = &img.obj;
	struct vela_verr verr;
	if (!vela_validate_caps(o->code, o->code_size, granted, &verr)) {
		fmt_snprintf(err, errcap, "%s", verr.msg);
		return verr.code == VELA_VERR_CAPABILITY ? -AE_EPERM : -AE_ENOEXEC;
	}
	size_t ntargets = 0;
	uint32_t *targets = exec_collect_targets(o, &ntargets);
	if (!targets) {
		fmt_snprintf(err, errcap, "out of memory");
		return -AE_ENOMEM;
	}

	p->image = kmalloc(len);
	if (!p->image) {
		kfree(targets);
		fmt_snprintf(err, errcap, "out of memory");
		return -AE_ENOMEM;
	}
	memcpy(p->image, buf, len);
	p->image_len = len;

	rc = exec_translate(p, &img, targets, ntargets, err, errcap);
	kfree(targets);
	if (rc)
		goto fail;

	uint64_t t1 = time_now_ns();
	rc = exec_map_code(p);
	if (rc == 0)
		rc = vm_map(p->as, PROC_CTX_BASE, p->ctx_phys, p->ctx_bytes, VM_USER | VM_WRITE);
	if (rc == 0)
		rc = exec_map_zeroed(p, PROC_SHADOW_BASE, PROC_SHADOW_BYTES);
	if (rc == 0)
		rc = exec_map_zeroed(p, PROC_HSTACK_BASE, PROC_HSTACK_BYTES);
	if (rc) {
		fmt_snprintf(err, errcap, "out of memory while mapping");
		rc = -AE_ENOMEM;
		goto fail;
	}

	/* Sandbox: demand-paged; .data copied now, .bss is zero by construction. */
	p->mem_size = o->mem_size;
	if (o->data_size && sandbox_copy_out(p, o->data_addr, o->data, o->data_size) != 0) {
		fmt_snprintf(err, errcap, "out of memory for .data");
		rc = -AE_ENOMEM;
		goto fail;
	}
	uint64_t data_end = o->data_size ? o->data_addr + o->data_size : 0;
	uint64_t bss_end = o->bss_size ? o->bss_addr + o->bss_size : 0;
	uint64_t end = data_end > bss_end ? data_end : bss_end;
	p->brk_min = p->brk = (end + 15) & ~(uint64_t)15;
	p->stack_low = o->mem_size - img.stack_size;

	struct bridge_ctx *c = p->ctx;
	c->mem_base = PROC_SANDBOX_BASE;
	c->mem_size = o->mem_size;
	c->shadow_base = c->shadow_sp = PROC_SHADOW_BASE;
	c->shadow_end = PROC_SHADOW_BASE + PROC_SHADOW_BYTES;
	c->time_budget = UINT64_MAX;
	c->regs[VELA_REG_SP] = o->mem_size; /* top of the stack */
	p->map_ns = time_now_ns() - t1;
	return 0;
fail:
	exec_unload(p);
	return rc;
}

void exec_unload(struct process *p)
{
	if (p->code_phys) {
		vm_unmap(p->as, PROC_CODE_BASE, p->code_pages);
		pmm_free_frames(p->code_phys, p->code_pages / PAGE_SIZE);
		p->code_phys = 0;
	}
	if (p->ctx) {
		vm_unmap(p->as, PROC_CTX_BASE, p->ctx_bytes);
		pmm_free_frames(p->ctx_phys, p->ctx_bytes / PAGE_SIZE);
		p->ctx = NULL;
	}
	exec_unmap_run(p, PROC_SHADOW_BASE, PROC_SHADOW_BYTES);
	exec_unmap_run(p, PROC_HSTACK_BASE, PROC_HSTACK_BYTES);
	if (p->mem_size)
		sandbox_release(p);
	kfree(p->image);
	p->image = NULL;
}

uint64_t exec_retranslate(struct process *p, uint32_t pc)
{
	struct aelf_image img;
	if (aelf_parse(p->image, p->image_len, &img) != NULL)
		return 0;
	size_t ntargets = 0;
	uint32_t *targets = exec_collect_targets(&img.obj, &ntargets);
	if (!targets)
		return 0;
	uint64_t old_phys = p->code_phys, old_pages = p->code_pages;
	char err[96];
	int rc = exec_translate(p, &img, targets, ntargets, err, sizeof(err));
	kfree(targets);
	if (rc) {
		p->code_phys = old_phys;
		p->code_pages = old_pages;
		return 0;
	}
	vm_unmap(p->as, PROC_CODE_BASE, old_pages);
	pmm_free_frames(old_phys, old_pages / PAGE_SIZE);
	if (exec_map_code(p) != 0)
		return 0;
	p->chaos_draws++;
	const uint64_t *table = (const uint64_t *)((const uint8_t *)p->ctx + p->ctx_table_off);
	return table[pc / 4];
}
