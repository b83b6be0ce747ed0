#include "crypto/wipe.h"

#include <string.h>

void crypto_wipe(void *p, size_t len)
{
	memset(p, 0, len);
	/* The empty asm takes p and clobbers memory: the compiler must assume the
	 * zeroed bytes are read, so the memset above stays. */
	__asm__ __volatile__("" : : "r"(p) : "memory");
}
