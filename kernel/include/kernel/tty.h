/*
 * The console TTY: one terminal whose input comes from the PS/2 keyboard and
 * COM1 (both interrupt-driven) and whose output goes to every console sink
 * (serial and VGA), echo included.
 *
 * Input path: interrupt handlers call tty_receive(), which only appends to a
 * lock-free ring (and notes Ctrl-C at once). Readers drain the ring through
 * the line discipline (lib/tty/ldisc.h) in their own context, so echo never
 * runs inside an interrupt handler.
 *
 * Blocking: a reader with nothing to read calls tty_wait_hook (default: halt
 * until the next interrupt); tty_receive calls tty_wake_hook. The process
 * layer replaces both with a wait queue. Ctrl-C calls tty_interrupt_hook from
 * the interrupt handler (the process layer will signal the foreground
 * process) and sets a flag long-running kernel commands can poll.
 *
 * Locking: the ring is single-producer single-consumer (keep the keyboard
 * and COM1 interrupts on one CPU); the line discipline is guarded by an
 * interrupt-disabling spinlock (kernel/tty/console_lock.h), so several
 * readers may call tty_read, each getting whole lines in canonical mode.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <stdbool.h>
#include <stddef.h>

#include "tty/ldisc.h"

/* Modes for tty_set_mode (LDISC_* flags). */
#define TTY_MODE_CANONICAL LDISC_COOKED_FLAGS
#define TTY_MODE_RAW	   0u

/* tty_read results besides a byte count (0 means end of input). */
#define TTY_READ_INTERRUPTED LDISC_INTERRUPTED

/* Interrupt context: queue input bytes (keyboard, serial). */
void tty_receive(const char *s, size_t n);
/* Blocks until input is ready; see ldisc_read for what one read returns. */
int tty_read(char *buf, size_t cap);
/* Non-blocking variant: LDISC_EMPTY when nothing is ready. */
int tty_try_read(char *buf, size_t cap);
/* Reads one line for the monitor: length without the newline, 0 after Ctrl-C,
 * -1 at end of input (Ctrl-D on an empty line). Always NUL-terminates. */
int tty_read_line(char *buf, int cap);

unsigned tty_get_mode(void);
void tty_set_mode(unsigned flags);
void tty_write(const char *s, size_t n);

bool tty_interrupt_pending(void);
void tty_interrupt_clear(void);
/* Bytes lost because a buffer was full. */
unsigned tty_dropped(void);

extern void (*tty_wait_hook)(void);
extern void (*tty_wake_hook)(void);
extern void (*tty_interrupt_hook)(void);
/* Asked after every wait of a blocked reader: true ends tty_read with
 * LDISC_INTERRUPTED. The process layer answers whether the reading thread was
 * interrupted (a process killed while it waits for input ends now, not at the
 * next keystroke, which it would otherwise take from the next reader). NULL:
 * never. */
extern bool (*tty_abort_hook)(void);

#endif
