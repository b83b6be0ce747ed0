/* Word-at-a-time bitmap operations (see bitmap.h). */
#include "alloc/bitmap.h"

/* Mask of bits [lo, hi) inside one word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(size_t lo, size_t hi)
{
	uint64_t upper = hi == BITMAP_WORD_BITS ? ~0ull : (1ull << hi) - 1;
	return upper & ~((1ull << lo) - 1);
}

/* Set bits in a word (SWAR; the kernel is built without POPCNT or libgcc). */
static size_t popcount64(uint64_t v)
{
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (size_t)((v * 0x0101010101010101ull) >> 56);
}

void bitmap_set_range(uint64_t *w, size_t first, size_t count)
{
	size_t end = first + count;
	while (first < end) {
		size_t lo = first % BITMAP_WORD_BITS;
		size_t n = BITMAP_WORD_BITS - lo;
		if (n > end - first)
			n = end - first;
		w[first / BITMAP_WORD_BITS] |= word_mask(lo, lo + n);
		first += n;
	}
}

void bitmap_clear_range(uint64_t *w, size_t first, size_t count)
{
	size_t end = first + count;
	while (first < end) {
		size_t lo = first % BITMAP_WORD_BITS;
		size_t n = BITMAP_WORD_BITS - lo;
		if (n > end - first)
			n = end - first;
		w[first / BITMAP_WORD_BITS] &= ~word_mask(lo, lo + n);
		first += n;
	}
}

size_t bitmap_count_set(const uint64_t *w, size_t first, size_t count)
{
	size_t end = first + count, total = 0;
	while (first < end) {
		size_t lo = first % BITMAP_WORD_BITS;
		size_t n = BITMAP_WORD_BITS - lo;
		if (n > end - first)
			n = end - first;
		total += popcount64(w[first / BITMAP_WORD_BITS] & word_mask(lo, lo + n));
		first += n;
	}
	return total;
}

size_t bitmap_find_clear(const uint64_t *w, size_t nbits, size_t from)
{
	if (from >= nbits)
		return BITMAP_NONE;
	size_t i = from / BITMAP_WORD_BITS;
	uint64_t free_bits = ~w[i] & ~((1ull << (from % BITMAP_WORD_BITS)) - 1);
	size_t nwords = bitmap_words(nbits);
	for (;;) {
		if (free_bits) {
			size_t bit = i * BITMAP_WORD_BITS + (size_t)__builtin_ctzll(free_bits);
			return bit < nbits ? bit : BITMAP_NONE;
		}
		if (++i == nwords)
			return BITMAP_NONE;
		free_bits = ~w[i];
	}
}

size_t bitmap_find_set(const uint64_t *w, size_t from, size_t to)
{
	if (from >= to)
		return to;
	size_t i = from / BITMAP_WORD_BITS;
	uint64_t used = w[i] & ~((1ull << (from % BITMAP_WORD_BITS)) - 1);
	size_t last = (to - 1) / BITMAP_WORD_BITS;
	for (;;) {
		if (used) {
			size_t bit = i * BITMAP_WORD_BITS + (size_t)__builtin_ctzll(used);
			return bit < to ? bit : to;
		}
		if (i == last)
			return to;
		used = w[++i];
	}
}

static size_t align_up(size_t v, size_t align)
{
	return (v + align - 1) & ~(align - 1);
}

size_t bitmap_find_clear_run(const uint64_t *w, size_t nbits, size_t from, size_t count,
			     size_t align)
{
	if (count == 0 || align == 0 || (align & (align - 1)) != 0)
		return BITMAP_NONE;
	size_t start = align_up(from, align);
	while (start < nbits && count <= nbits - start) {
		size_t used = bitmap_find_set(w, start, start + count);
		if (used == start + count)
			return start;
		/* Nothing that starts at or before `used` can fit: go to the next clear bit. */
		size_t next = bitmap_find_clear(w, nbits, used + 1);
		if (next == BITMAP_NONE)
			return BITMAP_NONE;
		start = align_up(next, align);
	}
	return BITMAP_NONE;
}
