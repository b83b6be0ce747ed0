/* TSC-based clock: calibrated over 10 ms of PIT channel 2 (median of 3). */
#include "kernel/time.h"

#include "arch/cpu.h"
#include "kernel/log.h"
#include "platform/pit.h"
#include "platform/rtc.h"

#define CALIBRATION_MS	 10
#define CALIBRATION_RUNS 3
#define FALLBACK_TSC_HZ	 1000000000ull

static uint64_t tsc_hz = FALLBACK_TSC_HZ;
static uint64_t tsc_boot;
static uint64_t boot_epoch_ns;

void time_init(void)
{
	uint64_t samples[CALIBRATION_RUNS];
	uint16_t ticks = (uint16_t)(PIT_FREQUENCY_HZ * CALIBRATION_MS / 1000);
	for (int i = 0; i < CALIBRATION_RUNS; i++) {
		uint64_t t0 = rdtsc();
		pit_wait_ticks(ticks);
		samples[i] = (rdtsc() - t0) * (1000 / CALIBRATION_MS);
	}
	/* Median of three. */
	for (int i = 0; i < CALIBRATION_RUNS; i++) {
		for (int j = i + 1; j < CALIBRATION_RUNS; j++) {
			if (samples[j] < samples[i]) {
				uint64_t t = samples[i];
				samples[i] = samples[j];
				samples[j] = t;
			}
		}
	}
	if (samples[1] > 1000000)
		tsc_hz = samples[1];
	else
		pr_warn("time: TSC calibration failed, assuming 1 GHz\n");
	tsc_boot = rdtsc();
	boot_epoch_ns = rtc_read_epoch() * 1000000000ull;
	pr_info("time: TSC at %lu.%03lu MHz\n", tsc_hz / 1000000, (tsc_hz / 1000) % 1000);
}

uint64_t time_boot_epoch_ns(void)
{
	return boot_epoch_ns;
}

uint64_t time_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t time_now_ns(void)
{
	uint64_t d = rdtsc() - tsc_boot;
	/* Split to stay in 64 bits: (d % hz) * 1e9 fits while hz < 18 GHz. */
	return d / tsc_hz * 1000000000u + d % tsc_hz * 1000000000u / tsc_hz;
}

void time_delay_us(uint64_t us)
{
	uint64_t end = rdtsc() + us / 1000000u * tsc_hz + us % 1000000u * tsc_hz / 1000000u;
	while (rdtsc() < end)
		cpu_pause();
}
