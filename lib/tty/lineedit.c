/* Raw-mode line editor: cursor movement, erasing and history. */
#include "tty/lineedit.h"

#include <string.h>

#define CH_CTRL_A 0x01
#define CH_CTRL_C 0x03
#define CH_CTRL_D 0x04
#define CH_CTRL_E 0x05
#define CH_BS	  0x08
#define CH_CTRL_K 0x0B
#define CH_CTRL_U 0x15
#define CH_ESC	  0x1B
#define CH_DEL	  0x7F
#define PRINT_LO  0x20

#define ESC_NONE 0
#define ESC_SEEN 1 /* ESC */
#define ESC_CSI	 2 /* ESC [ params */
#define ESC_SS3	 3 /* ESC O */

/* Parameters of ESC [ n ~ (VT220 editing keys). */
#define VT_HOME1       1
#define VT_DELETE      3
#define VT_END1	       4
#define VT_HOME7       7
#define VT_END8	       8
#define VT_PARAM_LIMIT 1000

void lineedit_init(struct lineedit *e, void (*out)(void *, const char *, size_t), void *ctx)
{
	memset(e, 0, sizeof(*e));
	e->out = out;
	e->ctx = ctx;
}

void lineedit_begin(struct lineedit *e)
{
	e->len = e->cur = 0;
	e->buf[0] = '\0';
	e->browse = e->hist_count;
	e->esc_state = ESC_NONE;
}

const char *lineedit_line(const struct lineedit *e)
{
	return e->buf;
}

static void put(struct lineedit *e, const char *s, size_t n)
{
	if (n && e->out)
		e->out(e->ctx, s, n);
}

static void repeat(struct lineedit *e, char c, size_t n)
{
	while (n--)
		put(e, &c, 1);
}

static void cursor_to(struct lineedit *e, size_t pos)
{
	if (pos < e->cur)
		repeat(e, '\b', e->cur - pos);
	else
		put(e, e->buf + e->cur, pos - e->cur);
	e->cur = pos;
}

/* Prints buf[cur..len] plus `blank` spaces, then returns the cursor to cur. */
static void redraw_tail(struct lineedit *e, size_t blank)
{
	put(e, e->buf + e->cur, e->len - e->cur);
	repeat(e, ' ', blank);
	repeat(e, '\b', e->len - e->cur + blank);
}

/* Replaces the whole line, leaving the cursor at `cursor`. */
static void set_line(struct lineedit *e, const char *text, size_t len, size_t cursor)
{
	size_t old = e->len;
	cursor_to(e, 0);
	memmove(e->buf, text, len);
	e->buf[len] = '\0';
	e->len = len;
	put(e, e->buf, len);
	e->cur = len;
	if (old > len) {
		repeat(e, ' ', old - len);
		repeat(e, '\b', old - len);
	}
	cursor_to(e, cursor);
}

static void insert(struct lineedit *e, char c)
{
	if (e->len + 1 >= LINEEDIT_MAX)
		return;
	memmove(e->buf + e->cur + 1, e->buf + e->cur, e->len - e->cur);
	e->buf[e->cur] = c;
	e->buf[++e->len] = '\0';
	put(e, &c, 1);
	e->cur++;
	redraw_tail(e, 0);
}

static void delete_at_cursor(struct lineedit *e)
{
	if (e->cur == e->len)
		return;
	memmove(e->buf + e->cur, e->buf + e->cur + 1, e->len - e->cur - 1);
	e->buf[--e->len] = '\0';
	redraw_tail(e, 1);
}

static void backspace(struct lineedit *e)
{
	if (e->cur == 0)
		return;
	cursor_to(e, e->cur - 1);
	delete_at_cursor(e);
}

static void kill_to_end(struct lineedit *e)
{
	size_t n = e->len - e->cur;
	e->len = e->cur;
	e->buf[e->len] = '\0';
	repeat(e, ' ', n);
	repeat(e, '\b', n);
}

static void kill_to_start(struct lineedit *e)
{
	char rest[LINEEDIT_MAX];
	size_t n = e->len - e->cur;
	memcpy(rest, e->buf + e->cur, n);
	set_line(e, rest, n, 0);
}

