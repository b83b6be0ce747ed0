/* ps: the processes, from /proc/PID/status (state, parent, capabilities,
 * guards emitted and elided by the translator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

struct pids {
	int v[256];
	int n;
};

static int collect(void *ctx, const char *name, int type)
{
	struct pids *p = ctx;
	unsigned long pid;
	if (type == AE_DT_DIR && ul_parse_uint(name, &pid) && p->n < 256)
		p->v[p->n++] = (int)pid;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc > 1)
		return ul_usage("");
	struct pids pids = {.n = 0};
	int rc = ul_list_dir("/proc", collect, &pids);
	if (rc < 0)
		return ul_err("/proc", rc);
	qsort(pids.v, (size_t)pids.n, sizeof(int), cmp_int);
	printf("%5s %5s %-8s %-28s %8s %8s %s\n", "PID", "PPID", "STATE", "CAPS", "GUARDS",
	       "ELIDED", "NAME");
	for (int i = 0; i < pids.n; i++) {
		char path[64], *text;
		snprintf(path, sizeof(path), "/proc/%d/status", pids.v[i]);
		if (ul_read_file(path, &text) < 0)
			continue; /* ended since the listing */
		char name[64] = "?", state[16] = "?", ppid[16] = "?", caps[64] = "?", em[24] = "?",
		     el[24] = "?";
		ul_kv(text, "name", name, sizeof(name));
		ul_kv(text, "state", state, sizeof(state));
		ul_kv(text, "ppid", ppid, sizeof(ppid));
		ul_kv(text, "caps", caps, sizeof(caps));
		ul_kv(text, "guards_emitted", em, sizeof(em));
		ul_kv(text, "guards_elided", el, sizeof(el));
		printf("%5d %5s %-8s %-28s %8s %8s %s\n", pids.v[i], ppid, state, caps, em, el,
		       name);
		free(text);
	}
	return 0;
}
