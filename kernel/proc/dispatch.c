/*
 * syscall_dispatch: every SYSCALL instruction executed in ring 3 lands here.
 * Two kinds are legitimate:
 *   - a VELA system call from translated code (its return address lies inside
 *     the process's code cache); the VELA registers are in the context block;
 *   - the exit stub reporting why the translated program stopped (HALT, a
 *     trap, CHAOS), recognised by its exact return address.
 * Anything else is refused and the process is killed: only translated code may
 * call the kernel, which is what makes translation mandatory.
 */
#include <string.h>

#include "arch/trap.h"
#include "bridge/bridge.h"
#include "kernel/log.h"
#include "proc/exec.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/syscall.h"
#include "vela/trap.h"
#include "wasm/trap_codes.h"

#define WAIT_TRAP_BASE 64 /* status = SIGNALED | (128 + 64 + trap kind) */

const char *proc_trap_description(unsigned kind);

static int trap_status(unsigned kind)
{
	return AE_WAIT_SIGNALED | (128 + WAIT_TRAP_BASE + (int)kind);
}

/* The program left translated code: decide what happens to the process. */
static void handle_program_exit(struct process *p, struct trap_frame *f, uint32_t reason)
{
	struct bridge_ctx *c = p->ctx;
	switch (reason & 0xFF) {
	case BRIDGE_EXIT_HALT:
	case BRIDGE_EXIT_SERVICE:
		proc_exit_current((int)(c->regs[3] & 0xFF));
	case BRIDGE_EXIT_TRAP: {
		unsigned kind = (reason >> 8) & 0xFF;
		proc_record_trap(p->pid, kind, c->trap_pc, c->trap_addr);
		/* a BREAK with one of vela-wasm's codes is a WebAssembly trap: say which */
		const char *wasm = kind == VELA_TRAP_BREAK ? wasm_trap_reason(c->trap_addr) : NULL;
		pr_err("pid %d (%s): %s at pc=%#x addr=%#lx%s%s%s\n", p->pid, p->name,
		       proc_trap_description(kind), c->trap_pc, c->trap_addr,
		       wasm ? " (WebAssembly trap: " : "", wasm ? wasm : "", wasm ? ")" : "");
		proc_exit_current(trap_status(kind));
	}
	case BRIDGE_EXIT_CHAOS: {
		uint64_t resume = exec_retranslate(p, c->trap_pc + 4);
		if (!resume) {
			pr_err("pid %d (%s): CHAOS re-translation failed; killed\n", p->pid,
			       p->name);
			proc_exit_current(AE_WAIT_SIGNALED | (128 + AE_SIGKILL));
		}
		/* Re-run the stub: it calls the new translation's entry trampoline. */
		f->rip = p->stub_enter;
		f->rsp = PROC_HSTACK_BASE + PROC_HSTACK_BYTES;
		f->rdi = PROC_CTX_BASE;
		f->rsi = resume;
		return;
	}
	default:
		pr_err("pid %d (%s): unknown exit reason %#x; killed\n", p->pid, p->name, reason);
		proc_exit_current(AE_WAIT_SIGNALED | (128 + AE_SIGKILL));
	}
}

void syscall_dispatch(struct trap_frame *f)
{
	struct process *p = proc_current();
	if (!p) {
		pr_err("syscall from ring 3 without a process (rip %#lx)\n", f->rip);
		thread_exit(-1);
	}
	if (f->rip == p->stub_ret) {
		handle_program_exit(p, f, (uint32_t)f->rax);
	} else if (!proc_syscall_origin_ok(p, f->rip)) {
		pr_err("pid %d (%s): system call from %#lx, outside its code cache; killed\n",
		       p->pid, p->name, f->rip);
		proc_exit_current(AE_WAIT_SIGNALED | (128 + AE_SIGKILL));
	} else {
		struct bridge_ctx *c = p->ctx;
		uint64_t args[6];
		memcpy(args, &c->regs[3], sizeof(args));
		long r = syscall_invoke(p, c->sys_nr, args);
		c->regs[3] = (uint64_t)r;
		f->rax = 0; /* continue in translated code */
	}
	if (p->kill_pending)
		proc_exit_current(AE_WAIT_SIGNALED | (128 + p->kill_signal));
}
