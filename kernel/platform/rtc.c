/* CMOS RTC read (registers per the MC146818 data sheet). */
#include "platform/rtc.h"

#include "arch/io.h"

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, CMOS_NMI_DISABLE | reg);
	return inb(CMOS_DATA);
}

static unsigned bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 15u);
}

int64_t rtc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Shift the year to start in March so the leap day is last. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

uint64_t rtc_read_epoch(void)
{
	uint8_t s, mi, h, d, mo, y, s2;
	/* Read twice until equal, never during an update. */
	do {
		for (int i = 0; i < 100000 && (cmos_read(RTC_STATUS_A) & RTC_A_UPDATE_IN_PROGRESS);
		     i++)
			;
		s = cmos_read(RTC_SECONDS);
		mi = cmos_read(RTC_MINUTES);
		h = cmos_read(RTC_HOURS);
		d = cmos_read(RTC_DAY);
		mo = cmos_read(RTC_MONTH);
		y = cmos_read(RTC_YEAR);
		s2 = cmos_read(RTC_SECONDS);
	} while (s != s2);
	uint8_t b = cmos_read(RTC_STATUS_B);
	bool pm = h & RTC_HOUR_PM;
	h &= (uint8_t)~RTC_HOUR_PM;
	unsigned sec = s, min = mi, hour = h, day = d, mon = mo, year = y;
	if (!(b & RTC_B_BINARY)) {
		sec = bcd(s);
		min = bcd(mi);
		hour = bcd(h);
		day = bcd(d);
		mon = bcd(mo);
		year = bcd(y);
	}
	if (!(b & RTC_B_24_HOUR) && pm)
		hour = (hour % 12) + 12;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
		return 0;
	int64_t days = rtc_days_from_civil(2000 + year, mon, day);
	return (uint64_t)(days * 86400 + hour * 3600 + min * 60 + sec);
}
