/* Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493
 * (RFC 8032 5.1), internal to the Ed25519 code. Scalars are 32 bytes, little-endian. */
#ifndef CRYPTO_SC25519_H
#define CRYPTO_SC25519_H

#include <stdbool.h>
#include <stdint.h>

/* out = in mod L for a 64-byte little-endian in. Constant time. */
void sc_reduce512(uint8_t out[32], const uint8_t in[64]);
/* s = (a b + c) mod L, for a, b, c < 2^256 with a b + c < 2^512. Constant time. */
void sc_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32]);
/* s < L (the canonical range of the S half of a signature). */
bool sc_is_canonical(const uint8_t s[32]);

#endif
