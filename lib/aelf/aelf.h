/*
 * AELF: the signed AetherOS executable (docs/aelf.md). An AELF file is a VELA
 * object (lib/vela/obj.h, docs/vela-object.md) under the magic "AELF", with two
 * more sections:
 *   CAPS  the capability set the program requests and its stack size;
 *   SIG   the signing key's id and an Ed25519 signature over every byte of the
 *         file before the signature section's body, which must end the file.
 * Parsing trusts nothing; verification needs the signer's public key.
 */
#ifndef AELF_AELF_H
#define AELF_AELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vela/obj.h"

#define AELF_MAGIC	 "AELF"
#define AELF_KEY_ID_SIZE 8

/* Optional section types (VELA_SEC_OPTIONAL set: plain object readers skip them). */
enum aelf_sec_type {
	AELF_SEC_CAPS = 0x8001,
	AELF_SEC_SIG = 0x8002,
};

#define AELF_CAPS_SIZE 16 /* u32 caps, u32 reserved (0), u64 stack_size */
#define AELF_SIG_SIZE  (AELF_KEY_ID_SIZE + 64)

/* Limits the loader enforces (docs/aelf.md). */
#define AELF_MIN_MEM_SIZE  (4u << 10)
#define AELF_MAX_MEM_SIZE  (1ull << 32)
#define AELF_MAX_CODE_SIZE (16u << 20)

struct aelf_image {
	struct vela_obj obj;
	uint32_t caps;	     /* mask of 1 << enum vela_cap */
	uint64_t stack_size; /* bytes at the top of the sandbox */
	const uint8_t *key_id;
	const uint8_t *signature;
	size_t signed_len; /* bytes [0, signed_len) are covered by the signature */
};

/* Structural parse of an AELF file; returns NULL or a static reason. */
const char *aelf_parse(const uint8_t *buf, size_t len, struct aelf_image *img);

/* True if the image's signature verifies under pk and the key id matches pk. */
bool aelf_verify(const struct aelf_image *img, const uint8_t pk[32]);

/* The key id of a public key: the first 8 bytes of SHA-256(pk). */
void aelf_key_id(const uint8_t pk[32], uint8_t id[AELF_KEY_ID_SIZE]);

/* True if the image carries the all-zero "unsigned" signature section. */
bool aelf_is_unsigned(const struct aelf_image *img);

/*
 * Builds an AELF from a VELA object (vobj, vlen). seed/pk sign it; with
 * seed == NULL the signature section is all zeros (an unsigned program, which
 * only a dev kernel's loud bypass will run). Returns the size needed; bytes
 * are written only when it fits in cap. On a malformed object returns 0 and
 * sets *err.
 */
struct aelf_build_opts {
	uint32_t caps;	     /* mask of 1 << enum vela_cap */
	uint64_t stack_size; /* bytes */
	uint64_t mem_size;   /* 0: keep the object's mem_size */
};

size_t aelf_build(const uint8_t *vobj, size_t vlen, const struct aelf_build_opts *opts,
		  const uint8_t *seed, const uint8_t *pk, uint8_t *out, size_t cap,
		  const char **err);

#endif
