/* Host tests of the character-cell screen behind the VGA console. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tty/textscreen.h"

#define COLS 10
#define ROWS 3
#define GREY VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK)

static uint16_t cells[COLS * ROWS];
static struct textscreen ts;

static int setup(void **state)
{
	(void)state;
	textscreen_init(&ts, cells, COLS, ROWS, GREY);
	textscreen_clear(&ts);
	return 0;
}

static void put(const char *s)
{
	textscreen_write(&ts, s, strlen(s));
}

static const char *row(unsigned y)
{
	static char buf[COLS + 1];
	textscreen_row_text(&ts, y, buf, sizeof(buf));
	return buf;
}

static void test_text_and_newline(void **state)
{
	(void)state;
	put("ab\ncd");
	assert_string_equal(row(0), "ab");
	assert_string_equal(row(1), "cd");
	assert_int_equal(ts.x, 2);
	assert_int_equal(ts.y, 1);
	assert_int_equal(VGA_CELL_ATTR(cells[0]), GREY);
}

static void test_wrap_is_deferred(void **state)
{
	(void)state;
	put("0123456789");
	assert_int_equal(ts.y, 0); /* still on the first row until more text comes */
	put("\n");
	assert_int_equal(ts.y, 1);
	assert_string_equal(row(1), "");
	put("0123456789X");
	assert_string_equal(row(2), "X");
}

static void test_scrolling(void **state)
{
	(void)state;
	put("one\ntwo\nthree\nfour");
	assert_string_equal(row(0), "two");
	assert_string_equal(row(1), "three");
	assert_string_equal(row(2), "four");
	assert_int_equal(ts.scrolls, 1);
	put("\n");
	assert_string_equal(row(2), "");
	assert_string_equal(row(0), "three");
}

static void test_backspace_erase_sequence(void **state)
{
	(void)state;
	put("abc\b \b");
	assert_string_equal(row(0), "ab");
	assert_int_equal(ts.x, 2);
	/* Across a wrapped line: the erase goes back onto the previous row. */
	setup(NULL);
	put("0123456789x\b \b\b \b");
	assert_string_equal(row(0), "012345678");
	assert_string_equal(row(1), "");
	assert_int_equal(ts.y, 0);
	assert_int_equal(ts.x, 9);
}

static void test_carriage_return_and_tab(void **state)
{
	(void)state;
	put("abcdef\rX\tY");
	assert_string_equal(row(0), "Xbcdef  Y");
}

static void test_csi_moves_and_erases(void **state)
{
	(void)state;
	put("hello\x1b[3DX");
	assert_string_equal(row(0), "heXlo");
	put("\x1b[K");
	assert_string_equal(row(0), "heX");
	put("\x1b[2;4HZ");
	assert_string_equal(row(1), "   Z");
	put("\x1b[2J");
	assert_string_equal(row(0), "");
	assert_string_equal(row(1), "");
}

static void test_sgr_colours(void **state)
{
	(void)state;
	put("\x1b[31mR\x1b[1;32mG\x1b[0mN");
	assert_int_equal(VGA_CELL_ATTR(cells[0]), VGA_ATTR(VGA_RED, VGA_BLACK));
	assert_int_equal(VGA_CELL_ATTR(cells[1]), VGA_ATTR(VGA_LIGHT_GREEN, VGA_BLACK));
	assert_int_equal(VGA_CELL_ATTR(cells[2]), GREY);
	textscreen_set_attr(&ts, VGA_ATTR(VGA_YELLOW, VGA_BLUE));
	put("W");
	assert_int_equal(cells[3], VGA_CELL('W', VGA_ATTR(VGA_YELLOW, VGA_BLUE)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_text_and_newline, setup),
	    cmocka_unit_test_setup(test_wrap_is_deferred, setup),
	    cmocka_unit_test_setup(test_scrolling, setup),
	    cmocka_unit_test_setup(test_backspace_erase_sequence, setup),
	    cmocka_unit_test_setup(test_carriage_return_and_tab, setup),
	    cmocka_unit_test_setup(test_csi_moves_and_erases, setup),
	    cmocka_unit_test_setup(test_sgr_colours, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
