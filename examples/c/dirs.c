/* dirs: list a directory with opendir/readdir (WASI fd_readdir on AetherOS
 * getdents). Long names overflow wasi-libc's 4 KiB dirent buffer, so the
 * listing also goes through cut records and restarts from a cookie;
 * rewinddir and seekdir/telldir restart it explicitly. The order of entries
 * is the file system's: what is printed is sorted or order-independent. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_NAME "dirs_test"
#define NLONG	 30
#define NSHORT	 5

static char names[64][256];
static int types[64];

static int cmp_index(const void *a, const void *b)
{
	return strcmp(names[*(const int *)a], names[*(const int *)b]);
}

/* read every entry but . and ..; returns the count */
static int read_all(DIR *d)
{
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == 64)
			break;
		snprintf(names[n], sizeof names[n], "%s", e->d_name);
		types[n] = e->d_type;
		n++;
	}
	return n;
}

static void long_name(char *out, size_t cap, int i)
{
	/* 24 + 176 bytes per record: 30 of them need 6000 bytes */
	snprintf(out, cap, "long_%02d_", i);
	size_t len = strlen(out);
	for (; len < 176 && len + 1 < cap; len++)
		out[len] = (char)('a' + (len + (size_t)i) % 26);
	out[len] = '\0';
}

static int make_file(const char *name, int i)
{
	char path[300];
	snprintf(path, sizeof path, DIR_NAME "/%s", name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	fprintf(f, "file %d\n", i);
	fclose(f);
	return 0;
}

int main(void)
{
	char name[256], path[300];
	if (mkdir(DIR_NAME, 0755) != 0) {
		perror("mkdir");
		return 1;
	}
	for (int i = 0; i < NSHORT; i++) {
		snprintf(name, sizeof name, "f%d.txt", NSHORT - 1 - i);
		if (make_file(name, i))
			return 1;
	}
	for (int i = 0; i < NLONG; i++) {
		long_name(name, sizeof name, i);
		if (make_file(name, i))
			return 1;
	}
	if (mkdir(DIR_NAME "/sub", 0755) != 0) {
		perror("mkdir sub");
		return 1;
	}

	DIR *d = opendir(DIR_NAME);
	if (!d) {
		perror("opendir");
		return 1;
	}
	int n = read_all(d);
	int order[64];
	for (int i = 0; i < n; i++)
		order[i] = i;
	qsort(order, (size_t)n, sizeof order[0], cmp_index);
	printf("%d entries\n", n);
	for (int i = 0; i < n; i++) {
		const char *nm = names[order[i]];
		printf("%c %.12s%s (%zu)\n", types[order[i]] == DT_DIR ? 'd' : '-', nm,
		       strlen(nm) > 12 ? "..." : "", strlen(nm));
	}

	/* rewinddir: the same entries again */
	rewinddir(d);
	printf("after rewinddir: %d entries\n", read_all(d));

	/* telldir/seekdir: the entry after a saved position comes back */
	rewinddir(d);
	for (int i = 0; i < 17; i++)
		readdir(d);
	long pos = telldir(d);
	struct dirent *e = readdir(d);
	snprintf(name, sizeof name, "%s", e ? e->d_name : "(end)");
	for (int i = 0; i < 9; i++)
		readdir(d);
	seekdir(d, pos);
	e = readdir(d);
	printf("seekdir returns to the same entry: %s\n",
	       e && !strcmp(e->d_name, name) ? "yes" : "no");
	closedir(d);

	/* remove everything; the directory is then empty and goes */
	int removed = 0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, DIR_NAME "/%s", names[i]);
		if ((types[i] == DT_DIR ? rmdir(path) : unlink(path)) == 0)
			removed++;
	}
	d = opendir(DIR_NAME);
	int left = d ? read_all(d) : -1;
	if (d)
		closedir(d);
	printf("removed %d, left %d\n", removed, left);
	int rc = rmdir(DIR_NAME);
	printf("rmdir: %d, gone: %d\n", rc, access(DIR_NAME, F_OK) != 0);
	return 0;
}
