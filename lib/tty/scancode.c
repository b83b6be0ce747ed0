/* Scancode set 1 to key codes; tables after the IBM PC/AT keyboard reference. */
#include "tty/scancode.h"

#include <string.h>

/* Bytes that are controller or keyboard replies, never keys. */
#define REPLY_ERROR0 0x00
#define REPLY_ECHO   0xEE
#define REPLY_ACK    0xFA
#define REPLY_RESEND 0xFE
#define REPLY_ERROR1 0xFF
/* E0 2A / E0 36 (and their breaks) are the fake shifts around Print Screen. */
#define SC_FAKE_LSHIFT 0x2A
#define SC_FAKE_RSHIFT 0x36

#define SET1_CODES 0x80

static const uint8_t set1_plain[SET1_CODES] = {
    [0x01] = KEY_ESC,
    [0x02] = KEY_0 + 1,
    [0x03] = KEY_0 + 2,
    [0x04] = KEY_0 + 3,
    [0x05] = KEY_0 + 4,
    [0x06] = KEY_0 + 5,
    [0x07] = KEY_0 + 6,
    [0x08] = KEY_0 + 7,
    [0x09] = KEY_0 + 8,
    [0x0A] = KEY_0 + 9,
    [0x0B] = KEY_0,
    [0x0C] = KEY_MINUS,
    [0x0D] = KEY_EQUAL,
    [0x0E] = KEY_BACKSPACE,
    [0x0F] = KEY_TAB,
    [0x10] = KEY_A + 'q' - 'a',
    [0x11] = KEY_A + 'w' - 'a',
    [0x12] = KEY_A + 'e' - 'a',
    [0x13] = KEY_A + 'r' - 'a',
    [0x14] = KEY_A + 't' - 'a',
    [0x15] = KEY_A + 'y' - 'a',
    [0x16] = KEY_A + 'u' - 'a',
    [0x17] = KEY_A + 'i' - 'a',
    [0x18] = KEY_A + 'o' - 'a',
    [0x19] = KEY_A + 'p' - 'a',
    [0x1A] = KEY_LEFTBRACE,
    [0x1B] = KEY_RIGHTBRACE,
    [0x1C] = KEY_ENTER,
    [0x1D] = KEY_LCTRL,
    [0x1E] = KEY_A + 'a' - 'a',
    [0x1F] = KEY_A + 's' - 'a',
    [0x20] = KEY_A + 'd' - 'a',
    [0x21] = KEY_A + 'f' - 'a',
    [0x22] = KEY_A + 'g' - 'a',
    [0x23] = KEY_A + 'h' - 'a',
    [0x24] = KEY_A + 'j' - 'a',
    [0x25] = KEY_A + 'k' - 'a',
    [0x26] = KEY_A + 'l' - 'a',
    [0x27] = KEY_SEMICOLON,
    [0x28] = KEY_APOSTROPHE,
    [0x29] = KEY_GRAVE,
    [0x2A] = KEY_LSHIFT,
    [0x2B] = KEY_BACKSLASH,
    [0x2C] = KEY_A + 'z' - 'a',
    [0x2D] = KEY_A + 'x' - 'a',
    [0x2E] = KEY_A + 'c' - 'a',
    [0x2F] = KEY_A + 'v' - 'a',
    [0x30] = KEY_A + 'b' - 'a',
    [0x31] = KEY_A + 'n' - 'a',
    [0x32] = KEY_A + 'm' - 'a',
    [0x33] = KEY_COMMA,
    [0x34] = KEY_DOT,
    [0x35] = KEY_SLASH,
    [0x36] = KEY_RSHIFT,
    [0x37] = KEY_KPASTERISK,
    [0x38] = KEY_LALT,
    [0x39] = KEY_SPACE,
    [0x3A] = KEY_CAPSLOCK,
    [0x3B] = KEY_F1,
    [0x3C] = KEY_F1 + 1,
    [0x3D] = KEY_F1 + 2,
    [0x3E] = KEY_F1 + 3,
    [0x3F] = KEY_F1 + 4,
    [0x40] = KEY_F1 + 5,
    [0x41] = KEY_F1 + 6,
    [0x42] = KEY_F1 + 7,
    [0x43] = KEY_F1 + 8,
    [0x44] = KEY_F1 + 9,
    [0x45] = KEY_NUMLOCK,
    [0x46] = KEY_SCROLLLOCK,
    [0x47] = KEY_KP0 + 7,
    [0x48] = KEY_KP0 + 8,
    [0x49] = KEY_KP0 + 9,
    [0x4A] = KEY_KPMINUS,
    [0x4B] = KEY_KP0 + 4,
    [0x4C] = KEY_KP0 + 5,
    [0x4D] = KEY_KP0 + 6,
    [0x4E] = KEY_KPPLUS,
    [0x4F] = KEY_KP0 + 1,
    [0x50] = KEY_KP0 + 2,
    [0x51] = KEY_KP0 + 3,
    [0x52] = KEY_KP0,
    [0x53] = KEY_KPDOT,
    [0x57] = KEY_F1 + 10,
    [0x58] = KEY_F12,
};

