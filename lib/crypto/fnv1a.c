/* FNV-1a: for each octet, hash = (hash XOR octet) * FNV_prime, modulo 2^64. */
#include "crypto/fnv1a.h"

uint64_t fnv1a64_update(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV1A64_PRIME;
	}
	return h;
}

uint64_t fnv1a64(const void *data, size_t len)
{
	return fnv1a64_update(FNV1A64_OFFSET_BASIS, data, len);
}
