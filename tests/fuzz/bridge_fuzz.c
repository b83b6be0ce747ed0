/* libFuzzer target: random VALID VELA programs (tests/bridge/gen.c: loops, calls,
 * indirect jumps and calls, loads/stores at arbitrary addresses, vector ops,
 * syscalls, TIME budgets) run on the reference interpreter and through
 * AetherBridge under a seed taken from the input; any difference in registers,
 * memory, output, exit status or trap kind/pc/addr aborts. The sandbox sits
 * between PROT_NONE guard regions, so an access outside it crashes the run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge/gen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gen_prog g;
	if (size < 2)
		return 0;
	gen_program(&g, data + 2, size - 2);
	if (g.pb.bad)
		return 0;
	uint64_t seed = (uint64_t)data[0] << 8 | data[1];
	struct diff_opts o = {2000 + data[0] * 10u, 16 + (data[1] & 31),
			      data[1] & 1 ? NATIVE_ALL_GUARDS : NATIVE_NORMAL, true};
	/* normal mode elides with the local pass or with VRC's claims, chosen by a
	 * bit of the input (VRC's analyzer runs on every program the generator
	 * makes, so its memory errors show under ASan here too);
	 * BRIDGE_FUZZ_ANALYSIS=vrc or =local fixes the choice */
	static int fixed = -1;
	if (fixed < 0) {
		const char *a = getenv("BRIDGE_FUZZ_ANALYSIS");
		fixed = !a			  ? 0
			: strcmp(a, "vrc") == 0	  ? 1 + NATIVE_ANALYSIS_VRC
			: strcmp(a, "local") == 0 ? 1 + NATIVE_ANALYSIS_LOCAL
						  : 0;
	}
	int analysis =
	    fixed ? fixed - 1 : (data[1] & 2 ? NATIVE_ANALYSIS_VRC : NATIVE_ANALYSIS_LOCAL);
	g.prog.analysis = (uint8_t)analysis;
	char why[256];
	if (!diff_one(&g.prog, seed, &o, why, sizeof why)) {
		fprintf(stderr, "bridge_fuzz: interpreter and translator differ: %s\n", why);
		abort();
	}
	return 0;
}
