/* Ed25519 (RFC 8032 5.1.5 key generation, 5.1.6 signing, 5.1.7 verification). */
#include "crypto/ed25519.h"

#include <string.h>

#include "crypto/ge25519.h"
#include "crypto/sc25519.h"
#include "crypto/sha512.h"
#include "crypto/wipe.h"

/* 5.1.5: h = SHA-512(seed); a = clamp(h[0..31]); prefix = h[32..63]. */
static void expand_seed(uint8_t az[64], const uint8_t seed[32])
{
	sha512(seed, 32, az);
	az[0] &= 248;
	az[31] &= 127;
	az[31] |= 64;
}

void ed25519_public_key(uint8_t pk[32], const uint8_t seed[32])
{
	uint8_t az[64];
	struct ge_p3 A;

	expand_seed(az, seed);
	ge_scalarmult_base(&A, az);
	ge_p3_tobytes(pk, &A);
	crypto_wipe(az, sizeof(az));
	crypto_wipe(&A, sizeof(A));
}

void ed25519_sign(uint8_t sig[64], const void *msg, size_t len, const uint8_t seed[32],
		  const uint8_t pk[32])
{
	uint8_t az[64], nonce[64], r[32], hram[64], k[32], pub[32];
	struct sha512_ctx h;
	struct ge_p3 A, R;

	(void)pk;
	expand_seed(az, seed);

	/* r = SHA-512(prefix || M) mod L */
	sha512_init(&h);
	sha512_update(&h, az + 32, 32);
	sha512_update(&h, msg, len);
	sha512_final(&h, nonce);
	sc_reduce512(r, nonce);

	/* A = [a]B (recomputed, see ed25519.h) and R = [r]B, encoded together. */
	ge_scalarmult_base(&A, az);
	ge_scalarmult_base(&R, r);
	ge_p3_tobytes_pair(pub, &A, sig, &R);

	/* k = SHA-512(R || A || M) mod L; S = (r + k a) mod L */
	sha512_init(&h);
	sha512_update(&h, sig, 32);
	sha512_update(&h, pub, 32);
	sha512_update(&h, msg, len);
	sha512_final(&h, hram);
	sc_reduce512(k, hram);
	sc_muladd(sig + 32, k, az, r);

	crypto_wipe(az, sizeof(az));
	crypto_wipe(nonce, sizeof(nonce));
	crypto_wipe(r, sizeof(r));
	crypto_wipe(&A, sizeof(A));
	crypto_wipe(&R, sizeof(R));
}

bool ed25519_verify(const uint8_t sig[64], const void *msg, size_t len, const uint8_t pk[32])
{
	uint8_t hram[64], k[32], check[32];
	struct sha512_ctx h;
	struct ge_p3 A, negA;
	struct ge_p2 R;

	/* S must be canonical: 0 <= S < L (rejects malleable S + nL). */
	if (!sc_is_canonical(sig + 32))
		return false;
	/* A must be a canonical encoding of a curve point outside the small subgroup. */
	if (ge_frombytes_vartime(&A, pk) != 0 || ge_has_small_order(&A))
		return false;

	sha512_init(&h);
	sha512_update(&h, sig, 32);
	sha512_update(&h, pk, 32);
	sha512_update(&h, msg, len);
	sha512_final(&h, hram);
	sc_reduce512(k, hram);

	/* R' = [S]B - [k]A, compared with R byte for byte: a non-canonical
	 * encoding of R can never match the canonical encoding of R'. */
	ge_p3_neg(&negA, &A);
	ge_double_scalarmult_vartime(&R, k, &negA, sig + 32);
	ge_p2_tobytes(check, &R);
	if (memcmp(check, sig, 32) != 0)
		return false;
	/* R of small order is rejected as well (8R' = identity). */
	return !ge_p2_has_small_order(&R);
}
