/* VRC: value-range analysis of a whole VELA program, guard elision, and the
 * certificate the independent checker (check.h) verifies before the
 * translation may run. Portable (kernel and host), no allocation: the caller
 * passes a work arena of vrc_work_size() bytes. docs/vrc.md explains it all.
 *
 *   vrc_analyze   abstract interpretation over the control-flow graph; fills
 *                 the certificate (interval state at every block leader) and
 *                 the claims: elided memory guards, elided CFI checks, proven
 *                 syscall numbers;
 *   vrc_certify   runs the checker on the claims and, where it cannot re-derive
 *                 one, withdraws it (counted as a disagreement) until it passes;
 *   vrc_check     (check.h) the gate: accept or reject, nothing in between.
 */
#ifndef VRC_VRC_H
#define VRC_VRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bridge/bridge.h"
#include "vrc/cert.h"
#include "vrc/check.h"
#include "vrc/dom.h"

struct vrc_options {
	uint64_t mem_size;	 /* power of two */
	uint32_t entry;		 /* entry pc */
	const uint32_t *targets; /* valid indirect targets (as given to the translator) */
	size_t ntargets;
};

struct vrc_stats {
	uint32_t mem_guards;	/* static loads/stores */
	uint32_t mem_elided;	/* of which proven in bounds */
	uint32_t cfi_sites;	/* JR/CALLR */
	uint32_t cfi_elided;	/* of which with a proven constant valid target */
	uint32_t syscalls;	/* SYSCALL instructions */
	uint32_t sys_proven;	/* of which with a proven number */
	uint32_t blocks;	/* basic blocks */
	uint32_t block_visits;	/* fixpoint work */
	uint32_t disagreements; /* claims withdrawn because the checker could not re-derive them */
};

struct vrc_result {
	struct vrc_cert cert;	   /* what the checker verifies (in the arena) */
	struct bridge_fact *facts; /* [n] why each claim holds (for --dump-x86) */
	struct vrc_stats stats;
};

/* Arena size for a code section of code_len bytes with ntargets indirect targets. */
size_t vrc_work_size(size_t code_len, size_t ntargets);

/* Analyse a VALIDATED program (vela_validate). Returns false only if the arena is
 * too small or the options are unusable (then nothing is claimed). */
bool vrc_analyze(const uint8_t *code, size_t code_len, const struct vrc_options *opt, void *work,
		 size_t work_size, struct vrc_result *res);

/* Make the claims checkable: run the checker and withdraw what it refuses.
 * check_work is an arena of vrc_check_work_size() bytes. Returns true when the
 * checker accepts the final certificate (always, unless something is broken). */
bool vrc_certify(const uint8_t *code, size_t code_len, const struct vrc_options *opt,
		 struct vrc_result *res, void *check_work, size_t check_work_size);

/* Everything a loader does before translating: validate, analyse, certify and
 * run the checker once more as the gate. work: vrc_prepare_work_size() bytes.
 * Returns false only when the checker rejects the certificate (err says why;
 * the translation must not run). An invalid program, or a code section too
 * large for the arena, gets no claims (res->cert.claims == NULL) and returns
 * true: the translator then keeps every guard (or rejects the program itself). */
size_t vrc_prepare_work_size(size_t code_len, size_t ntargets);
/* Programs larger than this get no analysis (every guard kept): the dense
 * per-leader states and the fixpoint grow with the program, and a loader must
 * not spend seconds (or, in the kernel, tens of megabytes) on one load. */
#define VRC_MAX_INSNS 16384u
bool vrc_prepare(const uint8_t *code, size_t code_len, const struct vrc_options *opt, void *work,
		 size_t work_size, struct vrc_result *res, struct vrc_check_error *err);

/* The proven number of the syscall at pc, if any. */
bool vrc_syscall_number(const struct vrc_result *res, uint32_t pc, uint64_t *nr);

#endif
