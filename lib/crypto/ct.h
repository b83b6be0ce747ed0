/* Internal helpers for constant-time code: byte loads/stores, comparison, and
 * the declassification hook used by the valgrind constant-time check. */
#ifndef CRYPTO_CT_H
#define CRYPTO_CT_H

#include <stddef.h>
#include <stdint.h>

#ifdef CRYPTO_CT_CHECK
#include <valgrind/memcheck.h>
/* Under the constant-time check, secrets are marked undefined; a value that is
 * public by design (whether a tag verified) is marked defined again here. */
#define CRYPTO_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#else
#define CRYPTO_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

static inline uint32_t load32_le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t load64_le(const uint8_t *p)
{
	return (uint64_t)load32_le(p) | (uint64_t)load32_le(p + 4) << 32;
}

static inline void store32_le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void store64_le(uint8_t *p, uint64_t v)
{
	store32_le(p, (uint32_t)v);
	store32_le(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t load32_be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t load64_be(const uint8_t *p)
{
	return (uint64_t)load32_be(p) << 32 | (uint64_t)load32_be(p + 4);
}

static inline void store32_be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void store64_be(uint8_t *p, uint64_t v)
{
	store32_be(p, (uint32_t)(v >> 32));
	store32_be(p + 4, (uint32_t)v);
}

static inline uint32_t rotl32(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static inline uint64_t rotr64(uint64_t x, int n)
{
	return (x >> n) | (x << (64 - n));
}

static inline uint32_t rotr32(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

/* 0 when the n bytes at a and b are equal, -1 otherwise; the time taken does
 * not depend on the contents. */
static inline int crypto_ct_compare(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint32_t d = 0;
	for (size_t i = 0; i < n; i++)
		d |= (uint32_t)(a[i] ^ b[i]);
	/* (d - 1) >> 8 has bit 0 set exactly when d == 0. */
	return (int)(((d - 1) >> 8) & 1) - 1;
}

#endif
