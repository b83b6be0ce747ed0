/*
 * Line editor for raw-mode readers (the monitor's `edit` command now, the
 * shell later). Fed one input byte at a time, it keeps the line and the
 * cursor, redraws through an output callback using only printable characters,
 * spaces and backspaces (so any terminal and the VGA screen show it right),
 * and keeps a small history.
 *
 * Keys: printable characters insert at the cursor; Left/Right, Home/End
 * (also Ctrl-A/Ctrl-E) move; Backspace and Delete erase; Ctrl-U kills to the
 * start, Ctrl-K to the end; Up/Down walk the history; Enter finishes; Ctrl-C
 * abandons the line; Ctrl-D on an empty line is end of input.
 */
#ifndef TTY_LINEEDIT_H
#define TTY_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINEEDIT_MAX	 128 /* bytes of a line, NUL included */
#define LINEEDIT_HISTORY 8

enum lineedit_result {
	LINEEDIT_MORE,	    /* keep feeding */
	LINEEDIT_DONE,	    /* Enter: the line is in lineedit_line() */
	LINEEDIT_INTERRUPT, /* Ctrl-C: the line was abandoned */
	LINEEDIT_EOF,	    /* Ctrl-D on an empty line */
};

struct lineedit {
	char buf[LINEEDIT_MAX];
	size_t len, cur;
	/* History, oldest first; browse == hist_count means "the line being typed". */
	char hist[LINEEDIT_HISTORY][LINEEDIT_MAX];
	size_t hist_count, browse;
	char pending[LINEEDIT_MAX]; /* the unfinished line while browsing history */
	uint8_t esc_state;
	unsigned esc_param;
	void (*out)(void *ctx, const char *s, size_t n);
	void *ctx;
};

void lineedit_init(struct lineedit *e, void (*out)(void *, const char *, size_t), void *ctx);
/* Starts a new, empty line (history is kept). */
void lineedit_begin(struct lineedit *e);
enum lineedit_result lineedit_feed(struct lineedit *e, uint8_t c);
/* The finished line (NUL-terminated, no newline). */
const char *lineedit_line(const struct lineedit *e);

#endif
