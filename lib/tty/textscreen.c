/* Character-cell terminal logic for the VGA text buffer. */
#include "tty/textscreen.h"

#define CH_BS	    0x08
#define CH_ESC	    0x1B
#define PRINT_LO    0x20
#define PARAM_LIMIT 1000

#define ESC_NONE 0
#define ESC_SEEN 1
#define ESC_CSI	 2

/* SGR parameters. */
#define SGR_RESET  0
#define SGR_BRIGHT 1
#define SGR_FG_LO  30
#define SGR_FG_HI  37
#define SGR_BG_LO  40
#define SGR_BG_HI  47
#define ERASE_ALL  2

/* ANSI colour numbers (red = 1, ...) to VGA colours (blue = 1, ...). */
static const uint8_t ansi_to_vga[8] = {
    VGA_BLACK, VGA_RED, VGA_GREEN, VGA_BROWN, VGA_BLUE, VGA_MAGENTA, VGA_CYAN, VGA_LIGHT_GREY,
};

static uint16_t blank(const struct textscreen *t)
{
	return VGA_CELL(' ', t->attr);
}

static void fill(struct textscreen *t, unsigned from, unsigned to)
{
	uint16_t b = blank(t);
	for (unsigned i = from; i < to; i++)
		t->cells[i] = b;
}

void textscreen_init(struct textscreen *t, volatile uint16_t *cells, unsigned cols, unsigned rows,
		     uint8_t attr)
{
	t->cells = cells;
	t->cols = cols;
	t->rows = rows;
	t->x = t->y = 0;
	t->wrap_pending = 0;
	t->attr = attr;
	t->esc_state = ESC_NONE;
	t->nparams = 0;
	t->scrolls = 0;
}

void textscreen_clear(struct textscreen *t)
{
	fill(t, 0, t->cols * t->rows);
	t->x = t->y = 0;
	t->wrap_pending = 0;
}

void textscreen_set_attr(struct textscreen *t, uint8_t attr)
{
	t->attr = attr;
}

static void scroll_up(struct textscreen *t)
{
	unsigned last = (t->rows - 1) * t->cols;
	for (unsigned i = 0; i < last; i++)
		t->cells[i] = t->cells[i + t->cols];
	fill(t, last, last + t->cols);
	t->scrolls++;
}

static void newline(struct textscreen *t)
{
	t->x = 0;
	t->wrap_pending = 0;
	if (t->y + 1 < t->rows)
		t->y++;
	else
		scroll_up(t);
}

static void put_char(struct textscreen *t, char c)
{
	if (t->wrap_pending)
		newline(t);
	t->cells[t->y * t->cols + t->x] = VGA_CELL(c, t->attr);
	if (t->x + 1 < t->cols)
		t->x++;
	else
		t->wrap_pending = 1;
}

static void backspace(struct textscreen *t)
{
	if (t->wrap_pending) {
		t->wrap_pending = 0;
		return; /* the cursor still sits on the last column */
	}
	if (t->x > 0) {
		t->x--;
	} else if (t->y > 0) {
		t->y--;
		t->x = t->cols - 1;
	}
}

static unsigned param(const struct textscreen *t, unsigned i, unsigned dflt)
{
	if (i >= t->nparams || t->params[i] == 0)
		return dflt;
	return t->params[i];
}

static unsigned clamp_sub(unsigned v, unsigned d)
{
	return v > d ? v - d : 0;
}

static void select_graphics(struct textscreen *t)
{
	if (t->nparams == 0)
		t->nparams = 1; /* ESC [ m means ESC [ 0 m */
	for (unsigned i = 0; i < t->nparams; i++) {
		unsigned p = t->params[i];
		if (p == SGR_RESET)
			t->attr = VGA_ATTR(VGA_LIGHT_GREY, VGA_BLACK);
		else if (p == SGR_BRIGHT)
			t->attr |= VGA_BRIGHT;
		else if (p >= SGR_FG_LO && p <= SGR_FG_HI)
			t->attr = (uint8_t)((t->attr & ~(VGA_FG_MASK & ~VGA_BRIGHT)) |
					    ansi_to_vga[p - SGR_FG_LO]);
		else if (p >= SGR_BG_LO && p <= SGR_BG_HI)
			t->attr =
			    (uint8_t)((t->attr & ~VGA_BG_MASK) | (ansi_to_vga[p - SGR_BG_LO] << 4));
	}
}

