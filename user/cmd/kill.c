/* kill [-SIGNAL] PID...: send a signal (TERM by default; INT, KILL, or a number). */
#include <string.h>

#include "ulib.h"

static int parse_signal(const char *s)
{
	static const struct {
		const char *name;
		int nr;
	} sigs[] = {{"INT", AE_SIGINT}, {"KILL", AE_SIGKILL}, {"TERM", AE_SIGTERM}};
	unsigned long n;
	if (ul_parse_uint(s, &n))
		return n == AE_SIGINT || n == AE_SIGKILL || n == AE_SIGTERM ? (int)n : -1;
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(s, sigs[i].name) == 0)
			return sigs[i].nr;
	return -1;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1, sig = AE_SIGTERM;
	if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		sig = parse_signal(argv[i] + 1);
		if (sig < 0)
			return ul_errmsg("%s: invalid signal specification", argv[i] + 1);
		i++;
	}
	if (i >= argc)
		return ul_usage("[-INT|-KILL|-TERM|-N] PID...");
	int status = 0;
	for (; i < argc; i++) {
		unsigned long pid;
		if (!ul_parse_uint(argv[i], &pid) || pid == 0 || pid > 1000000) {
			status |= ul_errmsg("%s: arguments must be process ids", argv[i]);
			continue;
		}
		int rc = ae_kill((int)pid, sig);
		if (rc < 0)
			status |= ul_errmsg("(%lu) - %s", pid, strerror(-rc));
	}
	return status;
}
