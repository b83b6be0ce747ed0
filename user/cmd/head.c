/* head [-n N] [FILE...]: the first N (10) lines. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static int head(int fd, const char *name, unsigned long n)
{
	struct ul_lines r;
	ul_lines_init(&r, fd);
	size_t len;
	int rc = 0;
	for (unsigned long i = 0; i < n; i++) {
		rc = ul_lines_next(&r, &len);
		if (rc <= 0)
			break;
		fwrite(r.line, 1, len, stdout);
		if (r.had_newline)
			fputc('\n', stdout);
	}
	ul_lines_free(&r);
	return rc < 0 ? ul_err(name, rc) : 0;
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
		return head(0, "-", n);
	int status = 0;
	for (int k = i; k < argc; k++) {
		int fd = strcmp(argv[k], "-") ? open(argv[k], O_RDONLY) : 0;
		if (fd < 0) {
			status |= ul_err(argv[k], errno);
			continue;
		}
		if (argc - i > 1)
			printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
		status |= head(fd, argv[k], n);
		if (fd)
			close(fd);
	}
	return status;
}
