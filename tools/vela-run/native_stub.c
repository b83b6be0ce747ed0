/*
 * vela-run's default backend: AetherBridge translation to native x86-64.
 * Not built yet: the translator (lib/bridge) replaces this stub.
 */
#include "run.h"

#include <stdio.h>

int vrun_backend_native(struct vrun_prog *p, const struct vrun_opts *o)
{
	(void)p;
	(void)o;
	fprintf(stderr, "vela-run: error: the translator (native) backend is not built; "
			"use --interp to run under the reference interpreter\n");
	return 2;
}
