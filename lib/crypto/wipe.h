/* Wiping secrets from memory in a way the compiler cannot elide. */
#ifndef CRYPTO_WIPE_H
#define CRYPTO_WIPE_H

#include <stddef.h>

/* Zero len bytes at p. Unlike a plain memset before a buffer dies, this store
 * is never removed as dead by the optimiser. */
void crypto_wipe(void *p, size_t len);

#endif
