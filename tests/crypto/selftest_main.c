/* Runs the portable crypto self-tests on the host with the project's test
 * signal, exactly as the kernel's suite "crypto" reports them. */
#include <stdio.h>

#include "crypto/selftest.h"

int main(void)
{
	int failed = 0;

	for (size_t i = 0; i < crypto_selftest_count; i++) {
		const char *why = crypto_selftests[i].run();
		if (why) {
			printf("[FAIL] crypto:%s: %s\n", crypto_selftests[i].name, why);
			failed++;
		} else {
			printf("[OK] crypto:%s\n", crypto_selftests[i].name);
		}
	}
	return failed ? 1 : 0;
}
