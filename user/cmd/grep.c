/* grep [-inv] STRING [FILE...]: lines containing a fixed string. Exit 0 if a
 * line was selected, 1 if none, 2 on error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static bool opt_i, opt_n, opt_v;

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool contains(const char *line, size_t len, const char *pat, size_t plen)
{
	if (plen == 0)
		return true;
	for (size_t i = 0; i + plen <= len; i++) {
		size_t k = 0;
		if (opt_i)
			while (k < plen && lower(line[i + k]) == lower(pat[k]))
				k++;
		else
			while (k < plen && line[i + k] == pat[k])
				k++;
		if (k == plen)
			return true;
	}
	return false;
}

static int grep(int fd, const char *name, const char *pat, bool show_name, bool *found)
{
	struct ul_lines r;
	ul_lines_init(&r, fd);
	size_t len, plen = strlen(pat);
	unsigned long lineno = 0;
	int rc;
	while ((rc = ul_lines_next(&r, &len)) > 0) {
		lineno++;
		if (contains(r.line, len, pat, plen) == opt_v)
			continue;
		*found = true;
		if (show_name)
			printf("%s:", name);
		if (opt_n)
			printf("%lu:", lineno);
		fwrite(r.line, 1, len, stdout);
		fputc('\n', stdout);
	}
	ul_lines_free(&r);
	if (rc < 0) {
		ul_err(name, rc);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'i')
				opt_i = true;
			else if (*p == 'n')
				opt_n = true;
			else if (*p == 'v')
				opt_v = true;
			else
				return ul_usage("[-inv] STRING [FILE...]");
		}
	}
	if (i >= argc)
		return ul_usage("[-inv] STRING [FILE...]");
	const char *pat = argv[i++];
	bool found = false;
	int err = 0;
	if (i >= argc)
		err = grep(0, "(standard input)", pat, false, &found);
	for (int k = i; k < argc; k++) {
		int fd = strcmp(argv[k], "-") ? open(argv[k], O_RDONLY) : 0;
		if (fd < 0) {
			ul_err(argv[k], errno);
			err = 2;
			continue;
		}
		err |= grep(fd, argv[k], pat, argc - i > 1, &found);
		if (fd)
			close(fd);
	}
	return err ? 2 : found ? 0 : 1;
}
