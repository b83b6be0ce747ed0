/*
 * vela-run --interp: run the program under the reference interpreter
 * (lib/vela/interp.c), serving syscalls through the host shim.
 */
#include "run.h"
#include "vela/interp.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int vrun_backend_interp(struct vrun_prog *p, const struct vrun_opts *o)
{
	uint64_t *shadow = calloc(VRUN_SHADOW_ENTRIES, sizeof(uint64_t));
	struct vela_machine m;
	if (!shadow) {
		fprintf(stderr, "vela-run: out of memory\n");
		return 2;
	}
	vela_machine_init(&m, p->code, p->code_len, p->mem, p->mem_size, shadow,
			  VRUN_SHADOW_ENTRIES, p->entry);
	m.targets = p->targets;
	m.r[VELA_REG_SP] = p->entry_sp;
	m.r[3] = p->entry_r3;
	m.r[4] = p->entry_r4;
	m.r[5] = p->entry_r5;
	m.caps = o->caps;
	m.syscall = shim_handler;
	double t0 = now();
	struct vela_result res = vela_interp_run(&m, o->max_steps);
	double dt = now() - t0;
	int status;
	fflush(stdout);
	switch (res.stop) {
	case VELA_STOP_EXIT:
		status = (int)(res.status & 0xff);
		break;
	case VELA_STOP_TRAP:
		fprintf(stderr, "vela-run: trap %s (%d) at pc=0x%x addr=0x%llx\n",
			vela_trap_name(res.trap.kind), res.trap.kind, res.trap.pc,
			(unsigned long long)res.trap.addr);
		print_wasm_trap(res.trap.kind, res.trap.addr);
		status = VRUN_EXIT_TRAP_BASE + res.trap.kind;
		break;
	default:
		fprintf(stderr, "vela-run: instruction budget of %llu exhausted at pc=0x%x\n",
			(unsigned long long)o->max_steps, m.pc);
		status = VRUN_EXIT_BUDGET;
		break;
	}
	if (o->stats)
		fprintf(stderr,
			"vela-run: interp: %llu instructions in %.6f s (%.1f M instructions/s), "
			"chaos requests %llu\n",
			(unsigned long long)m.steps, dt, dt > 0 ? (double)m.steps / dt / 1e6 : 0.0,
			(unsigned long long)m.chaos_requests);
	free(shadow);
	return status;
}
