#include "crypto/drbg.h"

#include <string.h>

#include "crypto/chacha20.h"
#include "crypto/sha256.h"
#include "crypto/wipe.h"

/* Largest output served under one key; larger requests rekey in between. */
#define DRBG_CHUNK 65536

static const char SEED_LABEL[] = "AetherOS drbg seed v1";
static const char RESEED_LABEL[] = "AetherOS drbg reseed v1";
static const uint8_t ZERO_NONCE[12];

int drbg_seed(struct drbg *d, const void *entropy, size_t len)
{
	struct sha256_ctx h;

	if (len < DRBG_MIN_SEED) {
		drbg_wipe(d);
		return -1;
	}
	sha256_init(&h);
	sha256_update(&h, SEED_LABEL, sizeof(SEED_LABEL));
	sha256_update(&h, entropy, len);
	sha256_final(&h, d->key);
	d->since_reseed = 0;
	d->seeded = true;
	return 0;
}

void drbg_reseed(struct drbg *d, const void *entropy, size_t len)
{
	struct sha256_ctx h;

	/* key' = SHA-256(label || key || entropy): fresh entropy can only add. */
	sha256_init(&h);
	sha256_update(&h, RESEED_LABEL, sizeof(RESEED_LABEL));
	sha256_update(&h, d->key, sizeof(d->key));
	sha256_update(&h, entropy, len);
	sha256_final(&h, d->key);
	d->since_reseed = 0;
}

int drbg_generate(struct drbg *d, void *out, size_t len)
{
	uint8_t *p = out;
	uint8_t block[64];

	if (!d->seeded) {
		if (len > 0)
			memset(out, 0, len);
		return -1;
	}
	if (len == 0)
		return 0;
	do {
		size_t n = len > DRBG_CHUNK ? DRBG_CHUNK : len;

		/* Block 0 yields the next key; blocks 1.. yield output. */
		chacha20_block(block, d->key, 0, ZERO_NONCE);
		memset(p, 0, n);
		chacha20_xor(p, p, n, d->key, 1, ZERO_NONCE);
		memcpy(d->key, block, 32);
		p += n;
		len -= n;
		d->since_reseed += n;
	} while (len > 0);
	crypto_wipe(block, sizeof(block));
	return 0;
}

bool drbg_needs_reseed(const struct drbg *d)
{
	return d->since_reseed >= DRBG_RESEED_INTERVAL;
}

void drbg_wipe(struct drbg *d)
{
	crypto_wipe(d, sizeof(*d));
}
