/* Host tests of the scancode set 1 decoder and the US keymap (lib/tty). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tty/keymap.h"
#include "tty/scancode.h"

#define SC_A	  0x1E
#define SC_H	  0x23
#define SC_1	  0x02
#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_LCTRL  0x1D
#define SC_CAPS	  0x3A
#define SC_ENTER  0x1C
#define SC_BKSP	  0x0E
#define SC_KP8	  0x48
#define BRK(sc)	  ((uint8_t)((sc) | SCANCODE_BREAK_BIT))
#define E0	  SCANCODE_PREFIX_E0

/* Runs bytes through decoder and keymap; returns the produced text. */
struct kb {
	struct scancode_decoder dec;
	struct keymap_state map;
	char out[256];
	size_t len;
	unsigned events, repeats;
};

static void kb_init(struct kb *k)
{
	memset(k, 0, sizeof(*k));
	scancode_init(&k->dec);
	keymap_init(&k->map);
}

static void kb_feed(struct kb *k, const uint8_t *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct key_event ev;
		if (!scancode_feed(&k->dec, bytes[i], &ev))
			continue;
		k->events++;
		k->repeats += ev.repeat;
		k->len += keymap_translate(&k->map, &ev, k->out + k->len);
		k->out[k->len] = '\0';
	}
}

#define FEED(k, ...)                                                                               \
	do {                                                                                       \
		const uint8_t seq_[] = {__VA_ARGS__};                                              \
		kb_feed(k, seq_, sizeof(seq_));                                                    \
	} while (0)

static void test_plain_letters_and_digits(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, SC_H, BRK(SC_H), SC_A, BRK(SC_A), SC_1, BRK(SC_1), SC_ENTER, BRK(SC_ENTER));
	assert_string_equal(k.out, "ha1\r");
	assert_int_equal(k.events, 8);
}

static void test_shift_gives_capitals_and_symbols(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, SC_LSHIFT, SC_H, BRK(SC_H), SC_1, BRK(SC_1), BRK(SC_LSHIFT), SC_A, BRK(SC_A));
	assert_string_equal(k.out, "H!a");
	FEED(&k, SC_RSHIFT, SC_A, BRK(SC_A), BRK(SC_RSHIFT));
	assert_string_equal(k.out, "H!aA");
}

static void test_caps_lock_letters_only(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, SC_CAPS, BRK(SC_CAPS), SC_A, BRK(SC_A), SC_1, BRK(SC_1));
	assert_string_equal(k.out, "A1");
	assert_true(keymap_leds(&k.map) & KEYMAP_LED_CAPS);
	/* Shift inverts Caps Lock for letters. */
	FEED(&k, SC_LSHIFT, SC_A, BRK(SC_A), BRK(SC_LSHIFT));
	assert_string_equal(k.out, "A1a");
	/* A held Caps Lock (typematic repeat) does not toggle again. */
	FEED(&k, SC_CAPS, SC_CAPS, SC_CAPS, BRK(SC_CAPS), SC_A, BRK(SC_A));
	assert_string_equal(k.out, "A1aa");
	assert_false(keymap_leds(&k.map) & KEYMAP_LED_CAPS);
}

static void test_ctrl_letters(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	const uint8_t sc_c = 0x2E, sc_d = 0x20, sc_u = 0x16;
	FEED(&k, SC_LCTRL, sc_c, BRK(sc_c), sc_d, BRK(sc_d), sc_u, BRK(sc_u), BRK(SC_LCTRL));
	assert_int_equal(k.len, 3);
	assert_memory_equal(k.out, "\x03\x04\x15", 3);
	/* Right Ctrl is E0 1D. */
	FEED(&k, E0, SC_LCTRL, sc_c, BRK(sc_c), E0, BRK(SC_LCTRL), sc_c, BRK(sc_c));
	assert_memory_equal(k.out,
			    "\x03\x04\x15\x03"
			    "c",
			    5);
}

