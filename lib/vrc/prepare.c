/* vrc_prepare: validate, analyse, certify, check (see vrc.h). */
#include "vrc/vrc.h"

#include <string.h>

size_t vrc_prepare_work_size(size_t code_len, size_t ntargets)
{
	if (code_len / 4 > VRC_MAX_INSNS)
		return 16; /* too large: vrc_prepare claims nothing */
	return vrc_work_size(code_len, ntargets) + vrc_check_work_size(code_len) + 16;
}

bool vrc_prepare(const uint8_t *code, size_t code_len, const struct vrc_options *opt, void *work,
		 size_t work_size, struct vrc_result *res, struct vrc_check_error *err)
{
	struct vela_verr verr;
	size_t aw = vrc_work_size(code_len, opt->ntargets);
	size_t cw = vrc_check_work_size(code_len);
	memset(res, 0, sizeof *res);
	if (err)
		memset(err, 0, sizeof *err);
	if (code_len / 4 > VRC_MAX_INSNS || work_size < aw + cw + 16 ||
	    !vela_validate(code, code_len, &verr))
		return true;
	uint8_t *check_work = (uint8_t *)work + ((aw + 15) & ~(size_t)15);
	if (!vrc_analyze(code, code_len, opt, work, aw, res)) {
		memset(res, 0, sizeof *res);
		return true;
	}
	vrc_certify(code, code_len, opt, res, check_work, cw);
	/* the gate: whatever certify did, this verdict alone decides */
	return vrc_check(code, code_len, opt->mem_size, opt->entry, opt->targets, opt->ntargets,
			 &res->cert, check_work, cw, err);
}
