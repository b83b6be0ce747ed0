/* Host tests of the line discipline (lib/tty/ldisc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tty/ldisc.h"

struct fixture {
	struct ldisc ld;
	char echo[4096];
	size_t echo_len;
	int interrupts;
};

static void echo_cb(void *ctx, const char *s, size_t n)
{
	struct fixture *f = ctx;
	assert_true(f->echo_len + n < sizeof(f->echo));
	memcpy(f->echo + f->echo_len, s, n);
	f->echo_len += n;
	f->echo[f->echo_len] = '\0';
}

static void intr_cb(void *ctx)
{
	((struct fixture *)ctx)->interrupts++;
}

static struct fixture *fx_new(unsigned flags)
{
	static struct fixture f;
	memset(&f, 0, sizeof(f));
	ldisc_init(&f.ld, flags, echo_cb, intr_cb, &f);
	return &f;
}

static void type(struct fixture *f, const char *s)
{
	while (*s)
		ldisc_input(&f->ld, (uint8_t)*s++);
}

static int read_str(struct fixture *f, char *buf, size_t cap)
{
	int n = ldisc_read(&f->ld, buf, cap - 1);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static void test_line_is_delivered_on_enter(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "hello");
	assert_int_equal(ldisc_read(&f->ld, buf, sizeof(buf)), LDISC_EMPTY);
	type(f, "\r");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "hello\n");
	assert_string_equal(f->echo, "hello\n");
	assert_int_equal(ldisc_read(&f->ld, buf, sizeof(buf)), LDISC_EMPTY);
}

static void test_one_line_per_read(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "ab\ncd\n");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "ab\n");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "cd\n");
}

static void test_partial_read_keeps_rest(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[8];
	type(f, "abcdef\n");
	assert_int_equal(read_str(f, buf, 4), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "def\n");
}

static void test_backspace_and_delete_erase(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "abx\x7f"
		"c\bd\n");
	read_str(f, buf, sizeof(buf));
	assert_string_equal(buf, "abd\n");
	assert_string_equal(f->echo, "abx\b \bc\b \bd\n");
	/* Erasing an empty line echoes nothing. */
	f->echo_len = 0;
	type(f, "\x7f\x7f");
	assert_int_equal(f->echo_len, 0);
}

static void test_ctrl_u_kills_line(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "wrong\x15right\n");
	read_str(f, buf, sizeof(buf));
	assert_string_equal(buf, "right\n");
	assert_non_null(strstr(f->echo, "wrong\b \b\b \b\b \b\b \b\b \bright"));
}

static void test_ctrl_w_erases_word(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "one two  \x17three\n");
	read_str(f, buf, sizeof(buf));
	assert_string_equal(buf, "one three\n");
}

static void test_ctrl_c_interrupts(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "discard me\x03");
	assert_int_equal(f->interrupts, 1);
	assert_int_equal(ldisc_read(&f->ld, buf, sizeof(buf)), LDISC_INTERRUPTED);
	assert_non_null(strstr(f->echo, "^C\n"));
	type(f, "next\n");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "next\n");
}

static void test_ctrl_c_without_isig_is_data(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_CANON | LDISC_ECHO);
	char buf[64];
	type(f, "a\x03"
		"b\n");
	assert_int_equal(f->interrupts, 0);
	/* Control characters other than the editing ones are not stored. */
	assert_int_equal(read_str(f, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "ab\n");
}

static void test_ctrl_d_eof_and_push(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "\x04");
	assert_int_equal(ldisc_read(&f->ld, buf, sizeof(buf)), 0);
	type(f, "abc\x04");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(ldisc_read(&f->ld, buf, sizeof(buf)), LDISC_EMPTY);
}

static void test_escape_sequences_swallowed_in_canonical(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "a\x1b[Ab\x1b[3~c\x1bOHd\n");
	read_str(f, buf, sizeof(buf));
	assert_string_equal(buf, "abcd\n");
	assert_string_equal(f->echo, "abcd\n");
}

static void test_raw_mode_passes_everything(void **state)
{
	(void)state;
	struct fixture *f = fx_new(0);
	char buf[64];
	type(f, "a\x1b[D\x03\x7f\r");
	assert_int_equal(f->interrupts, 0);
	assert_int_equal(f->echo_len, 0);
	int n = ldisc_read(&f->ld, buf, sizeof(buf));
	assert_int_equal(n, 7);
	assert_memory_equal(buf, "a\x1b[D\x03\x7f\r", 7);
	assert_int_equal(ldisc_read(&f->ld, buf, sizeof(buf)), LDISC_EMPTY);
}

static void test_mode_switch_hands_over_partial_line(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_COOKED_FLAGS);
	char buf[64];
	type(f, "par");
	ldisc_set_flags(&f->ld, 0);
	type(f, "tial");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "partial");
	/* Back to canonical: raw bytes already queued stay readable. */
	type(f, "xy");
	ldisc_set_flags(&f->ld, LDISC_COOKED_FLAGS);
	type(f, "line\n");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "xy");
	assert_int_equal(read_str(f, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "line\n");
}

static void test_long_line_is_capped(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_CANON | LDISC_ICRNL);
	static char buf[LDISC_LINE_MAX * 2];
	for (int i = 0; i < LDISC_LINE_MAX + 50; i++)
		ldisc_input(&f->ld, 'x');
	ldisc_input(&f->ld, '\r');
	int n = ldisc_read(&f->ld, buf, sizeof(buf));
	assert_int_equal(n, LDISC_LINE_MAX);
	assert_int_equal(buf[n - 1], '\n');
	assert_int_equal(f->ld.dropped, 51);
}

static void test_buffer_full_drops_not_corrupts(void **state)
{
	(void)state;
	struct fixture *f = fx_new(LDISC_CANON | LDISC_ICRNL);
	char buf[64];
	for (int i = 0; i < LDISC_RECORDS + 5; i++)
		type(f, "l\n");
	assert_true(f->ld.dropped > 0);
	int lines = 0;
	while (read_str(f, buf, sizeof(buf)) > 0) {
		assert_string_equal(buf, "l\n");
		lines++;
	}
	assert_int_equal(lines, LDISC_RECORDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_line_is_delivered_on_enter),
	    cmocka_unit_test(test_one_line_per_read),
	    cmocka_unit_test(test_partial_read_keeps_rest),
	    cmocka_unit_test(test_backspace_and_delete_erase),
	    cmocka_unit_test(test_ctrl_u_kills_line),
	    cmocka_unit_test(test_ctrl_w_erases_word),
	    cmocka_unit_test(test_ctrl_c_interrupts),
	    cmocka_unit_test(test_ctrl_c_without_isig_is_data),
	    cmocka_unit_test(test_ctrl_d_eof_and_push),
	    cmocka_unit_test(test_escape_sequences_swallowed_in_canonical),
	    cmocka_unit_test(test_raw_mode_passes_everything),
	    cmocka_unit_test(test_mode_switch_hands_over_partial_line),
	    cmocka_unit_test(test_long_line_is_capped),
	    cmocka_unit_test(test_buffer_full_drops_not_corrupts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
