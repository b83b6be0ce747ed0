/* Line discipline: canonical line editing and raw pass-through. */
#include "tty/ldisc.h"

#include <string.h>

#define ESC_NONE       0
#define ESC_SEEN       1 /* got ESC */
#define ESC_SEQUENCE   2 /* inside ESC [ ... or ESC O . */
#define CSI_FINAL_LO   0x40
#define CSI_FINAL_HI   0x7E
#define ASCII_PRINT_LO 0x20

static const char erase_seq[] = "\b \b";

void ldisc_init(struct ldisc *l, unsigned flags, void (*echo)(void *, const char *, size_t),
		void (*interrupt)(void *), void *ctx)
{
	memset(l, 0, sizeof(*l));
	l->flags = flags;
	l->echo = echo;
	l->interrupt = interrupt;
	l->ctx = ctx;
}

static void echo(struct ldisc *l, const char *s, size_t n)
{
	if ((l->flags & LDISC_ECHO) && l->echo)
		l->echo(l->ctx, s, n);
}

static struct ldisc_record *last_record(struct ldisc *l)
{
	return l->rec_count ? &l->rec[l->rec_count - 1] : NULL;
}

/* Queues a record with its bytes; on overflow the input is dropped and counted. */
static void push_record(struct ldisc *l, enum ldisc_record_kind kind, const void *bytes, size_t n)
{
	struct ldisc_record *last = last_record(l);
	bool extend = kind == LDISC_REC_RAW && last && last->kind == LDISC_REC_RAW;
	if (l->data_len + n > LDISC_DATA_MAX || (!extend && l->rec_count == LDISC_RECORDS) ||
	    (extend && last->len + n > UINT16_MAX)) {
		l->dropped += (unsigned)n;
		return;
	}
	if (n)
		memcpy(l->data + l->data_len, bytes, n);
	l->data_len += n;
	if (extend) {
		last->len = (uint16_t)(last->len + n);
		return;
	}
	l->rec[l->rec_count].kind = (uint8_t)kind;
	l->rec[l->rec_count].len = (uint16_t)n;
	l->rec_count++;
}

static void erase_chars(struct ldisc *l, size_t count)
{
	while (count-- && l->line_len) {
		l->line_len--;
		echo(l, erase_seq, sizeof(erase_seq) - 1);
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void erase_word(struct ldisc *l)
{
	while (l->line_len && is_space(l->line[l->line_len - 1]))
		erase_chars(l, 1);
	while (l->line_len && !is_space(l->line[l->line_len - 1]))
		erase_chars(l, 1);
}

/* Swallows the bytes of an escape sequence; returns true while inside one. */
static bool swallow_escape(struct ldisc *l, uint8_t c)
{
	switch (l->esc_state) {
	case ESC_SEEN:
		l->esc_state = (c == '[' || c == 'O') ? ESC_SEQUENCE : ESC_NONE;
		return true;
	case ESC_SEQUENCE:
		if (c >= CSI_FINAL_LO && c <= CSI_FINAL_HI)
			l->esc_state = ESC_NONE;
		return true;
	default:
		if (c == LDISC_CH_ESC) {
			l->esc_state = ESC_SEEN;
			return true;
		}
		return false;
	}
}

static void canonical_input(struct ldisc *l, uint8_t c)
{
	if (swallow_escape(l, c))
		return;
	if (c == '\r' && (l->flags & LDISC_ICRNL))
		c = '\n';
	if (c == LDISC_CH_INTR && (l->flags & LDISC_ISIG)) {
		l->line_len = 0;
		echo(l, "^C\n", 3);
		push_record(l, LDISC_REC_INTR, NULL, 0);
		if (l->interrupt)
			l->interrupt(l->ctx);
		return;
	}
	switch (c) {
	case LDISC_CH_EOF:
		push_record(l, l->line_len ? LDISC_REC_DATA : LDISC_REC_EOF, l->line, l->line_len);
		l->line_len = 0;
		return;
	case LDISC_CH_ERASE:
	case LDISC_CH_BS:
		erase_chars(l, 1);
		return;
	case LDISC_CH_KILL:
		erase_chars(l, l->line_len);
		return;
	case LDISC_CH_WERASE:
		erase_word(l);
		return;
	case '\n':
		l->line[l->line_len++] = '\n';
		echo(l, "\n", 1);
		push_record(l, LDISC_REC_DATA, l->line, l->line_len);
		l->line_len = 0;
		return;
	default:
		break;
	}
	if (c < ASCII_PRINT_LO && c != '\t')
		return; /* other control characters mean nothing here */
	if (l->line_len >= LDISC_LINE_MAX - 1) {
		l->dropped++; /* keep room for the newline */
		return;
	}
	l->line[l->line_len++] = (char)c;
	/* A tab echoes as one space so that erasing it stays a single "\b \b". */
	char shown = c == '\t' ? ' ' : (char)c;
	echo(l, &shown, 1);
}

void ldisc_input(struct ldisc *l, uint8_t c)
{
	if (l->flags & LDISC_CANON) {
		canonical_input(l, c);
		return;
	}
	push_record(l, LDISC_REC_RAW, &c, 1);
	char e = (char)c;
	echo(l, &e, 1);
}

void ldisc_set_flags(struct ldisc *l, unsigned flags)
{
	if ((l->flags & LDISC_CANON) && !(flags & LDISC_CANON) && l->line_len) {
		push_record(l, LDISC_REC_RAW, l->line, l->line_len);
		l->line_len = 0;
	}
	l->esc_state = ESC_NONE;
	l->flags = flags;
}

/* Removes n bytes from the front of the data and of the head record. */
static void consume(struct ldisc *l, size_t n)
{
	memmove(l->data, l->data + n, l->data_len - n);
	l->data_len -= n;
	l->rec[0].len = (uint16_t)(l->rec[0].len - n);
}

static void pop_record(struct ldisc *l)
{
	memmove(&l->rec[0], &l->rec[1], (l->rec_count - 1) * sizeof(l->rec[0]));
	l->rec_count--;
}

static bool is_data(const struct ldisc_record *r)
{
	return r->kind == LDISC_REC_DATA || r->kind == LDISC_REC_RAW;
}

int ldisc_ready(const struct ldisc *l)
{
	return l->rec_count > 0;
}

int ldisc_read(struct ldisc *l, char *buf, size_t cap)
{
	if (l->rec_count == 0)
		return LDISC_EMPTY;
	if (l->rec[0].kind == LDISC_REC_EOF || l->rec[0].kind == LDISC_REC_INTR) {
		int r = l->rec[0].kind == LDISC_REC_EOF ? 0 : LDISC_INTERRUPTED;
		pop_record(l);
		return r;
	}
	if (cap > INT32_MAX)
		cap = INT32_MAX;
	size_t got = 0;
	bool canon = l->flags & LDISC_CANON;
	while (got < cap && l->rec_count && is_data(&l->rec[0])) {
		size_t n = l->rec[0].len;
		if (n > cap - got)
			n = cap - got;
		memcpy(buf + got, l->data, n);
		consume(l, n);
		got += n;
		if (l->rec[0].len == 0)
			pop_record(l);
		if (canon)
			break; /* one line per read */
	}
	return (int)got;
}
