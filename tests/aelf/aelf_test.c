/* AELF: build, parse, verify, and every way a file can be damaged or forged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aelf/aelf.h"
#include "crypto/ed25519.h"
#include "vela/vela.h"

static uint8_t seed[32], pk[32], other_seed[32], other_pk[32];

static size_t make_object(uint8_t *out, size_t cap)
{
	static const uint8_t code[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	static const uint8_t data[8] = {'h', 'e', 'l', 'l', 'o', 0, 0, 0};
	struct vela_sym syms[2] = {
	    {.name = "main", .section = 0, .flags = VELA_SYM_GLOBAL | VELA_SYM_FUNC, .value = 0},
	    {.name = "msg", .section = 1, .flags = 0, .value = 0x100},
	};
	struct vela_obj_desc d = {
	    .entry = 0,
	    .mem_size = 0,
	    .code = code,
	    .code_size = sizeof(code),
	    .data = data,
	    .data_size = sizeof(data),
	    .data_addr = 0x100,
	    .bss_addr = 0x200,
	    .bss_size = 64,
	    .syms = syms,
	    .nsyms = 2,
	};
	size_t n = vela_obj_write(&d, out, cap);
	assert_true(n <= cap);
	return n;
}

static size_t make_aelf(uint8_t *out, size_t cap, uint32_t caps, uint64_t stack, bool sign)
{
	uint8_t obj[1024];
	size_t olen = make_object(obj, sizeof(obj));
	struct aelf_build_opts opts = {.caps = caps, .stack_size = stack, .mem_size = 65536};
	const char *err = NULL;
	size_t n = aelf_build(obj, olen, &opts, sign ? seed : NULL, pk, out, cap, &err);
	assert_null(err);
	assert_true(n > 0 && n <= cap);
	return n;
}

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < 32; i++) {
		seed[i] = (uint8_t)(i * 7 + 1);
		other_seed[i] = (uint8_t)(i * 13 + 5);
	}
	ed25519_public_key(pk, seed);
	ed25519_public_key(other_pk, other_seed);
	return 0;
}

static void test_build_parse_verify(void **state)
{
	(void)state;
	uint8_t img[2048];
	uint32_t caps = (1u << VELA_CAP_FS_READ) | (1u << VELA_CAP_PROC);
	size_t n = make_aelf(img, sizeof(img), caps, 4096, true);
	struct aelf_image a;
	assert_null(aelf_parse(img, n, &a));
	assert_int_equal(a.caps, caps);
	assert_int_equal(a.stack_size, 4096);
	assert_int_equal(a.obj.mem_size, 65536);
	assert_int_equal(a.obj.code_size, 16);
	assert_int_equal(a.obj.data_addr, 0x100);
	assert_int_equal(a.obj.nsyms, 2);
	assert_int_equal(a.signed_len + AELF_SIG_SIZE, n);
	assert_false(aelf_is_unsigned(&a));
	assert_true(aelf_verify(&a, pk));
	assert_false(aelf_verify(&a, other_pk));
	uint8_t id[AELF_KEY_ID_SIZE];
	aelf_key_id(pk, id);
	assert_memory_equal(id, a.key_id, AELF_KEY_ID_SIZE);
	/* A plain object reader still reads it (optional sections are skipped). */
	struct vela_obj o;
	assert_non_null(vela_obj_parse(img, n, &o)); /* magic differs */
	assert_null(vela_obj_parse_magic(img, n, AELF_MAGIC, &o));
}

static void test_every_byte_flip_is_caught(void **state)
{
	(void)state;
	uint8_t img[2048];
	size_t n = make_aelf(img, sizeof(img), 1u << VELA_CAP_NET, 4096, true);
	static const uint8_t masks[] = {0x01, 0x80, 0xff};
	for (size_t i = 0; i < n; i++) {
		for (size_t m = 0; m < sizeof(masks); m++) {
			img[i] ^= masks[m];
			struct aelf_image a;
			const char *err = aelf_parse(img, n, &a);
			if (!err && aelf_verify(&a, pk))
				fail_msg("byte %zu ^ %#x still verifies", i, masks[m]);
			img[i] ^= masks[m];
		}
	}
	struct aelf_image a;
	assert_null(aelf_parse(img, n, &a));
	assert_true(aelf_verify(&a, pk));
}

static void test_truncation_and_extension(void **state)
{
	(void)state;
	uint8_t img[2048];
	size_t n = make_aelf(img, sizeof(img), 0, 4096, true);
	struct aelf_image a;
	for (size_t len = 0; len < n; len++)
		assert_non_null(aelf_parse(img, len, &a));
	img[n] = 0;
	assert_string_equal(aelf_parse(img, n + 1, &a), "bytes after the signature");
}

static void test_unsigned(void **state)
{
	(void)state;
	uint8_t img[2048];
	size_t n = make_aelf(img, sizeof(img), 0, 4096, false);
	struct aelf_image a;
	assert_null(aelf_parse(img, n, &a));
	assert_true(aelf_is_unsigned(&a));
	assert_false(aelf_verify(&a, pk));
}

static void test_bad_fields(void **state)
{
	(void)state;
	uint8_t img[2048];
	struct aelf_image a;
	size_t n = make_aelf(img, sizeof(img), 1u << 30, 4096, true);
	assert_string_equal(aelf_parse(img, n, &a), "unknown capability requested");
	n = make_aelf(img, sizeof(img), 0, 0, true);
	assert_non_null(aelf_parse(img, n, &a));
	n = make_aelf(img, sizeof(img), 0, 65536, true); /* stack covers the data at 0x100 */
	assert_string_equal(aelf_parse(img, n, &a), "data or bss overlaps the stack");
	n = make_aelf(img, sizeof(img), 0, 4097, true);
	assert_non_null(aelf_parse(img, n, &a));
	memcpy(img, "VOBJ", 4);
	assert_string_equal(aelf_parse(img, n, &a), "not an AELF executable (bad magic)");
}

static void test_build_rejects_garbage(void **state)
{
	(void)state;
	uint8_t junk[100] = "VOBJ";
	uint8_t out[512];
	struct aelf_build_opts opts = {.caps = 0, .stack_size = 4096, .mem_size = 65536};
	const char *err = NULL;
	assert_int_equal(aelf_build(junk, sizeof(junk), &opts, seed, pk, out, sizeof(out), &err),
			 0);
	assert_non_null(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build_parse_verify),
	    cmocka_unit_test(test_every_byte_flip_is_caught),
	    cmocka_unit_test(test_truncation_and_extension),
	    cmocka_unit_test(test_unsigned),
	    cmocka_unit_test(test_bad_fields),
	    cmocka_unit_test(test_build_rejects_garbage),
	};
	return cmocka_run_group_tests_name("aelf", tests, setup, NULL);
}
