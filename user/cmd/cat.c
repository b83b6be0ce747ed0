/* cat [FILE...]: copy files (or standard input, also for "-") to standard output. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static char buf[16384];

static int copy(int fd, const char *name)
{
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ul_err(name, errno);
		}
		if (n == 0)
			return 0;
		int rc = ul_write_all(1, buf, (size_t)n);
		if (rc < 0)
			return ul_err("write error", rc);
	}
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc < 2)
		return copy(0, "-");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			status |= copy(0, "-");
			continue;
		}
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			status |= ul_err(argv[i], errno);
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status;
}
