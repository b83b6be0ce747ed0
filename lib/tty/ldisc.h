/*
 * Line discipline: turns the raw input byte stream into what a reader gets.
 *
 * Canonical mode (LDISC_CANON) edits a line and hands it over whole:
 * erase (0x7F or 0x08) removes a character, Ctrl-U the whole line, Ctrl-W a
 * word; Enter ('\r' becomes '\n' with LDISC_ICRNL) completes the line; Ctrl-D
 * hands over the line without a newline, or end-of-input on an empty line;
 * Ctrl-C (with LDISC_ISIG) discards the line and delivers an interrupt.
 * Escape sequences (arrow keys) are swallowed. LDISC_ECHO echoes what is typed.
 *
 * Raw mode (no LDISC_CANON) passes every byte to the reader as it comes.
 *
 * Pure logic: single-threaded, no I/O except through the echo callback; the
 * kernel feeds it from the reader's context.
 */
#ifndef TTY_LDISC_H
#define TTY_LDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LDISC_CANON	   0x01u
#define LDISC_ECHO	   0x02u
#define LDISC_ISIG	   0x04u
#define LDISC_ICRNL	   0x08u
#define LDISC_COOKED_FLAGS (LDISC_CANON | LDISC_ECHO | LDISC_ISIG | LDISC_ICRNL)

/* Control characters. */
#define LDISC_CH_INTR	0x03 /* Ctrl-C */
#define LDISC_CH_EOF	0x04 /* Ctrl-D */
#define LDISC_CH_BS	0x08 /* Ctrl-H */
#define LDISC_CH_KILL	0x15 /* Ctrl-U */
#define LDISC_CH_WERASE 0x17 /* Ctrl-W */
#define LDISC_CH_ESC	0x1B
#define LDISC_CH_ERASE	0x7F

#define LDISC_LINE_MAX 256  /* bytes of one line, newline included */
#define LDISC_DATA_MAX 1024 /* bytes waiting for the reader */
#define LDISC_RECORDS  32   /* lines (or EOF/interrupt marks) waiting */

/* ldisc_read results besides a byte count. */
#define LDISC_EMPTY	  (-1) /* nothing to read yet */
#define LDISC_INTERRUPTED (-2) /* Ctrl-C discarded the line */

enum ldisc_record_kind {
	LDISC_REC_DATA, /* a line (canonical mode) */
	LDISC_REC_RAW,	/* bytes received in raw mode; grows while more arrive */
	LDISC_REC_EOF,
	LDISC_REC_INTR,
};

struct ldisc_record {
	uint16_t len;
	uint8_t kind;
};

struct ldisc {
	unsigned flags;
	/* Line being edited (canonical mode). */
	char line[LDISC_LINE_MAX];
	size_t line_len;
	uint8_t esc_state; /* swallowing an escape sequence */
	/* Completed input for the reader. */
	uint8_t data[LDISC_DATA_MAX];
	size_t data_len;
	struct ldisc_record rec[LDISC_RECORDS];
	size_t rec_count;
	unsigned dropped; /* bytes lost to full buffers */
	void (*echo)(void *ctx, const char *s, size_t n);
	void (*interrupt)(void *ctx);
	void *ctx;
};

void ldisc_init(struct ldisc *l, unsigned flags, void (*echo)(void *, const char *, size_t),
		void (*interrupt)(void *), void *ctx);
/* Changes the mode; leaving canonical mode hands the partial line to the reader. */
void ldisc_set_flags(struct ldisc *l, unsigned flags);
void ldisc_input(struct ldisc *l, uint8_t c);
/*
 * Canonical: returns one line (or the part of it that fits), 0 at end of
 * input, LDISC_INTERRUPTED after Ctrl-C. Raw: returns every byte waiting, up to
 * cap. LDISC_EMPTY when nothing is ready.
 */
int ldisc_read(struct ldisc *l, char *buf, size_t cap);
/* Whether ldisc_read would return something other than LDISC_EMPTY. */
int ldisc_ready(const struct ldisc *l);

#endif
