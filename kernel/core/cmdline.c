/* Kernel command-line parsing. */
#include "kernel/cmdline.h"

#include <string.h>

#include "kernel/log.h"

#define CMDLINE_MAX_OPTS 32

/* Every option the kernel understands; anything else draws a warning. */
static const char *const known_keys[] = {
    "test",	/* run self-tests: all, SUITE[,SUITE...], canary-fail, canary-hang */
    "loglevel", /* 0..7: hide log messages above this level */
    "console",	/* reserved for console selection */
    "init",	/* program to start instead of the monitor/shell */
    "nosmp",	/* boot only the bootstrap processor */
    "bench",	/* run in-kernel benchmarks: mm */
    "nosmap",	/* leave SMAP off (hypervisors that cannot run STAC/CLAC) */
};

static char raw_copy[CMDLINE_MAX];
static char storage[CMDLINE_MAX];
static struct {
	const char *key;
	const char *value;
} opts[CMDLINE_MAX_OPTS];
static int opt_count;

static bool key_known(const char *key)
{
	for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++) {
		if (strcmp(known_keys[i], key) == 0)
			return true;
	}
	return false;
}

void cmdline_init(const char *raw)
{
	size_t n = raw ? strnlen(raw, CMDLINE_MAX - 1) : 0;
	memcpy(raw_copy, raw ? raw : "", n);
	raw_copy[n] = '\0';
	memcpy(storage, raw_copy, n + 1);
	opt_count = 0;

	char *p = storage;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		char *key = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		/* Multiboot1 loaders (QEMU, GRUB legacy) put the image path first. */
		if (key == storage && !strchr(key, '=') && strchr(key, '/'))
			continue;
		char *eq = strchr(key, '=');
		const char *value = "";
		if (eq) {
			*eq = '\0';
			value = eq + 1;
		}
		if (!key_known(key)) {
			pr_warn("cmdline: unknown option '%s' ignored\n", key);
			continue;
		}
		if (opt_count == CMDLINE_MAX_OPTS) {
			pr_warn("cmdline: too many options, '%s' ignored\n", key);
			continue;
		}
		opts[opt_count].key = key;
		opts[opt_count].value = value;
		opt_count++;
	}

	const char *lv = cmdline_get("loglevel");
	if (lv) {
		if (lv[0] >= '0' && lv[0] <= '7' && lv[1] == '\0')
			log_set_level(lv[0] - '0');
		else
			pr_warn("cmdline: loglevel='%s' is not 0..7, keeping %d\n", lv,
				log_get_level());
	}
}

const char *cmdline_get(const char *key)
{
	/* The last occurrence wins, as on Linux. */
	for (int i = opt_count - 1; i >= 0; i--) {
		if (strcmp(opts[i].key, key) == 0)
			return opts[i].value;
	}
	return NULL;
}

const char *cmdline_raw(void)
{
	return raw_copy;
}
