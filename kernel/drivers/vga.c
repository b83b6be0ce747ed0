/* VGA text console: a textscreen over the hardware buffer plus the CRTC cursor. */
#include "drivers/vga.h"

#include "arch/io.h"
#include "kernel/console.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "tty/console_lock.h"
#include "tty/textscreen.h"

#define LOG_NOTICE_LEVEL 5
/* Spins before writing without the lock (a panic must reach the screen). */
#define VGA_LOCK_SPINS 1000000

static struct textscreen screen;
static bool active;
static struct console_lock screen_lock;

static void cursor_update(void)
{
	uint16_t pos = (uint16_t)(screen.y * VGA_COLS + screen.x);
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
	outb(VGA_CRTC_DATA, (uint8_t)(pos >> 8));
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
	outb(VGA_CRTC_DATA, (uint8_t)(pos & 0xFF));
}

static void cursor_enable(void)
{
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_START);
	uint8_t start = inb(VGA_CRTC_DATA);
	start = (uint8_t)((start & ~(VGA_CURSOR_DISABLE | VGA_CURSOR_SCANLINE_MASK)) |
			  VGA_CURSOR_FIRST_LINE);
	outb(VGA_CRTC_DATA, start);
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_END);
	uint8_t end = inb(VGA_CRTC_DATA);
	outb(VGA_CRTC_DATA, (uint8_t)((end & ~VGA_CURSOR_SCANLINE_MASK) | VGA_CURSOR_LAST_LINE));
}

uint8_t vga_level_attr(int level)
{
	if (level <= LOG_ERR)
		return VGA_ATTR(VGA_LIGHT_RED, VGA_BLACK);
	if (level == LOG_WARN)
		return VGA_ATTR(VGA_YELLOW, VGA_BLACK);
	if (level == LOG_NOTICE_LEVEL)
		return VGA_ATTR(VGA_WHITE, VGA_BLACK);
	if (level == LOG_INFO)
		return VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK);
	return VGA_ATTR(VGA_DARK_GREY, VGA_BLACK);
}

void vga_write(const char *s, size_t n, uint8_t attr)
{
	if (!active)
		return;
	uint64_t flags;
	bool locked = console_lock_try(&screen_lock, VGA_LOCK_SPINS, &flags);
	textscreen_set_attr(&screen, attr);
	textscreen_write(&screen, s, n);
	cursor_update();
	if (locked)
		console_lock_release(&screen_lock);
	console_irq_restore(flags);
}

static void vga_sink_write(const char *s, size_t n, int level)
{
	vga_write(s, n, vga_level_attr(level));
}

static const struct console_sink vga_sink = {
    .name = "vga",
    .write = vga_sink_write,
};

void vga_console_init(void)
{
	if (active)
		return;
	textscreen_init(&screen, phys_to_virt(VGA_TEXT_PHYS), VGA_COLS, VGA_ROWS,
			vga_level_attr(LOG_INFO));
	textscreen_clear(&screen);
	cursor_enable();
	cursor_update();
	active = true;
	if (console_add_sink(&vga_sink) < 0)
		active = false;
}

bool vga_console_active(void)
{
	return active;
}

void vga_cursor_read(unsigned *row, unsigned *col)
{
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HIGH);
	unsigned pos = (unsigned)inb(VGA_CRTC_DATA) << 8;
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LOW);
	pos |= inb(VGA_CRTC_DATA);
	*row = pos / VGA_COLS;
	*col = pos % VGA_COLS;
}

size_t vga_row_text(unsigned row, char *out, size_t cap)
{
	if (!active) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	return textscreen_row_text(&screen, row, out, cap);
}

uint16_t vga_cell(unsigned row, unsigned col)
{
	if (!active || row >= VGA_ROWS || col >= VGA_COLS)
		return 0;
	return screen.cells[row * VGA_COLS + col];
}

unsigned vga_scroll_count(void)
{
	return screen.scrolls;
}
