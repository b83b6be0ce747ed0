/* The US layout and the escape sequences of the navigation keys. */
#include "tty/keymap.h"

#include <string.h>

#define ASCII_ESC 0x1B
#define ASCII_DEL 0x7F
#define CTRL_MASK 0x1F /* Ctrl+key: the key's ASCII code & 0x1F */
#define SEQ_MAX	  5

/* Base characters by key code, without and with Shift; letters are handled apart. */
static const char plain_chars[KEY_CODE_COUNT] = {
    [KEY_0] = '0',	     [KEY_0 + 1] = '1',	     [KEY_0 + 2] = '2',
    [KEY_0 + 3] = '3',	     [KEY_0 + 4] = '4',	     [KEY_0 + 5] = '5',
    [KEY_0 + 6] = '6',	     [KEY_0 + 7] = '7',	     [KEY_0 + 8] = '8',
    [KEY_0 + 9] = '9',	     [KEY_MINUS] = '-',	     [KEY_EQUAL] = '=',
    [KEY_LEFTBRACE] = '[',   [KEY_RIGHTBRACE] = ']', [KEY_SEMICOLON] = ';',
    [KEY_APOSTROPHE] = '\'', [KEY_GRAVE] = '`',	     [KEY_BACKSLASH] = '\\',
    [KEY_COMMA] = ',',	     [KEY_DOT] = '.',	     [KEY_SLASH] = '/',
    [KEY_SPACE] = ' ',	     [KEY_ENTER] = '\r',     [KEY_BACKSPACE] = ASCII_DEL,
    [KEY_TAB] = '\t',	     [KEY_ESC] = ASCII_ESC,  [KEY_KPPLUS] = '+',
    [KEY_KPMINUS] = '-',     [KEY_KPASTERISK] = '*', [KEY_KPSLASH] = '/',
    [KEY_KPENTER] = '\r',
};

static const char shift_chars[KEY_CODE_COUNT] = {
    [KEY_0] = ')',	    [KEY_0 + 1] = '!',	    [KEY_0 + 2] = '@',
    [KEY_0 + 3] = '#',	    [KEY_0 + 4] = '$',	    [KEY_0 + 5] = '%',
    [KEY_0 + 6] = '^',	    [KEY_0 + 7] = '&',	    [KEY_0 + 8] = '*',
    [KEY_0 + 9] = '(',	    [KEY_MINUS] = '_',	    [KEY_EQUAL] = '+',
    [KEY_LEFTBRACE] = '{',  [KEY_RIGHTBRACE] = '}', [KEY_SEMICOLON] = ':',
    [KEY_APOSTROPHE] = '"', [KEY_GRAVE] = '~',	    [KEY_BACKSLASH] = '|',
    [KEY_COMMA] = '<',	    [KEY_DOT] = '>',	    [KEY_SLASH] = '?',
    [KEY_SPACE] = ' ',	    [KEY_ENTER] = '\r',	    [KEY_BACKSPACE] = ASCII_DEL,
    [KEY_TAB] = '\t',	    [KEY_ESC] = ASCII_ESC,  [KEY_KPPLUS] = '+',
    [KEY_KPMINUS] = '-',    [KEY_KPASTERISK] = '*', [KEY_KPSLASH] = '/',
    [KEY_KPENTER] = '\r',
};

/* What follows "ESC [" for each navigation key. */
static const char *const nav_sequences[KEY_CODE_COUNT] = {
    [KEY_UP] = "A",	 [KEY_DOWN] = "B",	[KEY_RIGHT] = "C",   [KEY_LEFT] = "D",
    [KEY_HOME] = "H",	 [KEY_END] = "F",	[KEY_INSERT] = "2~", [KEY_DELETE] = "3~",
    [KEY_PAGEUP] = "5~", [KEY_PAGEDOWN] = "6~",
};

/* Keypad keys without Num Lock act as the navigation block. */
static const unsigned char keypad_nav[10] = {
    KEY_INSERT, KEY_END,   KEY_DOWN, KEY_PAGEDOWN, KEY_LEFT,
    KEY_NONE,	KEY_RIGHT, KEY_HOME, KEY_UP,	   KEY_PAGEUP,
};

