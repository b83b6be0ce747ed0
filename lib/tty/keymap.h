/*
 * US keyboard layout: key events in, bytes out (what a terminal would send).
 * Tracks Shift, Ctrl, Alt, Caps Lock and Num Lock. Printable keys give ASCII;
 * Enter gives '\r', Backspace 0x7F; Ctrl+letter gives 0x01..0x1A; Alt prefixes
 * ESC; navigation keys give the VT100/xterm sequences (ESC [ A ...), so the
 * keyboard and a serial terminal produce the same input stream.
 */
#ifndef TTY_KEYMAP_H
#define TTY_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "tty/keys.h"

#define KEYMAP_MAX_BYTES 8

/* Lock LEDs, in the bit order of the PS/2 "set LEDs" command (0xED). */
#define KEYMAP_LED_SCROLL 0x01
#define KEYMAP_LED_NUM	  0x02
#define KEYMAP_LED_CAPS	  0x04

struct keymap_state {
	bool lshift, rshift, lctrl, rctrl, lalt, ralt;
	bool caps_lock, num_lock, scroll_lock;
};

void keymap_init(struct keymap_state *m);
/* Applies one event; writes up to KEYMAP_MAX_BYTES bytes to out; returns the count. */
size_t keymap_translate(struct keymap_state *m, const struct key_event *ev, char *out);
/* Current lock LEDs (KEYMAP_LED_*). */
unsigned keymap_leds(const struct keymap_state *m);
bool keymap_shift(const struct keymap_state *m);
bool keymap_ctrl(const struct keymap_state *m);

#endif
