/* Host tests of the raw-mode line editor (lib/tty/lineedit.c). The output is
 * replayed on a textscreen, so the tests check what the user would see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tty/lineedit.h"
#include "tty/textscreen.h"

#define COLS 40
#define ROWS 4

static uint16_t cells[COLS * ROWS];
static struct textscreen screen;
static struct lineedit ed;

static void out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	textscreen_write(&screen, s, n);
}

static int setup(void **state)
{
	(void)state;
	textscreen_init(&screen, cells, COLS, ROWS, VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK));
	textscreen_clear(&screen);
	lineedit_init(&ed, out, NULL);
	lineedit_begin(&ed);
	return 0;
}

static enum lineedit_result feed(const char *s)
{
	enum lineedit_result r = LINEEDIT_MORE;
	while (*s)
		r = lineedit_feed(&ed, (uint8_t)*s++);
	return r;
}

static const char *row(unsigned y)
{
	static char buf[COLS + 1];
	textscreen_row_text(&screen, y, buf, sizeof(buf));
	return buf;
}

#define LEFT  "\x1b[D"
#define RIGHT "\x1b[C"
#define UP    "\x1b[A"
#define DOWN  "\x1b[B"
#define HOME  "\x1b[H"
#define END   "\x1b[F"
#define DEL   "\x1b[3~"

static void test_typing_and_enter(void **state)
{
	(void)state;
	assert_int_equal(feed("hello\r"), LINEEDIT_DONE);
	assert_string_equal(lineedit_line(&ed), "hello");
	assert_string_equal(row(0), "hello");
	assert_int_equal(screen.y, 1);
	assert_int_equal(screen.x, 0);
}

static void test_arrows_insert_in_middle(void **state)
{
	(void)state;
	assert_int_equal(feed("abc" LEFT LEFT "X" END "Y" HOME "Z"), LINEEDIT_MORE);
	assert_string_equal(lineedit_line(&ed), "ZaXbcY");
	assert_string_equal(row(0), "ZaXbcY");
	assert_int_equal(screen.x, 1); /* cursor after the Z */
	assert_int_equal(feed("\r"), LINEEDIT_DONE);
	assert_string_equal(lineedit_line(&ed), "ZaXbcY");
}

static void test_backspace_and_delete(void **state)
{
	(void)state;
	feed("abcd" LEFT LEFT "\x7f" DEL);
	assert_string_equal(lineedit_line(&ed), "ad");
	assert_string_equal(row(0), "ad");
	assert_int_equal(screen.x, 1);
	/* VT220 home/end forms and SS3 arrows. */
	feed("\x1b[1~<\x1b[4~>\x1bOD!");
	assert_string_equal(lineedit_line(&ed), "<ad!>");
	assert_string_equal(row(0), "<ad!>");
}

static void test_kill_to_start_and_end(void **state)
{
	(void)state;
	feed("hello world" LEFT LEFT LEFT LEFT LEFT "\x15");
	assert_string_equal(lineedit_line(&ed), "world");
	assert_string_equal(row(0), "world");
	assert_int_equal(screen.x, 0);
	feed(RIGHT RIGHT "\x0b");
	assert_string_equal(lineedit_line(&ed), "wo");
	assert_string_equal(row(0), "wo");
}

static void test_history(void **state)
{
	(void)state;
	assert_int_equal(feed("first\r"), LINEEDIT_DONE);
	lineedit_begin(&ed);
	assert_int_equal(feed("second\r"), LINEEDIT_DONE);
	lineedit_begin(&ed);
	feed("draft" UP);
	assert_string_equal(lineedit_line(&ed), "second");
	assert_string_equal(row(2), "second");
	feed(UP);
	assert_string_equal(lineedit_line(&ed), "first");
	assert_string_equal(row(2), "first");
	feed(UP); /* no older entry: stays */
	assert_string_equal(lineedit_line(&ed), "first");
	feed(DOWN DOWN);
	assert_string_equal(lineedit_line(&ed), "draft");
	assert_string_equal(row(2), "draft");
	feed(UP "!\r");
	assert_string_equal(lineedit_line(&ed), "second!");
}

static void test_ctrl_c_and_ctrl_d(void **state)
{
	(void)state;
	assert_int_equal(feed("junk\x03"), LINEEDIT_INTERRUPT);
	assert_string_equal(lineedit_line(&ed), "");
	assert_string_equal(row(0), "junk^C");
	lineedit_begin(&ed);
	assert_int_equal(feed("\x04"), LINEEDIT_EOF);
	lineedit_begin(&ed);
	/* Ctrl-D on a non-empty line deletes under the cursor. */
	assert_int_equal(feed("ab" LEFT "\x04"), LINEEDIT_MORE);
	assert_string_equal(lineedit_line(&ed), "a");
}

static void test_line_limit(void **state)
{
	(void)state;
	for (int i = 0; i < LINEEDIT_MAX + 10; i++)
		lineedit_feed(&ed, 'x');
	assert_int_equal(strlen(lineedit_line(&ed)), LINEEDIT_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_typing_and_enter, setup),
	    cmocka_unit_test_setup(test_arrows_insert_in_middle, setup),
	    cmocka_unit_test_setup(test_backspace_and_delete, setup),
	    cmocka_unit_test_setup(test_kill_to_start_and_end, setup),
	    cmocka_unit_test_setup(test_history, setup),
	    cmocka_unit_test_setup(test_ctrl_c_and_ctrl_d, setup),
	    cmocka_unit_test_setup(test_line_limit, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
