/* System-call entry points inside the kernel (see kernel/proc/syscall.c). */
#ifndef PROC_SYSCALL_H
#define PROC_SYSCALL_H

#include <stdint.h>

struct process;
struct trap_frame;

/* Runs call nr with VELA arguments R3..R8; returns the R3 result. */
long syscall_invoke(struct process *p, uint64_t nr, const uint64_t args[6]);
/* Capability-gated service opcodes (VELA-3, docs/vela-isa.md 5.10). */
long syscall_service(struct process *p, uint64_t opcode, const uint64_t args[6]);
/* Called by syscall_entry.S for every SYSCALL from ring 3. */
void syscall_dispatch(struct trap_frame *f);

#endif
