/* Monotonic time from the TSC, calibrated against the PIT at boot. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

void time_init(void);
uint64_t time_tsc_hz(void);
/* Nanoseconds since time_init. */
uint64_t time_now_ns(void);
/* Wall-clock time at boot (from the CMOS RTC), ns since the Unix epoch. */
uint64_t time_boot_epoch_ns(void);
/* Busy-waits (no scheduler needed). */
void time_delay_us(uint64_t us);

#endif