static void history_show(struct lineedit *e, size_t index)
{
	if (e->browse == e->hist_count)
		memcpy(e->pending, e->buf, e->len + 1);
	e->browse = index;
	const char *text = index == e->hist_count ? e->pending : e->hist[index];
	size_t len = strlen(text);
	set_line(e, text, len, len);
}

static void history_add(struct lineedit *e)
{
	if (e->len == 0)
		return;
	if (e->hist_count && strcmp(e->hist[e->hist_count - 1], e->buf) == 0)
		return;
	if (e->hist_count == LINEEDIT_HISTORY) {
		memmove(e->hist[0], e->hist[1], sizeof(e->hist[0]) * (LINEEDIT_HISTORY - 1));
		e->hist_count--;
	}
	memcpy(e->hist[e->hist_count++], e->buf, e->len + 1);
}

/* Acts on the final byte of ESC [ ... or ESC O . */
static void escape_final(struct lineedit *e, uint8_t c)
{
	switch (c) {
	case 'A':
		if (e->browse > 0)
			history_show(e, e->browse - 1);
		break;
	case 'B':
		if (e->browse < e->hist_count)
			history_show(e, e->browse + 1);
		break;
	case 'C':
		if (e->cur < e->len)
			cursor_to(e, e->cur + 1);
		break;
	case 'D':
		if (e->cur > 0)
			cursor_to(e, e->cur - 1);
		break;
	case 'H':
		cursor_to(e, 0);
		break;
	case 'F':
		cursor_to(e, e->len);
		break;
	case '~':
		if (e->esc_param == VT_HOME1 || e->esc_param == VT_HOME7)
			cursor_to(e, 0);
		else if (e->esc_param == VT_END1 || e->esc_param == VT_END8)
			cursor_to(e, e->len);
		else if (e->esc_param == VT_DELETE)
			delete_at_cursor(e);
		break;
	default:
		break;
	}
}

/* Consumes escape-sequence bytes; returns true when c belonged to one. */
static bool feed_escape(struct lineedit *e, uint8_t c)
{
	switch (e->esc_state) {
	case ESC_SEEN:
		e->esc_param = 0;
		e->esc_state = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
		return true;
	case ESC_CSI:
		if (c >= '0' && c <= '9') {
			if (e->esc_param < VT_PARAM_LIMIT)
				e->esc_param = e->esc_param * 10 + (c - '0');
			return true;
		}
		if (c == ';')
			return true;
		e->esc_state = ESC_NONE;
		escape_final(e, c);
		return true;
	case ESC_SS3:
		e->esc_state = ESC_NONE;
		escape_final(e, c);
		return true;
	default:
		if (c == CH_ESC) {
			e->esc_state = ESC_SEEN;
			return true;
		}
		return false;
	}
}

enum lineedit_result lineedit_feed(struct lineedit *e, uint8_t c)
{
	if (feed_escape(e, c))
		return LINEEDIT_MORE;
	switch (c) {
	case '\r':
	case '\n':
		cursor_to(e, e->len);
		put(e, "\n", 1);
		history_add(e);
		e->browse = e->hist_count;
		return LINEEDIT_DONE;
	case CH_CTRL_C:
		cursor_to(e, e->len);
		put(e, "^C\n", 3);
		e->len = e->cur = 0;
		e->buf[0] = '\0';
		return LINEEDIT_INTERRUPT;
	case CH_CTRL_D:
		if (e->len == 0)
			return LINEEDIT_EOF;
		delete_at_cursor(e);
		return LINEEDIT_MORE;
	case CH_DEL:
	case CH_BS:
		backspace(e);
		return LINEEDIT_MORE;
	case CH_CTRL_A:
		cursor_to(e, 0);
		return LINEEDIT_MORE;
	case CH_CTRL_E:
		cursor_to(e, e->len);
		return LINEEDIT_MORE;
	case CH_CTRL_K:
		kill_to_end(e);
		return LINEEDIT_MORE;
	case CH_CTRL_U:
		kill_to_start(e);
		return LINEEDIT_MORE;
	default:
		break;
	}
	if (c >= PRINT_LO)
		insert(e, (char)c);
	return LINEEDIT_MORE;
}
