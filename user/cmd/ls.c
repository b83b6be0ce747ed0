/* ls [-la] [PATH...]: list directories. -l shows type and mode, size, the
 * IronVFS signature status (system, device, unsigned, DAMAGED) and the name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

static bool opt_l, opt_a;

struct names {
	char **v;
	size_t n, cap;
};

static int collect(void *ctx, const char *name, int type)
{
	(void)type;
	struct names *ns = ctx;
	if (!opt_a && name[0] == '.')
		return 0;
	if (ns->n == ns->cap) {
		size_t nc = ns->cap ? ns->cap * 2 : 32;
		char **nv = realloc(ns->v, nc * sizeof(char *));
		if (!nv)
			return -ENOMEM;
		ns->v = nv;
		ns->cap = nc;
	}
	ns->v[ns->n] = strdup(name);
	if (!ns->v[ns->n])
		return -ENOMEM;
	ns->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mode_text(uint32_t mode, char out[11])
{
	uint32_t t = mode & AE_S_IFMT;
	out[0] = t == AE_S_IFDIR ? 'd' : t == AE_S_IFCHR ? 'c' : t == AE_S_IFIFO ? 'p' : '-';
	static const char rwx[] = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		out[1 + i] = (mode & (0400u >> i)) ? rwx[i] : '-';
	out[10] = '\0';
}

static int show(const char *path, const char *name)
{
	if (!opt_l) {
		printf("%s\n", name);
		return 0;
	}
	struct ae_stat st;
	int rc = ae_stat(path, &st);
	if (rc < 0)
		return ul_errmsg("cannot access '%s': %s", path, strerror(-rc));
	char mode[11];
	mode_text(st.mode, mode);
	printf("%s %8llu %-8s %s%s\n", mode, (unsigned long long)st.size,
	       ul_integrity_name(st.integrity), name,
	       (st.mode & AE_S_IFMT) == AE_S_IFDIR ? "/" : "");
	return 0;
}

static int list(const char *path, bool header)
{
	struct ae_stat st;
	int rc = ae_stat(path, &st);
	if (rc < 0)
		return ul_errmsg("cannot access '%s': %s", path, strerror(-rc));
	if ((st.mode & AE_S_IFMT) != AE_S_IFDIR)
		return show(path, path);
	struct names ns = {NULL, 0, 0};
	rc = ul_list_dir(path, collect, &ns);
	int status = 0;
	if (rc < 0)
		status = ul_errmsg("cannot open directory '%s': %s", path, strerror(-rc));
	qsort(ns.v, ns.n, sizeof(char *), cmp_str);
	if (header)
		printf("%s:\n", path);
	for (size_t i = 0; i < ns.n; i++) {
		size_t len = strlen(path) + strlen(ns.v[i]) + 2;
		char *full = malloc(len);
		if (full) {
			snprintf(full, len, "%s%s%s", path,
				 path[strlen(path) - 1] == '/' ? "" : "/", ns.v[i]);
			status |= show(full, ns.v[i]);
		}
		free(full);
		free(ns.v[i]);
	}
	free(ns.v);
	return status;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				opt_l = true;
			else if (*p == 'a')
				opt_a = true;
			else
				return ul_usage("[-la] [PATH...]");
		}
	}
	if (i >= argc)
		return list(".", false);
	int status = 0;
	for (int k = i; k < argc; k++) {
		if (k > i && argc - i > 1)
			printf("\n");
		status |= list(argv[k], argc - i > 1);
	}
	return status;
}
