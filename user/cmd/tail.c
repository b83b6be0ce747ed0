/* tail [-n N] [FILE...]: the last N (10) lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static int tail(int fd, const char *name, unsigned long n)
{
	char *data;
	long len = ul_read_fd(fd, &data);
	if (len < 0)
		return ul_err(name, (int)len);
	long start = len;
	/* a final newline ends the last line; do not count it as a line break */
	long end = len > 0 && data[len - 1] == '\n' ? len - 1 : len;
	unsigned long seen = 0;
	start = 0;
	for (long p = end; p > 0; p--) {
		if (data[p - 1] == '\n' && ++seen == n) {
			start = p;
			break;
		}
	}
	if (n == 0)
		start = len;
	fwrite(data + start, 1, (size_t)(len - start), stdout);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	unsigned long n = 10;
	int i = 1;
	if (i < argc && strncmp(argv[i], "-n", 2) == 0) {
		const char *v = argv[i][2] ? argv[i] + 2 : (i + 1 < argc ? argv[++i] : NULL);
		if (!ul_parse_uint(v, &n))
			return ul_errmsg("invalid number of lines: '%s'", v ? v : "");
		i++;
	}
	if (i >= argc)
		return tail(0, "-", n);
	int status = 0;
	for (int k = i; k < argc; k++) {
		int fd = strcmp(argv[k], "-") ? open(argv[k], O_RDONLY) : 0;
		if (fd < 0) {
			status |= ul_err(argv[k], errno);
			continue;
		}
		if (argc - i > 1)
			printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
		status |= tail(fd, argv[k], n);
		if (fd)
			close(fd);
	}
	return status;
}
