/* caps PID...: the capabilities a process holds (from /proc/PID/status). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc < 2)
		return ul_usage("PID...");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		unsigned long pid;
		if (!ul_parse_uint(argv[i], &pid)) {
			status |= ul_errmsg("%s: not a process id", argv[i]);
			continue;
		}
		char path[64], *text, name[64] = "?", caps[128];
		snprintf(path, sizeof(path), "/proc/%lu/status", pid);
		long n = ul_read_file(path, &text);
		if (n < 0) {
			status |= ul_errmsg("%lu: %s", pid,
					    n == -ENOENT ? "no such process" : strerror((int)-n));
			continue;
		}
		ul_kv(text, "name", name, sizeof(name));
		if (!ul_kv(text, "caps", caps, sizeof(caps)))
			status |= ul_errmsg("%lu: no capability information", pid);
		else
			printf("%lu (%s): %s\n", pid, name, caps);
		free(text);
	}
	return status;
}
