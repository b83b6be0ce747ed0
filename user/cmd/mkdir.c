/* mkdir [-p] DIR...: create directories. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "ulib.h"

static int make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0755);
		int e = errno;
		*p = '/';
		if (rc < 0 && e != EEXIST)
			return ul_err(path, e);
	}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return ul_err(path, errno);
	return 0;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	bool parents = false;
	if (i < argc && strcmp(argv[i], "-p") == 0) {
		parents = true;
		i++;
	}
	if (i >= argc)
		return ul_usage("[-p] DIR...");
	int status = 0;
	for (; i < argc; i++) {
		if (parents)
			status |= make_parents(argv[i]);
		else if (mkdir(argv[i], 0755) < 0)
			status |=
			    ul_errmsg("cannot create directory '%s': %s", argv[i], strerror(errno));
	}
	return status;
}
