/* libFuzzer target: VRC against the oracle. Random VALID programs
 * (tests/bridge/gen.c: loops, calls, indirect jumps, loads and stores at masked
 * and at arbitrary addresses) are analysed, certified and checked; then
 *   - the checker must accept the certified certificate;
 *   - the reference interpreter runs the program: an access it finds out of
 *     bounds whose guard VRC elided aborts the run;
 *   - the translation with VRC's elisions must agree with the interpreter on
 *     every observable (tests/bridge/diff.c).
 * VRC_MUTATION=N in the environment switches on a broken transfer function
 * (lib/vrc/dom.h) and makes any claim the checker refuses fatal: the mutation
 * test expects this target to die within its bounded run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge/gen.h"
#include "vrc/vrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static bool strict;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *m = getenv("VRC_MUTATION");
	if (m && *m) {
		vrc_mutation = atoi(m);
		strict = true;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gen_prog g;
	if (size < 2)
		return 0;
	gen_program(&g, data + 2, size - 2);
	if (g.pb.bad)
		return 0;
	const struct native_prog *p = &g.prog;
	struct vrc_options o = {p->mem_size, p->entry, p->targets, p->ntargets};
	size_t ws = vrc_prepare_work_size(p->code_len, p->ntargets);
	void *work = malloc(ws);
	struct vrc_result res;
	struct vrc_check_error err;
	if (!work)
		abort();
	if (!vrc_prepare(p->code, p->code_len, &o, work, ws, &res, &err)) {
		fprintf(stderr, "vrc_fuzz: the checker rejected a certified certificate: %s\n",
			err.msg);
		abort();
	}
	if (strict && res.stats.disagreements) {
		fprintf(stderr, "vrc_fuzz: VRC mutation caught: the checker refused %u claim(s)\n",
			res.stats.disagreements);
		abort();
	}
	struct diff_opts d = {2000 + data[0] * 10u, 16 + (data[1] & 31), NATIVE_NORMAL, true};
	struct vela_result r = diff_interp(p, &d);
	if (r.stop == VELA_STOP_TRAP &&
	    (r.trap.kind == VELA_TRAP_OOB_LOAD || r.trap.kind == VELA_TRAP_OOB_STORE) &&
	    r.trap.pc / 4 < res.cert.ninsns && res.cert.claims &&
	    (res.cert.claims[r.trap.pc / 4] & VRC_CLAIM_MEM)) {
		fprintf(stderr,
			"vrc_fuzz: UNSOUND: VRC elided the guard at pc=0x%x, the interpreter "
			"found addr=0x%llx out of bounds\n",
			r.trap.pc, (unsigned long long)r.trap.addr);
		abort();
	}
	free(work);
	char why[256];
	uint64_t seed = (uint64_t)data[0] << 8 | data[1];
	if (!diff_one(p, seed, &d, why, sizeof why)) {
		fprintf(stderr, "vrc_fuzz: interpreter and VRC translation differ: %s\n", why);
		abort();
	}
	return 0;
}
