/*
 * Monitor commands around the console: echo (what the TTY delivered), edit
 * (the raw-mode line editor), keys (raw bytes in hex), vgadump (the VGA text
 * buffer on the console, for tests) and kbdinfo.
 */
#include "drivers/ps2kbd.h"
#include "drivers/vga.h"
#include "kernel/log.h"
#include "kernel/monitor.h"
#include "kernel/tty.h"
#include "tty/lineedit.h"

#define KEYS_QUIT  'q'
#define KEYS_CHUNK 16

static struct lineedit editor;
static bool editor_ready;

MONITOR_COMMAND(echo, "print the arguments (shows what the TTY delivered)")
{
	for (int i = 1; i < argc; i++)
		kprintf("%s%s", argv[i], i + 1 < argc ? " " : "");
	kprintf("\n");
	return 0;
}

static void editor_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	tty_write(s, n);
}

MONITOR_COMMAND(edit, "read a line with the raw-mode line editor (arrows, history)")
{
	if (!editor_ready) {
		lineedit_init(&editor, editor_out, NULL);
		editor_ready = true;
	}
	unsigned saved = tty_get_mode();
	tty_set_mode(TTY_MODE_RAW);
	lineedit_begin(&editor);
	kprintf("edit> ");
	enum lineedit_result res = LINEEDIT_MORE;
	while (res == LINEEDIT_MORE) {
		char buf[KEYS_CHUNK];
		int n = tty_read(buf, sizeof(buf));
		for (int i = 0; i < n && res == LINEEDIT_MORE; i++)
			res = lineedit_feed(&editor, (uint8_t)buf[i]);
	}
	tty_set_mode(saved);
	tty_interrupt_clear();
	if (res == LINEEDIT_DONE)
		kprintf("edit: \"%s\"\n", lineedit_line(&editor));
	else if (res == LINEEDIT_INTERRUPT)
		kprintf("edit: interrupted\n");
	else
		kprintf("\nedit: end of input\n");
	return res == LINEEDIT_DONE ? 0 : 1;
}

MONITOR_COMMAND(keys, "show raw input bytes in hex until 'q'")
{
	unsigned saved = tty_get_mode();
	tty_set_mode(TTY_MODE_RAW);
	kprintf("keys: raw mode, 'q' ends\n");
	bool quit = false;
	while (!quit) {
		char buf[KEYS_CHUNK];
		int n = tty_read(buf, sizeof(buf));
		kprintf("keys:");
		for (int i = 0; i < n; i++) {
			kprintf(" %02x", (unsigned char)buf[i]);
			if (buf[i] == KEYS_QUIT)
				quit = true;
		}
		kprintf("\n");
	}
	tty_set_mode(saved);
	tty_interrupt_clear();
	return 0;
}

MONITOR_COMMAND(vgadump, "print the VGA text buffer and cursor on the console")
{
	static char rows[VGA_ROWS][VGA_COLS + 1];
	if (!vga_console_active()) {
		kprintf("vga: not active\n");
		return 1;
	}
	/* Snapshot first: printing scrolls the screen being dumped. */
	unsigned crow, ccol;
	vga_cursor_read(&crow, &ccol);
	for (unsigned r = 0; r < VGA_ROWS; r++)
		vga_row_text(r, rows[r], sizeof(rows[r]));
	kprintf("vga: begin %ux%u cursor %u,%u\n", VGA_COLS, VGA_ROWS, crow, ccol);
	for (unsigned r = 0; r < VGA_ROWS; r++)
		kprintf("vga|%s\n", rows[r]);
	kprintf("vga: end\n");
	return 0;
}

MONITOR_COMMAND(kbdinfo, "keyboard and TTY counters")
{
	struct ps2kbd_stats s;
	ps2kbd_stats_get(&s);
	kprintf("keyboard: %s, typematic %#x, %u bytes, %u presses (%u repeats), leds %#x%s\n",
		s.present ? "present" : "absent", s.typematic, s.bytes, s.presses, s.repeats,
		s.leds, ps2kbd_caps_lock() ? ", caps lock" : "");
	kprintf("tty: mode %s, %u bytes dropped\n",
		(tty_get_mode() & LDISC_CANON) ? "canonical" : "raw", tty_dropped());
	return 0;
}
