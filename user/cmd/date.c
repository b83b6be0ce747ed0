/* date [-u] [+%s]: the current time (UTC: AetherOS keeps no time zone). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	bool epoch = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-u") == 0)
			continue;
		if (strcmp(argv[i], "+%s") == 0)
			epoch = true;
		else
			return ul_usage("[-u] [+%s]");
	}
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return ul_errmsg("cannot read the clock");
	if (epoch) {
		printf("%lld\n", (long long)ts.tv_sec);
		return 0;
	}
	time_t t = ts.tv_sec;
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[64];
	strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S UTC %Y", &tm);
	printf("%s\n", buf);
	return 0;
}
