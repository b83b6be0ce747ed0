/* Shared by the lib/crypto host test files (one cmocka binary). */
#ifndef TESTS_CRYPTO_CRYPTO_TEST_H
#define TESTS_CRYPTO_CRYPTO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Decode hex into out (asserts that it fits); returns the byte count. */
size_t unhex(uint8_t *out, size_t cap, const char *hex);
/* Deterministic pseudo-random bytes, so that failures reproduce. */
uint64_t rnd64(void);
void rnd_bytes(uint8_t *p, size_t n);

/* crypto_diff_test.c: lib/crypto against libsodium */
void test_differential_ed25519(void **state);
void test_differential_ed25519_edge_keys(void **state);
void test_verify_rules(void **state);
void test_differential_aead(void **state);
void test_differential_hashes(void **state);
void test_differential_chacha20_lengths(void **state);
void test_poly1305_extremes(void **state);

/* crypto_internal_test.c: tables and scalar arithmetic */
void test_base_tables(void **state);
void test_scalar_edges(void **state);

#endif
