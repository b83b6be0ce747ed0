/*
 * libFuzzer target: vela-as on arbitrary source text. The assembler must
 * never crash, hang or leak, whatever the input; what it accepts must be a
 * well-formed object holding valid code.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vela-as/as.h"
#include "vela/obj.h"
#include "vela/vela.h"

static const uint8_t *input;
static size_t input_len;
static int reads;

static char *fuzz_read(const char *path, size_t *len)
{
	/* the main file, once per pass (at most 4 passes); a self-.include
	 * beyond that is "not found", which keeps include bombs cheap here
	 * (vela-as itself caps them at 256 files per pass) */
	if (strcmp(path, "fuzz.vs") != 0 || ++reads > 4)
		return NULL;
	char *p = malloc(input_len + 1);
	if (!p)
		return NULL;
	memcpy(p, input, input_len);
	p[input_len] = 0;
	*len = input_len;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	input = data;
	input_len = size;
	reads = 0;
	struct vas v;
	memset(&v, 0, sizeof(v));
	v.read_file = fuzz_read;
	v.diag = NULL;
	int errors = vas_assemble(&v, "fuzz.vs");
	if (v.internal_errors)
		abort(); /* the passes disagreed about the layout */
	if (errors == 0) {
		struct vela_obj o;
		struct vela_verr err;
		if (vela_obj_parse(v.obj, v.obj_size, &o) != NULL)
			abort();
		if (!vela_validate(o.code, o.code_size, &err))
			abort();
	}
	vas_free(&v);
	return 0;
}
