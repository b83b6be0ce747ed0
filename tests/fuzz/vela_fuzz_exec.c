/*
 * libFuzzer target: arbitrary bytes through the object reader and
 * vela-objdump's printer, then as code
 * through decoder, validator, disassembler and the reference interpreter
 * (bounded by its instruction budget). Checks the decoder's canonical
 * encoding property and that validated code never raises ILLEGAL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vela-objdump/dump.h"
#include "vela/interp.h"
#include "vela/obj.h"
#include "vela/vela.h"

#define MEM 4096

static int fuzz_syscall(void *ctx, struct vela_machine *m, uint64_t nr)
{
	(void)ctx;
	switch (nr % 4) {
	case 0:
		m->exit_status = (int64_t)m->r[3];
		return VELA_SYS_EXIT;
	case 1:
		/* touch the buffer the program names, if it is in the sandbox */
		if (vela_mem_ok(m, m->r[4], m->r[5] % 64))
			memset(m->mem + m->r[4], 0x5a, m->r[5] % 64);
		m->r[3] = 0;
		return VELA_SYS_CONTINUE;
	case 2:
		return VELA_TRAP_SYSCALL;
	default:
		m->r[3] = (uint64_t)-38;
		return VELA_SYS_CONTINUE;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vela_obj o;
	if (vela_obj_parse(data, size, &o) == NULL) {
		struct vela_sym s;
		for (uint32_t i = 0; i < o.nsyms; i++)
			vela_obj_sym(&o, i, &s);
		uint8_t bm[64];
		vela_obj_targets(&o, bm, sizeof(bm));
		static FILE *null;
		if (!null)
			null = fopen("/dev/null", "w");
		if (null)
			vela_objdump(null, null, data, size, "fuzz");
	}
	if (size < 8)
		return 0;
	/* header: target bitmap seed (4 bytes), caps (1), entry word (1), pad (2) */
	uint32_t tseed = vela_load_word(data);
	uint32_t caps = data[4] & VELA_CAPS_ALL;
	const uint8_t *code = data + 8;
	uint32_t len = (uint32_t)((size - 8) & ~(size_t)3);
	if (len > 4096)
		len = 4096;
	uint32_t entry = len ? (data[5] * 4u) % len : 0;

	for (uint32_t pc = 0; pc < len; pc += 4) {
		uint32_t w = vela_load_word(code + pc);
		struct vela_insn in;
		char buf[96];
		vela_disasm(w, pc, buf, sizeof(buf));
		if (vela_decode(w, &in)) {
			uint32_t back;
			if (!vela_encode(&in, &back) || back != w)
				abort();
		}
	}
	struct vela_verr err;
	bool valid = vela_validate_caps(code, len, caps, &err);

	static uint8_t mem[MEM];
	uint64_t shadow[32];
	uint8_t targets[4096 / 32 + 1];
	memset(mem, 0, sizeof(mem));
	for (size_t i = 0; i < sizeof(targets); i++)
		targets[i] = (uint8_t)(tseed >> (i % 4 * 8)) & (uint8_t)(tseed >> 24);
	struct vela_machine m;
	vela_machine_init(&m, code, len, mem, MEM, shadow, 32, entry);
	m.targets = targets;
	m.caps = caps;
	m.syscall = fuzz_syscall;
	struct vela_result r = vela_interp_run(&m, 20000);
	if (valid && r.stop == VELA_STOP_TRAP && r.trap.kind == VELA_TRAP_ILLEGAL)
		abort(); /* validated code must never meet an invalid word */
	if (valid && r.stop == VELA_STOP_TRAP && r.trap.kind == VELA_TRAP_CAPABILITY)
		abort(); /* capabilities were checked before running */
	if (m.r[0] != 0 || m.shadow_top > 32)
		abort();
	return 0;
}
