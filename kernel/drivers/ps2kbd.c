/* PS/2 keyboard driver: bring-up (polled) and the IRQ 1 handler. */
#include "drivers/ps2kbd.h"

#include "arch/io.h"
#include "arch/trap.h"
#include "drivers/i8042.h"
#include "kernel/init.h"
#include "kernel/log.h"
#include "kernel/tty.h"
#include "platform/irq.h"
#include "tty/keymap.h"
#include "tty/scancode.h"

#define KBD_RETRIES	     3
#define KBD_RESET_TIMEOUT_US 1000000 /* the self-test can take most of a second */

/* The LED update runs from the interrupt handler: command, ACK, value, ACK. */
enum led_phase {
	LED_IDLE,
	LED_WAIT_CMD_ACK,
	LED_WAIT_VALUE_ACK,
};

static struct scancode_decoder decoder;
static struct keymap_state keymap;
static struct ps2kbd_stats stats;
static enum led_phase led_phase;
static bool led_dirty;

/* Sends a command byte and waits for its ACK (polled: interrupts are off). */
static int command_polled(uint8_t byte)
{
	for (int attempt = 0; attempt < KBD_RETRIES; attempt++) {
		if (i8042_write_data(byte) < 0)
			return -1;
		int r = i8042_read_data(I8042_TIMEOUT_US);
		if (r == KBD_REPLY_ACK)
			return 0;
		if (r != KBD_REPLY_RESEND)
			return -1;
	}
	return -1;
}

static int command2_polled(uint8_t cmd, uint8_t arg)
{
	if (command_polled(cmd) < 0)
		return -1;
	return command_polled(arg);
}

static void leds_start_update(void)
{
	if (led_phase != LED_IDLE) {
		led_dirty = true;
		return;
	}
	led_dirty = false;
	led_phase = LED_WAIT_CMD_ACK;
	i8042_write_data(KBD_CMD_SET_LEDS);
}

/* Consumes replies to the LED commands; returns true when byte was one. */
static bool leds_reply(uint8_t byte)
{
	if (led_phase == LED_IDLE || (byte != KBD_REPLY_ACK && byte != KBD_REPLY_RESEND))
		return false;
	if (byte == KBD_REPLY_RESEND) {
		led_phase = LED_IDLE; /* give up this round; the next lock change retries */
		return true;
	}
	if (led_phase == LED_WAIT_CMD_ACK) {
		led_phase = LED_WAIT_VALUE_ACK;
		stats.leds = keymap_leds(&keymap);
		i8042_write_data((uint8_t)stats.leds);
	} else {
		led_phase = LED_IDLE;
		if (led_dirty)
			leds_start_update();
	}
	return true;
}

void ps2kbd_feed_scancode(uint8_t byte)
{
	struct key_event ev;
	stats.bytes++;
	if (!scancode_feed(&decoder, byte, &ev))
		return;
	if (ev.pressed) {
		stats.presses++;
		if (ev.repeat)
			stats.repeats++;
	}
	unsigned leds = keymap_leds(&keymap);
	char out[KEYMAP_MAX_BYTES];
	size_t n = keymap_translate(&keymap, &ev, out);
	if (n)
		tty_receive(out, n);
	if (keymap_leds(&keymap) != leds && stats.present)
		leds_start_update();
}

bool ps2kbd_caps_lock(void)
{
	return keymap.caps_lock;
}

static void keyboard_irq(struct trap_frame *f)
{
	(void)f;
	uint8_t status = inb(I8042_STATUS);
	if (!(status & I8042_STS_OUTPUT_FULL))
		return;
	uint8_t byte = inb(I8042_DATA);
	if (status & I8042_STS_AUX_DATA)
		return; /* port 2 (mouse) is not ours */
	if (leds_reply(byte))
		return;
	ps2kbd_feed_scancode(byte);
}

void ps2kbd_stats_get(struct ps2kbd_stats *out)
{
	*out = stats;
}

static int keyboard_reset(void)
{
	if (command_polled(KBD_CMD_RESET) < 0)
		return -1;
	if (i8042_read_data(KBD_RESET_TIMEOUT_US) != KBD_REPLY_SELF_TEST_OK)
		return -1;
	return 0;
}

static void ps2kbd_init(void)
{
	scancode_init(&decoder);
	keymap_init(&keymap);
	if (i8042_init() < 0)
		return;
	if (keyboard_reset() < 0) {
		pr_warn("ps2: no keyboard answered the reset\n");
		return;
	}
	if (command2_polled(KBD_CMD_SCANCODE_SET, KBD_SCANCODE_SET2) < 0)
		pr_warn("ps2: keyboard refused scancode set 2\n");
	if (command2_polled(KBD_CMD_TYPEMATIC, KBD_TYPEMATIC_DEFAULT) == 0)
		stats.typematic = KBD_TYPEMATIC_DEFAULT;
	else
		pr_warn("ps2: keyboard refused the typematic rate\n");
	stats.leds = keymap_leds(&keymap);
	if (command2_polled(KBD_CMD_SET_LEDS, (uint8_t)stats.leds) < 0)
		pr_warn("ps2: keyboard refused the LED command\n");
	/* The interrupt bit goes on before scanning starts (the PIC line stays masked until
	 * the handler is registered), so no keystroke waits unseen. */
	if (i8042_port1_irq(true) < 0) {
		pr_warn("ps2: could not enable the keyboard interrupt\n");
		return;
	}
	if (command_polled(KBD_CMD_ENABLE) < 0) {
		pr_warn("ps2: keyboard refused to enable scanning\n");
		return;
	}
	stats.present = true;
	irq_register_legacy(IRQ_KEYBOARD, keyboard_irq);
	pr_info("ps2: keyboard ready (scancode set 2 via translation, typematic %#x)\n",
		stats.typematic);
}
INITCALL(INIT_DRIVERS, ps2kbd_init);
