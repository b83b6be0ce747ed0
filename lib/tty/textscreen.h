/*
 * A character-cell terminal over an array of 16-bit cells in the VGA text
 * layout (low byte character, high byte attribute). The VGA driver points it
 * at 0xB8000; the host tests point it at an ordinary array.
 *
 * Understood: printable bytes, '\n' (new line, column 0), '\r', '\b' (left,
 * and back onto the previous row from column 0), '\t' (cursor to the next multiple of 8),
 * and a few ANSI/VT100 sequences: ESC [ n A/B/C/D (cursor moves),
 * ESC [ r;c H (position), ESC [ J / 2J (erase below / all), ESC [ K (erase to
 * end of line), ESC [ ... m (0 reset, 1 bright, 30-37 foreground, 40-47
 * background). Writing past the last column wraps (deferred, as VT100 does);
 * a new line below the last row scrolls the screen up.
 */
#ifndef TTY_TEXTSCREEN_H
#define TTY_TEXTSCREEN_H

#include <stddef.h>
#include <stdint.h>

/* VGA attribute byte: background colour in bits 4-6, foreground in bits 0-3. */
enum vga_colour {
	VGA_BLACK = 0,
	VGA_BLUE = 1,
	VGA_GREEN = 2,
	VGA_CYAN = 3,
	VGA_RED = 4,
	VGA_MAGENTA = 5,
	VGA_BROWN = 6,
	VGA_LIGHT_GREY = 7,
	VGA_DARK_GREY = 8,
	VGA_LIGHT_BLUE = 9,
	VGA_LIGHT_GREEN = 10,
	VGA_LIGHT_CYAN = 11,
	VGA_LIGHT_RED = 12,
	VGA_LIGHT_MAGENTA = 13,
	VGA_YELLOW = 14,
	VGA_WHITE = 15,
};

#define VGA_ATTR(fg, bg)      ((uint8_t)(((bg) << 4) | (fg)))
#define VGA_CELL(ch, attr)    ((uint16_t)(((uint16_t)(attr) << 8) | (uint8_t)(ch)))
#define VGA_CELL_CHAR(cell)   ((char)((cell)&0xFF))
#define VGA_CELL_ATTR(cell)   ((uint8_t)((cell) >> 8))
#define VGA_FG_MASK	      0x0F
#define VGA_BG_MASK	      0x70
#define VGA_BRIGHT	      0x08
#define TEXTSCREEN_TAB	      8
#define TEXTSCREEN_MAX_PARAMS 4

struct textscreen {
	volatile uint16_t *cells; /* volatile: VGA memory is a device */
	unsigned cols, rows;
	unsigned x, y;	  /* cursor */
	int wrap_pending; /* the last column was written; wrap on the next character */
	uint8_t attr;	  /* attribute of new characters */
	uint8_t esc_state;
	unsigned params[TEXTSCREEN_MAX_PARAMS];
	unsigned nparams;
	unsigned scrolls; /* lines scrolled off since init (statistics, tests) */
};

void textscreen_init(struct textscreen *t, volatile uint16_t *cells, unsigned cols, unsigned rows,
		     uint8_t attr);
void textscreen_clear(struct textscreen *t);
void textscreen_set_attr(struct textscreen *t, uint8_t attr);
void textscreen_write(struct textscreen *t, const char *s, size_t n);
/* Copies row y (without trailing blanks) into out as a NUL-terminated string. */
size_t textscreen_row_text(const struct textscreen *t, unsigned y, char *out, size_t cap);

#endif
