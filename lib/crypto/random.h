/* The randomness interface used by everything that needs secret random bytes
 * (key generation, nonces for XChaCha20-Poly1305, ASLR draws).
 *
 * Implemented once per environment: on the host by random_host.c (the
 * getrandom system call); in the kernel by a ChaCha20 DRBG (drbg.h) seeded
 * from RDSEED/RDRAND when the CPU has them plus timer jitter, and reseeded
 * periodically. */
#ifndef CRYPTO_RANDOM_H
#define CRYPTO_RANDOM_H

#include <stddef.h>

/* Fill buf with len cryptographically secure random bytes. Returns 0, or -1
 * when no secure randomness is available (the buffer is then zeroed, never
 * left partly filled with predictable data). */
int crypto_random_bytes(void *buf, size_t len);

#endif
