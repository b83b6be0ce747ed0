/* The console TTY: input ring, line discipline, blocking read, Ctrl-C. */
#include "kernel/tty.h"

#include "arch/cpu.h"
#include "kernel/console.h"
#include "kernel/log.h"
#include "tty/ring.h"
#include "tty/console_lock.h"

static struct tty_ring input_ring;
/* Guards the line discipline: readers may be preempted processes (or other CPUs). */
static struct console_lock ld_lock;
static struct ldisc ld;
static bool ld_ready;
static volatile bool interrupt_pending;
static unsigned ring_dropped;

static void wait_for_interrupt(void)
{
	/* sti takes effect after the next instruction, so no wake-up slips in before hlt. */
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void (*tty_wait_hook)(void) = wait_for_interrupt;
void (*tty_wake_hook)(void);
bool (*tty_abort_hook)(void);
void (*tty_interrupt_hook)(void);

static void echo_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n, LOG_INFO);
}

static void ldisc_setup(void)
{
	if (ld_ready)
		return;
	ldisc_init(&ld, TTY_MODE_CANONICAL, echo_out, NULL, NULL);
	ld_ready = true;
}

void tty_write(const char *s, size_t n)
{
	console_write(s, n, LOG_INFO);
}

void tty_receive(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = (uint8_t)s[i];
		/* Ctrl-C is acted on at once; the line discipline sees it later as well. */
		if (c == LDISC_CH_INTR && ((ld.flags & LDISC_ISIG) || !ld_ready)) {
			interrupt_pending = true;
			if (tty_interrupt_hook)
				tty_interrupt_hook();
		}
		if (!tty_ring_put(&input_ring, c))
			ring_dropped++;
	}
	if (tty_wake_hook)
		tty_wake_hook();
}

static void pump(void)
{
	ldisc_setup();
	int c;
	while ((c = tty_ring_get(&input_ring)) >= 0)
		ldisc_input(&ld, (uint8_t)c);
}

int tty_try_read(char *buf, size_t cap)
{
	uint64_t flags = console_lock_acquire(&ld_lock);
	pump();
	int r = ldisc_read(&ld, buf, cap);
	console_lock_release(&ld_lock);
	console_irq_restore(flags);
	return r;
}

int tty_read(char *buf, size_t cap)
{
	for (;;) {
		uint64_t flags = console_lock_acquire(&ld_lock);
		pump();
		int r = ldisc_read(&ld, buf, cap);
		/* Checked with interrupts off: a byte arriving now wakes the wait below. */
		bool idle = r == LDISC_EMPTY && tty_ring_count(&input_ring) == 0;
		console_lock_release(&ld_lock);
		if (r == LDISC_EMPTY && idle)
			tty_wait_hook(); /* called and returns with interrupts disabled */
		console_irq_restore(flags);
		if (r != LDISC_EMPTY)
			return r;
		if (tty_abort_hook && tty_abort_hook())
			return LDISC_INTERRUPTED;
	}
}

int tty_read_line(char *buf, int cap)
{
	char line[LDISC_LINE_MAX];
	int r = tty_read(line, sizeof(line));
	buf[0] = '\0';
	if (r == TTY_READ_INTERRUPTED) {
		tty_interrupt_clear(); /* this reader consumed the Ctrl-C */
		return 0;
	}
	if (r == 0)
		return -1;
	bool newline = line[r - 1] == '\n';
	if (newline)
		r--;
	else
		tty_write("\n", 1); /* Ctrl-D ended the line: finish it on screen */
	if (r > cap - 1)
		r = cap - 1;
	for (int i = 0; i < r; i++)
		buf[i] = line[i];
	buf[r] = '\0';
	return r;
}

unsigned tty_get_mode(void)
{
	ldisc_setup();
	return ld.flags;
}

void tty_set_mode(unsigned flags)
{
	uint64_t saved = console_lock_acquire(&ld_lock);
	pump();
	ldisc_set_flags(&ld, flags);
	console_lock_release(&ld_lock);
	console_irq_restore(saved);
}

bool tty_interrupt_pending(void)
{
	return interrupt_pending;
}

void tty_interrupt_clear(void)
{
	interrupt_pending = false;
}

unsigned tty_dropped(void)
{
	return ring_dropped + (ld_ready ? ld.dropped : 0);
}
