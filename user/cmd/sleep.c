/* sleep SECONDS: wait (a decimal fraction is allowed: sleep 0.5). */
#include <time.h>

#include "ulib.h"

static bool parse_seconds(const char *s, struct timespec *ts)
{
	unsigned long sec = 0, frac = 0, scale = 1000000000;
	bool digits = false;
	for (; *s >= '0' && *s <= '9'; s++, digits = true) {
		if (sec > 100000000)
			return false;
		sec = sec * 10 + (unsigned long)(*s - '0');
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits = true) {
			scale /= 10;
			frac += (unsigned long)(*s - '0') * scale;
		}
	if (*s || !digits)
		return false;
	ts->tv_sec = (time_t)sec;
	ts->tv_nsec = (long)frac;
	return true;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	struct timespec ts;
	if (argc != 2)
		return ul_usage("SECONDS");
	if (!parse_seconds(argv[1], &ts))
		return ul_errmsg("invalid time interval '%s'", argv[1]);
	nanosleep(&ts, NULL);
	return 0;
}
