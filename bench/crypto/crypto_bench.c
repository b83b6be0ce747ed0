/* Crypto benchmark: lib/crypto beside libsodium in the same run.
 * Ed25519 key derivation, sign and verify in operations per second; SHA-512 and
 * ChaCha20-Poly1305 (encrypt, 16 KiB messages) in MB/s. Rounds of about 0.2 s
 * alternate between the two implementations, so both see the same machine
 * load, and each figure is the best of its rounds, to damp noise on a shared
 * machine. The ratio is ours / libsodium (higher is better for us). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/aead.h"
#include "crypto/ed25519.h"
#include "crypto/sha512.h"

#define ROUNDS	 7
#define ROUND_S	 0.2
#define BUF_SIZE 16384

static uint8_t seed[32], pk[32], sk[64], sig[64], msg[64];
static uint8_t buf[BUF_SIZE], digest[64], key[32], nonce[12], tag[16];
static volatile uint8_t sink;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Rate (operations per second) of fn over one round. */
static double measure_round(void (*fn)(void))
{
	long n = 0;
	double t0 = now(), t;

	do {
		for (int i = 0; i < 16; i++)
			fn();
		n += 16;
		t = now() - t0;
	} while (t < ROUND_S);
	return n / t;
}

static void our_sign(void)
{
	ed25519_sign(sig, msg, sizeof(msg), seed, pk);
}

static void na_sign(void)
{
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
}

static void our_keygen(void)
{
	seed[0]++;
	ed25519_public_key(pk, seed);
}

static void na_keygen(void)
{
	seed[0]++;
	crypto_sign_seed_keypair(pk, sk, seed);
}

static void our_verify(void)
{
	sink ^= (uint8_t)ed25519_verify(sig, msg, sizeof(msg), pk);
}

static void na_verify(void)
{
	sink ^= (uint8_t)crypto_sign_verify_detached(sig, msg, sizeof(msg), pk);
}

static void our_sha512(void)
{
	sha512(buf, sizeof(buf), digest);
}

static void na_sha512(void)
{
	crypto_hash_sha512(digest, buf, sizeof(buf));
}

static void our_aead(void)
{
	chacha20poly1305_encrypt(buf, tag, buf, sizeof(buf), NULL, 0, nonce, key);
}

static void na_aead(void)
{
	crypto_aead_chacha20poly1305_ietf_encrypt_detached(buf, tag, NULL, buf, sizeof(buf), NULL,
							   0, NULL, nonce, key);
}

static void row(const char *name, const char *unit, double scale, void (*ours)(void),
		void (*theirs)(void))
{
	double a = 0, b = 0;

	for (int r = 0; r < ROUNDS; r++) {
		double x = measure_round(ours) * scale, y = measure_round(theirs) * scale;
		a = x > a ? x : a;
		b = y > b ? y : b;
	}
	printf("%-26s %12.1f %12.1f %-6s %6.2f\n", name, a, b, unit, a / b);
	fflush(stdout);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	ed25519_public_key(pk, seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	ed25519_sign(sig, msg, sizeof(msg), seed, pk);

	printf("%-26s %12s %12s %-6s %6s\n", "operation", "aetheros", "libsodium", "unit", "ratio");
	row("ed25519 public key", "ops/s", 1, our_keygen, na_keygen);
	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	ed25519_public_key(pk, seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	row("ed25519 sign (64 B)", "ops/s", 1, our_sign, na_sign);
	row("ed25519 verify (64 B)", "ops/s", 1, our_verify, na_verify);
	row("sha512 (16 KiB)", "MB/s", BUF_SIZE / 1e6, our_sha512, na_sha512);
	row("chacha20-poly1305 (16 KiB)", "MB/s", BUF_SIZE / 1e6, our_aead, na_aead);
	printf("libsodium %s; ratio = aetheros / libsodium\n", sodium_version_string());
	return 0;
}
