/* A deterministic random bit generator from ChaCha20 with fast key erasure
 * (D. J. Bernstein, "Fast-key-erasure random-number generators", 2017): every
 * request first derives the next key from the keystream, then serves output
 * from the rest, then forgets the old key. A later compromise of the state
 * reveals nothing about earlier output.
 *
 * The caller supplies entropy: in the kernel, RDSEED/RDRAND output (when the
 * CPU has them) and timer jitter. Portable; no locking (the caller
 * serialises access, e.g. one instance per CPU or a lock around it). */
#ifndef CRYPTO_DRBG_H
#define CRYPTO_DRBG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Minimum entropy input, in bytes, accepted by drbg_seed. */
#define DRBG_MIN_SEED 32
/* Output bytes after which drbg_needs_reseed reports true. */
#define DRBG_RESEED_INTERVAL (1ULL << 20)

struct drbg {
	uint8_t key[32];       /* current ChaCha20 key; replaced on every request */
	uint64_t since_reseed; /* bytes produced since the last (re)seed */
	bool seeded;	       /* false until drbg_seed succeeded */
};

/* (Re)initialise from len bytes of entropy (len >= DRBG_MIN_SEED, else -1 and
 * the generator stays unseeded). The entropy is hashed into the key. */
int drbg_seed(struct drbg *d, const void *entropy, size_t len);

/* Mix further entropy into the key (any length, even small jitter samples). */
void drbg_reseed(struct drbg *d, const void *entropy, size_t len);

/* Fill out with len bytes. Returns 0, or -1 (out zeroed) when not seeded. */
int drbg_generate(struct drbg *d, void *out, size_t len);

/* True when DRBG_RESEED_INTERVAL bytes were produced since the last (re)seed. */
bool drbg_needs_reseed(const struct drbg *d);

/* Forget everything. */
void drbg_wipe(struct drbg *d);

#endif
