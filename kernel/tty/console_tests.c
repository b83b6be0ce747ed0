/*
 * In-kernel self-tests of the console: the VGA buffer and cursor registers,
 * scancodes through the keyboard driver's decoding path into the TTY, and the
 * TTY's canonical and raw reads (test=vga,kbd,tty).
 */
#include <string.h>

#include "drivers/ps2kbd.h"
#include "drivers/vga.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/tty.h"
#include "tty/textscreen.h"

#define SC_LSHIFT 0x2A
#define SC_A	  0x1E
#define SC_B	  0x30
#define SC_ENTER  0x1C
#define SC_BREAK  0x80
#define SC_E0	  0xE0
#define SC_UP	  0x48
#define SC_LEFT	  0x4B

static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* Finds the last screen row containing text; -1 if none. */
static int find_row(const char *text)
{
	char row[VGA_COLS + 1];
	for (int r = VGA_ROWS - 1; r >= 0; r--) {
		vga_row_text((unsigned)r, row, sizeof(row));
		if (contains(row, text))
			return r;
	}
	return -1;
}

KTEST(vga, log_levels_in_colour)
{
	if (!vga_console_active())
		return ktest_fail("VGA console not active");
	pr_warn("vga-test: a warning line (colour check)\n");
	pr_err("vga-test: an error line (colour check, not a failure)\n");
	int w = find_row("vga-test: a warning line");
	int e = find_row("vga-test: an error line");
	if (w < 0 || e < 0)
		return ktest_fail("log lines not on screen (rows %d, %d)", w, e);
	uint8_t wa = VGA_CELL_ATTR(vga_cell((unsigned)w, 0));
	uint8_t ea = VGA_CELL_ATTR(vga_cell((unsigned)e, 0));
	if (wa != VGA_ATTR(VGA_YELLOW, VGA_BLACK) || ea != VGA_ATTR(VGA_LIGHT_RED, VGA_BLACK))
		return ktest_fail("attributes warn %#x err %#x", wa, ea);
	if (wa == vga_level_attr(LOG_INFO))
		return ktest_fail("warnings look like info");
	return NULL;
}

KTEST(vga, hardware_cursor_follows_text)
{
	vga_write("\ncursor-test", 12, vga_level_attr(LOG_INFO));
	unsigned row, col;
	vga_cursor_read(&row, &col);
	int r = find_row("cursor-test");
	vga_write("\n", 1, vga_level_attr(LOG_INFO));
	if (r < 0 || row != (unsigned)r || col != 11)
		return ktest_fail("cursor at %u,%u, text on row %d ending at column 11", row, col,
				  r);
	return NULL;
}

static void newlines(int n)
{
	while (n-- > 0)
		vga_write("\n", 1, vga_level_attr(LOG_INFO));
}

KTEST(vga, scrolls_at_the_bottom)
{
	newlines(VGA_ROWS); /* the cursor is now on the last row */
	vga_write("scroll-marker", 13, vga_level_attr(LOG_INFO));
	int r0 = find_row("scroll-marker");
	unsigned before = vga_scroll_count();
	newlines(VGA_ROWS - 1);
	int r1 = find_row("scroll-marker");
	newlines(1);
	unsigned row, col;
	vga_cursor_read(&row, &col);
	if (r0 != VGA_ROWS - 1 || r1 != 0)
		return ktest_fail("marker on row %d, then %d after %d lines", r0, r1, VGA_ROWS - 1);
	if (vga_scroll_count() - before != VGA_ROWS)
		return ktest_fail("%u scrolls for %d new lines", vga_scroll_count() - before,
				  VGA_ROWS);
	if (row != VGA_ROWS - 1 || col != 0)
		return ktest_fail("cursor at %u,%u after scrolling", row, col);
	if (find_row("scroll-marker") >= 0)
		return ktest_fail("the marker did not scroll off the top");
	return NULL;
}

static void feed(const uint8_t *codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ps2kbd_feed_scancode(codes[i]);
}

/* Drains whatever an earlier test left in the TTY. */
static void tty_drain(void)
{
	char junk[64];
	unsigned mode = tty_get_mode();
	tty_set_mode(TTY_MODE_RAW);
	while (tty_try_read(junk, sizeof(junk)) > 0)
		;
	tty_set_mode(mode);
	tty_interrupt_clear();
}

