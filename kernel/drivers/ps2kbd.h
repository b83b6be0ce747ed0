/*
 * PS/2 keyboard on the 8042's first port: reset, scancode set 2 (translated
 * to set 1 by the controller), typematic rate, lock LEDs, and the IRQ 1
 * handler that feeds decoded bytes to the console TTY.
 */
#ifndef DRIVERS_PS2KBD_H
#define DRIVERS_PS2KBD_H

#include <stdbool.h>
#include <stdint.h>

/* Keyboard commands and replies. */
#define KBD_CMD_SET_LEDS       0xED
#define KBD_CMD_SCANCODE_SET   0xF0
#define KBD_CMD_TYPEMATIC      0xF3
#define KBD_CMD_ENABLE	       0xF4
#define KBD_CMD_DISABLE	       0xF5
#define KBD_CMD_RESET	       0xFF
#define KBD_REPLY_ACK	       0xFA
#define KBD_REPLY_RESEND       0xFE
#define KBD_REPLY_SELF_TEST_OK 0xAA

#define KBD_SCANCODE_SET2 2

/* Typematic byte: bits 5-6 delay before repeating, bits 0-4 repeat rate. */
#define KBD_TYPEMATIC_DELAY_500MS (1u << 5)
#define KBD_TYPEMATIC_RATE_20CPS  0x04
#define KBD_TYPEMATIC_DEFAULT	  (KBD_TYPEMATIC_DELAY_500MS | KBD_TYPEMATIC_RATE_20CPS)

struct ps2kbd_stats {
	bool present;
	uint8_t typematic; /* the byte accepted with 0xF3, 0 if refused */
	unsigned bytes;	   /* scancode bytes received */
	unsigned presses;  /* make codes, repeats included */
	unsigned repeats;  /* make codes for keys already down */
	unsigned leds;	   /* KEYMAP_LED_* last sent */
};

void ps2kbd_stats_get(struct ps2kbd_stats *out);
/* Runs one scancode byte through the decoder and keymap as if the keyboard had sent it. */
void ps2kbd_feed_scancode(uint8_t byte);
/* Whether Shift/Ctrl/Caps Lock are currently in effect (for tests and kbdinfo). */
bool ps2kbd_caps_lock(void);

#endif