static const uint8_t set1_e0[SET1_CODES] = {
    [0x1C] = KEY_KPENTER,  [0x1D] = KEY_RCTRL,	[0x35] = KEY_KPSLASH, [0x37] = KEY_PRINTSCREEN,
    [0x38] = KEY_RALT,	   [0x47] = KEY_HOME,	[0x48] = KEY_UP,      [0x49] = KEY_PAGEUP,
    [0x4B] = KEY_LEFT,	   [0x4D] = KEY_RIGHT,	[0x4F] = KEY_END,     [0x50] = KEY_DOWN,
    [0x51] = KEY_PAGEDOWN, [0x52] = KEY_INSERT, [0x53] = KEY_DELETE,  [0x5B] = KEY_LMETA,
    [0x5C] = KEY_RMETA,	   [0x5D] = KEY_MENU,
};

void scancode_init(struct scancode_decoder *d)
{
	memset(d, 0, sizeof(*d));
}

bool scancode_key_down(const struct scancode_decoder *d, unsigned code)
{
	if (code >= KEY_CODE_COUNT)
		return false;
	return (d->down[code / 32] >> (code % 32)) & 1u;
}

static void set_down(struct scancode_decoder *d, unsigned code, bool down)
{
	uint32_t bit = 1u << (code % 32);
	if (down)
		d->down[code / 32] |= bit;
	else
		d->down[code / 32] &= ~bit;
}

static bool emit(struct scancode_decoder *d, unsigned code, bool pressed, struct key_event *ev)
{
	ev->code = (unsigned char)code;
	ev->pressed = pressed;
	ev->repeat = pressed && scancode_key_down(d, code);
	set_down(d, code, pressed);
	return true;
}

/* Pause sends E1 1D 45 E1 9D C5 on press and nothing on release. */
static bool feed_pause(struct scancode_decoder *d, struct key_event *ev)
{
	if (++d->pause_seen < SCANCODE_PAUSE_BYTES)
		return false;
	d->prefix = 0;
	d->pause_seen = 0;
	ev->code = KEY_PAUSE;
	ev->pressed = 1;
	ev->repeat = 0;
	return true;
}

bool scancode_feed(struct scancode_decoder *d, uint8_t byte, struct key_event *ev)
{
	if (d->prefix == SCANCODE_PREFIX_E1)
		return feed_pause(d, ev);
	switch (byte) {
	case REPLY_ERROR0:
	case REPLY_ECHO:
	case REPLY_ACK:
	case REPLY_RESEND:
	case REPLY_ERROR1:
		d->prefix = 0;
		return false;
	case SCANCODE_PREFIX_E0:
		d->prefix = SCANCODE_PREFIX_E0;
		return false;
	case SCANCODE_PREFIX_E1:
		d->prefix = SCANCODE_PREFIX_E1;
		d->pause_seen = 1;
		return false;
	default:
		break;
	}

	bool extended = d->prefix == SCANCODE_PREFIX_E0;
	d->prefix = 0;
	bool pressed = !(byte & SCANCODE_BREAK_BIT);
	uint8_t make = byte & (uint8_t)~SCANCODE_BREAK_BIT;
	if (extended && (make == SC_FAKE_LSHIFT || make == SC_FAKE_RSHIFT))
		return false;
	unsigned code = extended ? set1_e0[make] : set1_plain[make];
	if (code == KEY_NONE)
		return false;
	return emit(d, code, pressed, ev);
}
