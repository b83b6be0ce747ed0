/*
 * Key codes: one number per physical key, independent of the scancode set and
 * of the layout. The scancode decoder produces them; the keymap turns them
 * into bytes. Values are stable (docs/console.md lists them).
 */
#ifndef TTY_KEYS_H
#define TTY_KEYS_H

enum key_code {
	KEY_NONE = 0,
	/* Letters: KEY_A + n is the n-th letter. */
	KEY_A = 1,
	KEY_Z = KEY_A + 25,
	/* Digits on the main block: KEY_0 + n is digit n. */
	KEY_0 = 27,
	KEY_9 = KEY_0 + 9,
	KEY_MINUS = 37,
	KEY_EQUAL,
	KEY_LEFTBRACE,
	KEY_RIGHTBRACE,
	KEY_SEMICOLON,
	KEY_APOSTROPHE,
	KEY_GRAVE,
	KEY_BACKSLASH,
	KEY_COMMA,
	KEY_DOT,
	KEY_SLASH,
	KEY_SPACE,
	KEY_ENTER,
	KEY_BACKSPACE,
	KEY_TAB,
	KEY_ESC,
	/* Modifiers and locks. */
	KEY_LSHIFT = 64,
	KEY_RSHIFT,
	KEY_LCTRL,
	KEY_RCTRL,
	KEY_LALT,
	KEY_RALT,
	KEY_LMETA,
	KEY_RMETA,
	KEY_MENU,
	KEY_CAPSLOCK,
	KEY_NUMLOCK,
	KEY_SCROLLLOCK,
	/* Function keys: KEY_F1 + n - 1 is Fn. */
	KEY_F1 = 80,
	KEY_F12 = KEY_F1 + 11,
	/* Navigation block. */
	KEY_UP = 96,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PAGEUP,
	KEY_PAGEDOWN,
	KEY_INSERT,
	KEY_DELETE,
	KEY_PRINTSCREEN,
	KEY_PAUSE,
	/* Keypad. */
	KEY_KP0 = 112,
	KEY_KP9 = KEY_KP0 + 9,
	KEY_KPDOT = 122,
	KEY_KPPLUS,
	KEY_KPMINUS,
	KEY_KPASTERISK,
	KEY_KPSLASH,
	KEY_KPENTER,
	KEY_CODE_COUNT = 128,
};

/* A decoded key transition. */
struct key_event {
	unsigned char code;    /* enum key_code */
	unsigned char pressed; /* 1 make, 0 break */
	unsigned char repeat;  /* 1: a make for a key already down (typematic repeat) */
};

#endif
