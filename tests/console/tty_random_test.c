/* Random input into every lib/tty component: no crash or sanitizer report,
 * and the state invariants hold after every byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tty/keymap.h"
#include "tty/ldisc.h"
#include "tty/lineedit.h"
#include "tty/scancode.h"
#include "tty/textscreen.h"

#define ROUNDS 200000
#define COLS   20
#define ROWS   5

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint8_t next_byte(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)rng;
}

/* Biased towards the interesting bytes: escapes, controls, letters. */
static uint8_t next_input(void)
{
	static const uint8_t special[] = {0x1B, '[',  'O',  'A',  'B',	'C',  'D',  'H',  'F',
					  '~',	'3',  ';',  '\r', '\n', 0x7F, 0x08, 0x03, 0x04,
					  0x15, 0x17, 0x0B, 0x01, 0x05, '\t', 'x',  ' '};
	uint8_t r = next_byte();
	if (r < 160)
		return special[r % sizeof(special)];
	return next_byte();
}

static uint16_t cells[COLS * ROWS];
static struct textscreen screen;

static void to_screen(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	textscreen_write(&screen, s, n);
	assert_true(screen.x < COLS && screen.y < ROWS);
}

static void test_random_scancodes(void **state)
{
	(void)state;
	struct scancode_decoder d;
	struct keymap_state m;
	scancode_init(&d);
	keymap_init(&m);
	for (int i = 0; i < ROUNDS; i++) {
		struct key_event ev;
		if (!scancode_feed(&d, next_byte(), &ev))
			continue;
		assert_true(ev.code > KEY_NONE && ev.code < KEY_CODE_COUNT);
		char out[KEYMAP_MAX_BYTES];
		assert_true(keymap_translate(&m, &ev, out) <= KEYMAP_MAX_BYTES);
	}
}

static void test_random_ldisc(void **state)
{
	(void)state;
	static struct ldisc l;
	ldisc_init(&l, LDISC_COOKED_FLAGS, NULL, NULL, NULL);
	char buf[64];
	for (int i = 0; i < ROUNDS; i++) {
		uint8_t c = next_input();
		if (c == 'O' && (next_byte() & 1))
			ldisc_set_flags(&l, l.flags ^ LDISC_CANON);
		ldisc_input(&l, c);
		assert_true(l.line_len < LDISC_LINE_MAX);
		assert_true(l.data_len <= LDISC_DATA_MAX);
		assert_true(l.rec_count <= LDISC_RECORDS);
		size_t sum = 0;
		for (size_t r = 0; r < l.rec_count; r++)
			sum += l.rec[r].len;
		assert_int_equal(sum, l.data_len);
		if (next_byte() < 64) {
			int n = ldisc_read(&l, buf, 1 + next_byte() % sizeof(buf));
			assert_true(n >= LDISC_INTERRUPTED && n <= (int)sizeof(buf));
		}
	}
}

static void test_random_lineedit_and_screen(void **state)
{
	(void)state;
	static struct lineedit e;
	textscreen_init(&screen, cells, COLS, ROWS, VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK));
	textscreen_clear(&screen);
	lineedit_init(&e, to_screen, NULL);
	lineedit_begin(&e);
	for (int i = 0; i < ROUNDS; i++) {
		enum lineedit_result r = lineedit_feed(&e, next_input());
		assert_true(e.cur <= e.len && e.len < LINEEDIT_MAX);
		assert_int_equal(strlen(e.buf), e.len);
		assert_true(e.hist_count <= LINEEDIT_HISTORY && e.browse <= e.hist_count);
		if (r != LINEEDIT_MORE)
			lineedit_begin(&e);
	}
	for (int i = 0; i < ROUNDS; i++) {
		char c = (char)next_input();
		textscreen_write(&screen, &c, 1);
		assert_true(screen.x < COLS && screen.y < ROWS);
		assert_true(screen.nparams <= TEXTSCREEN_MAX_PARAMS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_random_scancodes),
	    cmocka_unit_test(test_random_ldisc),
	    cmocka_unit_test(test_random_lineedit_and_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
