/* Shared helpers for the IronVFS host tests. */
#ifndef TESTS_IRONVFS_TESTUTIL_H
#define TESTS_IRONVFS_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "ironvfs/ironvfs.h"

/* Fixed test keys: build key from seed 0x11.., device key from 0x22... */
void tu_keys(struct ivfs_keys *k, uint8_t sign_key_id);

/* Deterministic PRNG (xorshift64*). */
uint64_t tu_rand(uint64_t *state);

/* A snapshot of the whole tree: one sorted line per entry with path, type,
 * size and FNV-1a 64 of the content (a test oracle, not a security check). Returns 0 or the first
 * error met (reads that fail never contribute bytes). *out is malloc'ed. */
int tu_snapshot(struct ivfs *fs, char **out);

#endif
