/* The 64-bit instance of the VRC domain (the code is in dom_impl.h). */
#include "vrc/dom.h"

int vrc_mutation;

#include <string.h>

#define D_BITS	64
#define D_U	uint64_t
#define D_S	int64_t
#define D_VAL	struct vrc_val
#define D_FN(x) vrc_##x
#include "vrc/dom_impl.h"
