/* Loading a signed AELF into a process (see kernel/proc/exec.c). */
#ifndef PROC_EXEC_H
#define PROC_EXEC_H

#include <stddef.h>
#include <stdint.h>

struct process;

/* Verifies, translates and maps the image into p (whose aspace exists).
 * Returns 0 or a negative AE_* errno with the reason in err. */
int exec_load(struct process *p, const uint8_t *buf, size_t len, char *err, size_t errcap);
/* Undoes exec_load: unmaps and frees every frame it took. */
void exec_unload(struct process *p);
/* CHAOS: translates the same code again under a fresh ISA-ASLR draw and
 * returns the user address at which to resume VELA pc (0 on failure). */
uint64_t exec_retranslate(struct process *p, uint32_t pc);

/* The user address range [code, code + len) that may issue system calls. */
#define EXEC_USER_STUB_SIZE 16

#endif
