/* Runs lib/crypto's known-answer tests (RFC 8032, RFC 8439, FIPS 180-4 vectors)
 * in the kernel: proof that the freestanding build computes the same answers. */
#include "crypto/selftest.h"
#include "kernel/ktest.h"

KTEST_GROUP(crypto, crypto_known_answers)
{
	for (size_t i = 0; i < crypto_selftest_count; i++)
		ktest_report("crypto", crypto_selftests[i].name, crypto_selftests[i].run());
}