static void test_extended_navigation_keys(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, E0, 0x48, E0, BRK(0x48)); /* up */
	FEED(&k, E0, 0x4B, E0, BRK(0x4B)); /* left */
	FEED(&k, E0, 0x47, E0, BRK(0x47)); /* home */
	FEED(&k, E0, 0x4F, E0, BRK(0x4F)); /* end */
	FEED(&k, E0, 0x53, E0, BRK(0x53)); /* delete */
	assert_string_equal(k.out, "\x1b[A\x1b[D\x1b[H\x1b[F\x1b[3~");
}

static void test_keypad_without_prefix_is_not_arrow(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	/* Keypad 8 (no E0) with Num Lock on is a digit; with it off, an arrow. */
	FEED(&k, SC_KP8, BRK(SC_KP8));
	assert_string_equal(k.out, "8");
	FEED(&k, 0x45, BRK(0x45), SC_KP8, BRK(SC_KP8));
	assert_string_equal(k.out, "8\x1b[A");
}

static void test_repeat_make_codes(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, SC_A, SC_A, SC_A, SC_A, BRK(SC_A));
	assert_string_equal(k.out, "aaaa");
	assert_int_equal(k.repeats, 3);
	assert_false(scancode_key_down(&k.dec, KEY_A));
	/* Backspace repeats too and yields DEL each time. */
	FEED(&k, SC_BKSP, SC_BKSP, BRK(SC_BKSP));
	assert_string_equal(k.out, "aaaa\x7f\x7f");
}

static void test_fake_shifts_and_print_screen(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	struct key_event ev;
	const uint8_t seq[] = {E0, 0x2A, E0, 0x37};
	int events = 0;
	unsigned last = KEY_NONE;
	for (size_t i = 0; i < sizeof(seq); i++) {
		if (scancode_feed(&k.dec, seq[i], &ev)) {
			events++;
			last = ev.code;
		}
	}
	assert_int_equal(events, 1);
	assert_int_equal(last, KEY_PRINTSCREEN);
	assert_false(scancode_key_down(&k.dec, KEY_LSHIFT));
}

static void test_pause_sequence(void **state)
{
	(void)state;
	struct scancode_decoder d;
	scancode_init(&d);
	const uint8_t seq[] = {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, SC_A};
	struct key_event ev;
	int events = 0;
	unsigned codes[4];
	for (size_t i = 0; i < sizeof(seq); i++)
		if (scancode_feed(&d, seq[i], &ev))
			codes[events++] = ev.code;
	assert_int_equal(events, 2);
	assert_int_equal(codes[0], KEY_PAUSE);
	assert_int_equal(codes[1], KEY_A);
}

static void test_replies_are_not_keys(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, 0xFA, 0xFE, 0x00, 0xFF, 0xEE, SC_A);
	assert_string_equal(k.out, "a");
	assert_int_equal(k.events, 1);
}

static void test_alt_prefixes_escape(void **state)
{
	(void)state;
	struct kb k;
	kb_init(&k);
	FEED(&k, 0x38, SC_A, BRK(SC_A), BRK(0x38));
	assert_string_equal(k.out, "\x1b"
				   "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_letters_and_digits),
	    cmocka_unit_test(test_shift_gives_capitals_and_symbols),
	    cmocka_unit_test(test_caps_lock_letters_only),
	    cmocka_unit_test(test_ctrl_letters),
	    cmocka_unit_test(test_extended_navigation_keys),
	    cmocka_unit_test(test_keypad_without_prefix_is_not_arrow),
	    cmocka_unit_test(test_repeat_make_codes),
	    cmocka_unit_test(test_fake_shifts_and_print_screen),
	    cmocka_unit_test(test_pause_sequence),
	    cmocka_unit_test(test_replies_are_not_keys),
	    cmocka_unit_test(test_alt_prefixes_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
