/*
 * PS/2 scancode set 1 decoder (what the 8042 delivers with translation on):
 * bytes in, key events out. Handles the 0xE0 prefix (navigation keys, right
 * Ctrl/Alt, keypad Enter and /), the 6-byte Pause sequence, the fake shifts
 * around Print Screen, and marks a make code for a key already down as a
 * typematic repeat. Pure logic: no I/O, compiled for the kernel and the host.
 */
#ifndef TTY_SCANCODE_H
#define TTY_SCANCODE_H

#include <stdbool.h>
#include <stdint.h>

#include "tty/keys.h"

#define SCANCODE_PREFIX_E0   0xE0
#define SCANCODE_PREFIX_E1   0xE1
#define SCANCODE_BREAK_BIT   0x80
#define SCANCODE_PAUSE_BYTES 6 /* E1 1D 45 E1 9D C5 */

struct scancode_decoder {
	uint8_t prefix;	    /* 0, SCANCODE_PREFIX_E0 or SCANCODE_PREFIX_E1 */
	uint8_t pause_seen; /* bytes of the Pause sequence consumed */
	uint32_t down[KEY_CODE_COUNT / 32];
};

void scancode_init(struct scancode_decoder *d);
/* Feeds one byte; returns true and fills *ev when it completes a key event. */
bool scancode_feed(struct scancode_decoder *d, uint8_t byte, struct key_event *ev);
/* Whether the decoder believes the key is held down. */
bool scancode_key_down(const struct scancode_decoder *d, unsigned code);

#endif
