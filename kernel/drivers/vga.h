/*
 * VGA text console: 80x25 colour text at physical 0xB8000, reached through
 * the direct map. Registers itself as a console sink; each kernel log level
 * has its own colour. The hardware cursor follows the text.
 */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VGA_TEXT_PHYS 0xB8000
#define VGA_COLS      80
#define VGA_ROWS      25

/* CRT controller (colour I/O address range). */
#define VGA_CRTC_INDEX		 0x3D4
#define VGA_CRTC_DATA		 0x3D5
#define VGA_CRTC_CURSOR_START	 0x0A
#define VGA_CRTC_CURSOR_END	 0x0B
#define VGA_CRTC_CURSOR_HIGH	 0x0E
#define VGA_CRTC_CURSOR_LOW	 0x0F
#define VGA_CURSOR_DISABLE	 0x20 /* bit 5 of the cursor start register */
#define VGA_CURSOR_SCANLINE_MASK 0x1F
#define VGA_CURSOR_FIRST_LINE	 13 /* an underline cursor: scan lines 13-14 of 16 */
#define VGA_CURSOR_LAST_LINE	 14

/* Maps the text buffer, clears it and registers the console sink. */
void vga_console_init(void);
bool vga_console_active(void);
/* Colour attribute used for a log level. */
uint8_t vga_level_attr(int level);
/* Reads the hardware cursor position back from the CRT controller. */
void vga_cursor_read(unsigned *row, unsigned *col);
/* Text of one row without trailing blanks (NUL-terminated). */
size_t vga_row_text(unsigned row, char *out, size_t cap);
/* The cell (character and attribute) at a position. */
uint16_t vga_cell(unsigned row, unsigned col);
/* Writes text straight to the screen in a colour (not to serial). */
void vga_write(const char *s, size_t n, uint8_t attr);
/* Lines scrolled off the top since boot. */
unsigned vga_scroll_count(void);

#endif
