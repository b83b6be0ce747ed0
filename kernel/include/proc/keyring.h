/*
 * The kernel's key ring: Ed25519 public keys compiled into the image, each
 * authorised for a set of capabilities. The kernel holds no secret signing key
 * for programs (docs/aelf.md). Keys are generated per build tree and embedded
 * by the build (build/gen/keyring_keys.h).
 */
#ifndef PROC_KEYRING_H
#define PROC_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "aelf/aelf.h"

struct keyring_key {
	const char *name;
	uint8_t public_key[32];
	uint32_t authorised_caps; /* mask of 1 << enum vela_cap */
};

/* The key whose id matches, or NULL. */
const struct keyring_key *keyring_find(const uint8_t id[AELF_KEY_ID_SIZE]);
size_t keyring_count(void);
const struct keyring_key *keyring_at(size_t i);

#endif
