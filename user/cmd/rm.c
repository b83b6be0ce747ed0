/* rm [-f] [-r] FILE...: remove files (and with -r, directories and their contents). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static bool force, recursive;

static int remove_path(const char *path);

struct names {
	const char *dir;
	char **v;
	size_t n, cap;
};

static int collect(void *ctx, const char *name, int type)
{
	(void)type;
	struct names *ns = ctx;
	if (ns->n == ns->cap) {
		size_t nc = ns->cap ? ns->cap * 2 : 16;
		char **nv = realloc(ns->v, nc * sizeof(char *));
		if (!nv)
			return -ENOMEM;
		ns->v = nv;
		ns->cap = nc;
	}
	size_t len = strlen(ns->dir) + strlen(name) + 2;
	char *p = malloc(len);
	if (!p)
		return -ENOMEM;
	snprintf(p, len, "%s/%s", ns->dir, name);
	ns->v[ns->n++] = p;
	return 0;
}

/* the names are collected first: removing while listing could skip entries */
static int remove_contents(const char *dir)
{
	struct names ns = {dir, NULL, 0, 0};
	int rc = ul_list_dir(dir, collect, &ns);
	if (rc < 0)
		ul_errmsg("cannot remove '%s': %s", dir, strerror(-rc));
	int status = rc < 0;
	for (size_t i = 0; i < ns.n; i++) {
		if (!status)
			status |= remove_path(ns.v[i]);
		free(ns.v[i]);
	}
	free(ns.v);
	return status;
}

static int remove_path(const char *path)
{
	struct ae_stat st;
	int rc = ae_stat(path, &st);
	if (rc < 0) {
		if (force && rc == -ENOENT)
			return 0;
		return ul_errmsg("cannot remove '%s': %s", path, strerror(-rc));
	}
	if ((st.mode & AE_S_IFMT) == AE_S_IFDIR) {
		if (!recursive)
			return ul_errmsg("cannot remove '%s': Is a directory", path);
		if (remove_contents(path))
			return 1;
		if (rmdir(path) < 0)
			return ul_errmsg("cannot remove '%s': %s", path, strerror(errno));
		return 0;
	}
	if (unlink(path) < 0)
		return ul_errmsg("cannot remove '%s': %s", path, strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'f')
				force = true;
			else if (*p == 'r' || *p == 'R')
				recursive = true;
			else
				return ul_usage("[-fr] FILE...");
		}
	}
	if (i >= argc)
		return force ? 0 : ul_usage("[-fr] FILE...");
	int status = 0;
	for (; i < argc; i++)
		status |= remove_path(argv[i]);
	return status;
}
