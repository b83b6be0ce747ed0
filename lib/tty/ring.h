/*
 * Single-producer single-consumer byte ring. The producer (an interrupt
 * handler) only writes head, the consumer (a reader) only writes tail, so
 * neither needs a lock; the counters run freely and wrap modulo 2^32.
 */
#ifndef TTY_RING_H
#define TTY_RING_H

#include <stdbool.h>
#include <stdint.h>

#define TTY_RING_SIZE 1024u
_Static_assert((TTY_RING_SIZE & (TTY_RING_SIZE - 1)) == 0, "ring size is a power of two");

struct tty_ring {
	uint8_t buf[TTY_RING_SIZE];
	unsigned head; /* bytes ever written */
	unsigned tail; /* bytes ever read */
};

static inline unsigned tty_ring_count(const struct tty_ring *r)
{
	return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

/* Returns false (and drops the byte) when the ring is full. */
static inline bool tty_ring_put(struct tty_ring *r, uint8_t c)
{
	unsigned h = r->head;
	if (h - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) == TTY_RING_SIZE)
		return false;
	r->buf[h % TTY_RING_SIZE] = c;
	__atomic_store_n(&r->head, h + 1, __ATOMIC_RELEASE);
	return true;
}

/* Returns the next byte, or -1 when the ring is empty. */
static inline int tty_ring_get(struct tty_ring *r)
{
	unsigned t = r->tail;
	if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == t)
		return -1;
	uint8_t c = r->buf[t % TTY_RING_SIZE];
	__atomic_store_n(&r->tail, t + 1, __ATOMIC_RELEASE);
	return c;
}

#endif
