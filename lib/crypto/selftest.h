/* Known-answer tests for lib/crypto, runnable on the host and in the kernel. */
#ifndef CRYPTO_SELFTEST_H
#define CRYPTO_SELFTEST_H

#include <stddef.h>

struct crypto_selftest {
	const char *name;
	/* NULL on success, or a short reason. Not reentrant: the tests share
	 * static scratch buffers to keep kernel stack use small. */
	const char *(*run)(void);
};

extern const struct crypto_selftest crypto_selftests[];
extern const size_t crypto_selftest_count;

#endif