KTEST(kbd, scancodes_reach_the_tty)
{
	tty_drain();
	tty_set_mode(TTY_MODE_RAW);
	const uint8_t codes[] = {
	    SC_LSHIFT, SC_A,  SC_A | SC_BREAK, SC_LSHIFT | SC_BREAK, SC_B,     SC_B | SC_BREAK,
	    SC_E0,     SC_UP, SC_E0,	       SC_UP | SC_BREAK,     SC_ENTER,
	};
	feed(codes, sizeof(codes));
	char buf[16];
	int n = tty_try_read(buf, sizeof(buf));
	tty_set_mode(TTY_MODE_CANONICAL);
	if (n != 6 || memcmp(buf, "Ab\x1b[A\r", 6) != 0)
		return ktest_fail("read %d bytes", n);
	return NULL;
}

KTEST(kbd, typed_line_in_canonical_mode)
{
	tty_drain();
	/* "ab", Left (swallowed in canonical mode), Enter. */
	const uint8_t codes[] = {
	    SC_A,  SC_A | SC_BREAK,    SC_B,	 SC_B | SC_BREAK,     SC_E0, SC_LEFT,
	    SC_E0, SC_LEFT | SC_BREAK, SC_ENTER, SC_ENTER | SC_BREAK,
	};
	feed(codes, sizeof(codes));
	char line[16];
	int n = tty_read_line(line, sizeof(line));
	if (n != 2 || strcmp(line, "ab") != 0)
		return ktest_fail("line '%s' (%d)", line, n);
	return NULL;
}

KTEST(tty, canonical_editing)
{
	tty_drain();
	const char in[] = "abx\x7f"
			  "c\x15xyz\r";
	tty_receive(in, sizeof(in) - 1);
	char line[16];
	int n = tty_read_line(line, sizeof(line));
	if (n != 3 || strcmp(line, "xyz") != 0)
		return ktest_fail("line '%s' (%d)", line, n);
	return NULL;
}

KTEST(tty, ctrl_c_interrupts_and_ctrl_d_ends)
{
	tty_drain();
	tty_receive("lost\x03", 5);
	if (!tty_interrupt_pending())
		return ktest_fail("Ctrl-C did not raise the interrupt flag");
	char line[16];
	int n = tty_read_line(line, sizeof(line));
	tty_interrupt_clear();
	if (n != 0 || line[0])
		return ktest_fail("read after Ctrl-C gave %d '%s'", n, line);
	tty_receive("\x04", 1);
	n = tty_read_line(line, sizeof(line));
	if (n != -1)
		return ktest_fail("Ctrl-D on an empty line gave %d, not end of input", n);
	return NULL;
}

static int wait_calls;

/* Stands in for a scheduler: the "interrupt" arrives while the reader waits. */
static void test_wait_hook(void)
{
	if (wait_calls++ == 0)
		tty_receive("late\r", 5);
}

KTEST(tty, reader_blocks_through_wait_hook)
{
	tty_drain();
	void (*saved)(void) = tty_wait_hook;
	tty_wait_hook = test_wait_hook;
	wait_calls = 0;
	char line[16];
	int n = tty_read_line(line, sizeof(line));
	tty_wait_hook = saved;
	if (wait_calls != 1 || n != 4 || strcmp(line, "late") != 0)
		return ktest_fail("%d waits, line '%s' (%d)", wait_calls, line, n);
	return NULL;
}

KTEST(tty, raw_mode_passes_bytes)
{
	tty_drain();
	tty_set_mode(TTY_MODE_RAW);
	tty_receive("\x03q\x7f", 3);
	bool flagged = tty_interrupt_pending();
	char buf[8];
	int n = tty_try_read(buf, sizeof(buf));
	tty_set_mode(TTY_MODE_CANONICAL);
	if (n != 3 || memcmp(buf, "\x03q\x7f", 3) != 0)
		return ktest_fail("read %d bytes", n);
	if (flagged)
		return ktest_fail("Ctrl-C in raw mode raised the interrupt flag");
	return NULL;
}
