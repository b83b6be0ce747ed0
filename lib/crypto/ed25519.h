/* Ed25519 signatures (RFC 8032, section 5.1), PureEdDSA over edwards25519.
 * Keys are the 32-byte seed (the RFC's "private key") and the 32-byte
 * encoded public key; signatures are 64 bytes (R | S). Verification rules are
 * written down in docs/crypto.md. */
#ifndef CRYPTO_ED25519_H
#define CRYPTO_ED25519_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_SIZE	32
#define ED25519_PUBLIC_KEY_SIZE 32
#define ED25519_SIGNATURE_SIZE	64

/* pk = encoding of [a]B for the clamped scalar a from SHA-512(seed). */
void ed25519_public_key(uint8_t pk[32], const uint8_t seed[32]);

/* Deterministic signature of msg. The public key is recomputed from the seed
 * and that value is what is hashed, so a wrong pk can never turn the signer
 * into an oracle for the secret scalar; pk is accepted for API symmetry. */
void ed25519_sign(uint8_t sig[64], const void *msg, size_t len, const uint8_t seed[32],
		  const uint8_t pk[32]);

/* True when sig is a valid signature of msg under pk (strict rules: canonical
 * S < L, canonical A and R, A and R not of small order, cofactorless check). */
bool ed25519_verify(const uint8_t sig[64], const void *msg, size_t len, const uint8_t pk[32]);

#endif