void keymap_init(struct keymap_state *m)
{
	memset(m, 0, sizeof(*m));
	m->num_lock = true;
}

bool keymap_shift(const struct keymap_state *m)
{
	return m->lshift || m->rshift;
}

bool keymap_ctrl(const struct keymap_state *m)
{
	return m->lctrl || m->rctrl;
}

static bool keymap_alt(const struct keymap_state *m)
{
	return m->lalt || m->ralt;
}

unsigned keymap_leds(const struct keymap_state *m)
{
	return (m->scroll_lock ? KEYMAP_LED_SCROLL : 0) | (m->num_lock ? KEYMAP_LED_NUM : 0) |
	       (m->caps_lock ? KEYMAP_LED_CAPS : 0);
}

/* Modifier and lock keys change the state and produce no bytes. */
static bool update_modifiers(struct keymap_state *m, const struct key_event *ev)
{
	bool down = ev->pressed;
	switch (ev->code) {
	case KEY_LSHIFT:
		m->lshift = down;
		return true;
	case KEY_RSHIFT:
		m->rshift = down;
		return true;
	case KEY_LCTRL:
		m->lctrl = down;
		return true;
	case KEY_RCTRL:
		m->rctrl = down;
		return true;
	case KEY_LALT:
		m->lalt = down;
		return true;
	case KEY_RALT:
		m->ralt = down;
		return true;
	case KEY_CAPSLOCK:
		if (down && !ev->repeat)
			m->caps_lock = !m->caps_lock;
		return true;
	case KEY_NUMLOCK:
		if (down && !ev->repeat)
			m->num_lock = !m->num_lock;
		return true;
	case KEY_SCROLLLOCK:
		if (down && !ev->repeat)
			m->scroll_lock = !m->scroll_lock;
		return true;
	default:
		return false;
	}
}

static size_t put_sequence(char *out, const char *tail)
{
	size_t n = 0;
	out[n++] = ASCII_ESC;
	out[n++] = '[';
	while (*tail && n < SEQ_MAX)
		out[n++] = *tail++;
	return n;
}

/* The character of a key under the current modifiers, or 0 for none. */
static char key_char(const struct keymap_state *m, unsigned code)
{
	bool shift = keymap_shift(m);
	if (code >= KEY_A && code <= KEY_Z) {
		bool upper = shift != m->caps_lock;
		char c = (char)((upper ? 'A' : 'a') + (code - KEY_A));
		if (keymap_ctrl(m))
			return (char)(c & CTRL_MASK);
		return c;
	}
	if (code >= KEY_KP0 && code <= KEY_KPDOT)
		return code == KEY_KPDOT ? '.' : (char)('0' + (code - KEY_KP0));
	char c = shift ? shift_chars[code] : plain_chars[code];
	if (keymap_ctrl(m) &&
	    (code == KEY_LEFTBRACE || code == KEY_BACKSLASH || code == KEY_RIGHTBRACE))
		return (char)(plain_chars[code] & CTRL_MASK);
	return c;
}

size_t keymap_translate(struct keymap_state *m, const struct key_event *ev, char *out)
{
	if (update_modifiers(m, ev) || !ev->pressed)
		return 0;
	unsigned code = ev->code;
	if (code >= KEY_KP0 && code <= KEY_KPDOT && !m->num_lock) {
		code = code == KEY_KPDOT ? KEY_DELETE : keypad_nav[code - KEY_KP0];
		if (code == KEY_NONE)
			return 0;
	}
	if (code >= KEY_CODE_COUNT)
		return 0;
	if (nav_sequences[code])
		return put_sequence(out, nav_sequences[code]);
	char c = key_char(m, code);
	if (c == 0)
		return 0;
	size_t n = 0;
	if (keymap_alt(m))
		out[n++] = ASCII_ESC;
	out[n++] = c;
	return n;
}