static void csi_final(struct textscreen *t, char c)
{
	unsigned n = param(t, 0, 1);
	t->wrap_pending = 0;
	switch (c) {
	case 'A':
		t->y = clamp_sub(t->y, n);
		break;
	case 'B':
		t->y = t->y + n < t->rows ? t->y + n : t->rows - 1;
		break;
	case 'C':
		t->x = t->x + n < t->cols ? t->x + n : t->cols - 1;
		break;
	case 'D':
		t->x = clamp_sub(t->x, n);
		break;
	case 'H':
	case 'f': {
		unsigned row = param(t, 0, 1), col = param(t, 1, 1);
		t->y = row <= t->rows ? row - 1 : t->rows - 1;
		t->x = col <= t->cols ? col - 1 : t->cols - 1;
		break;
	}
	case 'J':
		if (param(t, 0, 0) == ERASE_ALL) {
			fill(t, 0, t->cols * t->rows);
		} else {
			fill(t, t->y * t->cols + t->x, t->cols * t->rows);
		}
		break;
	case 'K':
		fill(t, t->y * t->cols + t->x, (t->y + 1) * t->cols);
		break;
	case 'm':
		select_graphics(t);
		break;
	default:
		break;
	}
}

/* Returns 1 when c was part of an escape sequence. */
static int feed_escape(struct textscreen *t, char c)
{
	switch (t->esc_state) {
	case ESC_SEEN:
		if (c == '[') {
			t->esc_state = ESC_CSI;
			t->nparams = 0;
			t->params[0] = 0;
		} else {
			t->esc_state = ESC_NONE;
		}
		return 1;
	case ESC_CSI:
		if (c >= '0' && c <= '9') {
			if (t->nparams == 0)
				t->nparams = 1;
			unsigned *p = &t->params[t->nparams - 1];
			if (*p < PARAM_LIMIT)
				*p = *p * 10 + (unsigned)(c - '0');
		} else if (c == ';') {
			if (t->nparams == 0)
				t->nparams = 1;
			if (t->nparams < TEXTSCREEN_MAX_PARAMS)
				t->params[t->nparams++] = 0;
		} else {
			t->esc_state = ESC_NONE;
			csi_final(t, c);
		}
		return 1;
	default:
		if (c == CH_ESC) {
			t->esc_state = ESC_SEEN;
			return 1;
		}
		return 0;
	}
}

void textscreen_write(struct textscreen *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (feed_escape(t, c))
			continue;
		switch (c) {
		case '\n':
			newline(t);
			break;
		case '\r':
			t->x = 0;
			t->wrap_pending = 0;
			break;
		case CH_BS:
			backspace(t);
			break;
		case '\t':
			/* Moves to the next tab stop without erasing, as a VT100 does. */
			if (t->wrap_pending)
				break;
			t->x = (t->x / TEXTSCREEN_TAB + 1) * TEXTSCREEN_TAB;
			if (t->x >= t->cols)
				t->x = t->cols - 1;
			break;
		default:
			if ((unsigned char)c >= PRINT_LO)
				put_char(t, c);
			break;
		}
	}
}

size_t textscreen_row_text(const struct textscreen *t, unsigned y, char *out, size_t cap)
{
	size_t len = 0;
	if (cap == 0)
		return 0;
	if (y < t->rows) {
		for (unsigned x = 0; x < t->cols && len + 1 < cap; x++)
			out[len++] = VGA_CELL_CHAR(t->cells[y * t->cols + x]);
	}
	while (len > 0 && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return len;
}
