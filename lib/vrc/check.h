/* The VRC certificate checker: the gate between the analysis and executable
 * code. It shares no code with the analysis (only the ISA decoder and the
 * certificate layout, cert.h): its own control-flow graph, its own interval
 * rules, one pass. See cert.h for what it verifies and docs/vrc.md for why that
 * is enough. */
#ifndef VRC_CHECK_H
#define VRC_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrc/cert.h"

enum vrc_check_fail {
	VRC_FAIL_NONE,
	VRC_FAIL_SHAPE, /* the certificate does not fit the program (sizes, leaders) */
	VRC_FAIL_ENTRY, /* the entry state is not inside the entry's facts */
	VRC_FAIL_EDGE,	/* an edge leaves the facts of its target (leader, reg) */
	VRC_FAIL_CLAIM, /* a claim does not follow (pc) */
};

struct vrc_check_error {
	enum vrc_check_fail kind;
	uint32_t pc;	 /* the instruction (CLAIM, EDGE: the edge's source) */
	uint32_t leader; /* EDGE/ENTRY: index of the target leader */
	uint8_t reg;	 /* EDGE/ENTRY: the register whose fact fails (16: reachability) */
	char msg[128];	 /* "pc=0x... : VRC certificate: reason" */
};

/* Returns true iff the certificate holds for this program; otherwise err says
 * where the first failure is. Never trusts anything in cert beyond reading it. */
bool vrc_check(const uint8_t *code, size_t code_len, uint64_t mem_size, uint32_t entry,
	       const uint32_t *targets, size_t ntargets, const struct vrc_cert *cert, void *work,
	       size_t work_size, struct vrc_check_error *err);

size_t vrc_check_work_size(size_t code_len);

/* The same verification, but every failure is handed to report() and checking
 * goes on (vrc_certify uses it to withdraw all refused claims in one pass).
 * Returns the number of failures; 0 means vrc_check would accept. */
typedef void (*vrc_check_report)(void *ctx, const struct vrc_check_error *e);
uint32_t vrc_check_report_all(const uint8_t *code, size_t code_len, uint64_t mem_size,
			      uint32_t entry, const uint32_t *targets, size_t ntargets,
			      const struct vrc_cert *cert, void *work, size_t work_size,
			      vrc_check_report report, void *ctx);

#endif
