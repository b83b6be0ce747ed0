/*
 * Bitmaps of 64-bit words, one bit per item (a physical frame, a slot).
 * A set bit means "in use". Portable: used by the kernel's frame allocator and
 * by the host unit tests.
 */
#ifndef ALLOC_BITMAP_H
#define ALLOC_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BITMAP_WORD_BITS 64
#define BITMAP_NONE	 ((size_t)-1)

/* Words needed for nbits bits. */
static inline size_t bitmap_words(size_t nbits)
{
	return (nbits + BITMAP_WORD_BITS - 1) / BITMAP_WORD_BITS;
}

static inline bool bitmap_test(const uint64_t *w, size_t bit)
{
	return (w[bit / BITMAP_WORD_BITS] >> (bit % BITMAP_WORD_BITS)) & 1;
}

static inline void bitmap_set(uint64_t *w, size_t bit)
{
	w[bit / BITMAP_WORD_BITS] |= 1ull << (bit % BITMAP_WORD_BITS);
}

static inline void bitmap_clear(uint64_t *w, size_t bit)
{
	w[bit / BITMAP_WORD_BITS] &= ~(1ull << (bit % BITMAP_WORD_BITS));
}

void bitmap_set_range(uint64_t *w, size_t first, size_t count);
void bitmap_clear_range(uint64_t *w, size_t first, size_t count);
/* Number of set bits in [first, first + count). */
size_t bitmap_count_set(const uint64_t *w, size_t first, size_t count);
/* First clear bit in [from, nbits), or BITMAP_NONE. */
size_t bitmap_find_clear(const uint64_t *w, size_t nbits, size_t from);
/* First set bit in [from, to), or `to` when there is none. */
size_t bitmap_find_set(const uint64_t *w, size_t from, size_t to);
/*
 * First run of `count` clear bits in [from, nbits) whose start is a multiple of
 * `align` (a power of two); BITMAP_NONE when there is none or the arguments are
 * invalid (count 0, align not a power of two).
 */
size_t bitmap_find_clear_run(const uint64_t *w, size_t nbits, size_t from, size_t count,
			     size_t align);

#endif
