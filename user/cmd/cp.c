/* cp SOURCE DEST, cp SOURCE... DIR: copy files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static bool is_dir(const char *p)
{
	struct ae_stat st;
	return ae_stat(p, &st) == 0 && (st.mode & AE_S_IFMT) == AE_S_IFDIR;
}

static int copy(const char *from, const char *to)
{
	char buf[AE_PATH_MAX];
	if (is_dir(from))
		return ul_errmsg("-r not specified; omitting directory '%s'", from);
	if (is_dir(to)) {
		const char *base = strrchr(from, '/');
		base = base ? base + 1 : from;
		if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", to, base) >= sizeof(buf))
			return ul_errmsg("cannot copy '%s': %s", from, strerror(ENAMETOOLONG));
		to = buf;
	}
	int in = open(from, O_RDONLY);
	if (in < 0)
		return ul_errmsg("cannot stat '%s': %s", from, strerror(errno));
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		int e = errno;
		close(in);
		return ul_errmsg("cannot create regular file '%s': %s", to, strerror(e));
	}
	static char data[16384];
	int status = 0;
	for (;;) {
		ssize_t n = read(in, data, sizeof(data));
		if (n < 0) {
			status = ul_err(from, errno);
			break;
		}
		if (n == 0)
			break;
		int rc = ul_write_all(out, data, (size_t)n);
		if (rc < 0) {
			status = ul_err(to, rc);
			break;
		}
	}
	close(in);
	if (close(out) < 0 && status == 0)
		status = ul_err(to, errno);
	return status;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc < 3)
		return ul_usage("SOURCE DEST | SOURCE... DIR");
	const char *dest = argv[argc - 1];
	if (argc > 3 && !is_dir(dest))
		return ul_errmsg("target '%s' is not a directory", dest);
	int status = 0;
	for (int i = 1; i < argc - 1; i++)
		status |= copy(argv[i], dest);
	return status;
}
