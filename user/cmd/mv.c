/* mv SOURCE DEST, mv SOURCE... DIR: rename files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ulib.h"

static bool is_dir(const char *p)
{
	struct ae_stat st;
	return ae_stat(p, &st) == 0 && (st.mode & AE_S_IFMT) == AE_S_IFDIR;
}

static int move(const char *from, const char *to)
{
	char buf[AE_PATH_MAX];
	if (is_dir(to)) {
		const char *base = strrchr(from, '/');
		base = base ? base + 1 : from;
		if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", to, base) >= sizeof(buf))
			return ul_errmsg("cannot move '%s': %s", from, strerror(ENAMETOOLONG));
		to = buf;
	}
	if (rename(from, to) < 0)
		return ul_errmsg("cannot move '%s' to '%s': %s", from, to, strerror(errno));
	return 0;
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
		status |= move(argv[i], dest);
	return status;
}
