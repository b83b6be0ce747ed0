/*
 * Kernel randomness: crypto_random_bytes() (lib/crypto/random.h) for the kernel.
 * A ChaCha20 DRBG (lib/crypto/drbg.c) seeded at boot from RDSEED, else RDRAND,
 * plus TSC jitter samples; reseeded from the same sources every
 * DRBG_RESEED_INTERVAL bytes. Without RDRAND/RDSEED (e.g. plain qemu64 under
 * TCG) only timer jitter is available: we say so in the log, because that seed
 * is weak on a deterministic emulator.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch/cpu.h"
#include "crypto/drbg.h"
#include "crypto/random.h"
#include "crypto/wipe.h"
#include "kernel/init.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "platform/pit.h"

#define CPUID_FEAT_ECX_RDRAND (1u << 30) /* leaf 1 */
#define CPUID_EXT7_EBX_RDSEED (1u << 18) /* leaf 7, subleaf 0 */
#define HW_RETRIES	      32
#define JITTER_SAMPLES	      64
#define SEED_BYTES	      64

static struct drbg kernel_drbg;
static bool have_rdrand, have_rdseed;

static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < HW_RETRIES; i++) {
		uint8_t ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static bool rdseed64(uint64_t *v)
{
	for (int i = 0; i < HW_RETRIES; i++) {
		uint8_t ok;
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
		cpu_pause();
	}
	return false;
}

/* Timer jitter: TSC deltas around port I/O, whose latency varies. */
static void jitter_collect(uint64_t *out, int n)
{
	for (int i = 0; i < n; i++) {
		uint64_t t0 = rdtsc();
		pit_wait_ticks(1 + (uint16_t)(t0 & 7));
		out[i] = rdtsc() - t0 + (t0 << 32);
	}
}

/* Fills buf with hardware entropy words where available; returns how many came from hardware. */
static int hw_collect(uint64_t *buf, int n)
{
	int got = 0;
	for (int i = 0; i < n; i++) {
		uint64_t v = 0;
		if ((have_rdseed && rdseed64(&v)) || (have_rdrand && rdrand64(&v))) {
			buf[i] = v;
			got++;
		} else {
			buf[i] = rdtsc();
		}
	}
	return got;
}

static void random_reseed(void)
{
	/* A reseed takes fewer jitter samples than the boot seed: it only adds to it. */
	uint64_t pool[SEED_BYTES / 8 + JITTER_SAMPLES / 8];
	hw_collect(pool, SEED_BYTES / 8);
	jitter_collect(pool + SEED_BYTES / 8, JITTER_SAMPLES / 8);
	drbg_reseed(&kernel_drbg, pool, sizeof(pool));
	crypto_wipe(pool, sizeof(pool));
}

static void random_init(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	have_rdrand = c & CPUID_FEAT_ECX_RDRAND;
	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		have_rdseed = b & CPUID_EXT7_EBX_RDSEED;
	}
	uint64_t pool[SEED_BYTES / 8 + JITTER_SAMPLES];
	int hw = hw_collect(pool, SEED_BYTES / 8);
	jitter_collect(pool + SEED_BYTES / 8, JITTER_SAMPLES);
	drbg_seed(&kernel_drbg, pool, sizeof(pool));
	crypto_wipe(pool, sizeof(pool));
	if (hw)
		pr_info("random: seeded from %s and timer jitter\n",
			have_rdseed ? "RDSEED" : "RDRAND");
	else
		pr_warn("random: no RDSEED/RDRAND; seeded from timer jitter only (weak under "
			"emulation)\n");
}
INITCALL(INIT_PLATFORM, random_init);

int crypto_random_bytes(void *buf, size_t len)
{
	if (drbg_needs_reseed(&kernel_drbg))
		random_reseed();
	return drbg_generate(&kernel_drbg, buf, len);
}

KTEST(random, outputs_differ_and_are_not_constant)
{
	uint8_t a[64], b[64];
	if (crypto_random_bytes(a, sizeof(a)) || crypto_random_bytes(b, sizeof(b)))
		return ktest_fail("generator not seeded");
	if (memcmp(a, b, sizeof(a)) == 0)
		return ktest_fail("two requests returned the same bytes");
	/* Very rough sanity: 512 random bits have between 160 and 352 ones with overwhelming odds.
	 */
	int ones = 0;
	for (size_t i = 0; i < sizeof(a); i++)
		for (int bit = 0; bit < 8; bit++)
			ones += (a[i] >> bit) & 1;
	if (ones < 160 || ones > 352)
		return ktest_fail("%d ones in 512 bits", ones);
	return NULL;
}

KTEST(random, reseed_after_interval)
{
	uint8_t chunk[4096];
	uint64_t before = kernel_drbg.since_reseed;
	for (uint64_t done = 0; done < DRBG_RESEED_INTERVAL + sizeof(chunk); done += sizeof(chunk))
		crypto_random_bytes(chunk, sizeof(chunk));
	if (kernel_drbg.since_reseed >= before + DRBG_RESEED_INTERVAL)
		return ktest_fail("no reseed after %llu bytes",
				  (unsigned long long)DRBG_RESEED_INTERVAL);
	return NULL;
}
