/* CMOS real-time clock (MC146818): read once at boot for the wall clock. */
#ifndef PLATFORM_RTC_H
#define PLATFORM_RTC_H

#include <stdbool.h>
#include <stdint.h>

#define CMOS_INDEX	 0x70
#define CMOS_DATA	 0x71
#define CMOS_NMI_DISABLE 0x80

#define RTC_SECONDS		 0x00
#define RTC_MINUTES		 0x02
#define RTC_HOURS		 0x04
#define RTC_DAY			 0x07
#define RTC_MONTH		 0x08
#define RTC_YEAR		 0x09
#define RTC_STATUS_A		 0x0A
#define RTC_STATUS_B		 0x0B
#define RTC_A_UPDATE_IN_PROGRESS 0x80
#define RTC_B_24_HOUR		 0x02
#define RTC_B_BINARY		 0x04
#define RTC_HOUR_PM		 0x80

/* Seconds since 1970-01-01 UTC read from the RTC (assumed to hold UTC). */
uint64_t rtc_read_epoch(void);
/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
