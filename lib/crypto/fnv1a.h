/* FNV-1a, 64-bit (Fowler/Noll/Vo). A fast, NON-cryptographic hash: IronVFS
 * uses it to detect accidental corruption, never for security. */
#ifndef CRYPTO_FNV1A_H
#define CRYPTO_FNV1A_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A64_OFFSET_BASIS 0xcbf29ce484222325ULL
#define FNV1A64_PRIME	     0x00000100000001b3ULL

/* Hash len bytes. */
uint64_t fnv1a64(const void *data, size_t len);
/* Incremental form: start with h = FNV1A64_OFFSET_BASIS, feed pieces in order;
 * the result equals fnv1a64 over the concatenation. */
uint64_t fnv1a64_update(uint64_t h, const void *data, size_t len);

#endif
