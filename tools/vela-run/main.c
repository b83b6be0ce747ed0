/*
 * vela-run: load a VELA object, check it, and run it.
 *   vela-run [--interp] [--stats] [--max-steps N] [--mem BYTES] [--caps LIST]
 *            [--seed N] [--dump-x86] [--all-guards] [--unsafe (bench builds)]
 *            [--analysis vrc|local|none] [--env NAME=VALUE]... [--] FILE.vo [ARG...]
 * --analysis picks the pass that proves guards redundant in normal mode (default vrc).
 * Everything after FILE.vo is the program's argv[1..] (argv[0] = FILE.vo as
 * given); the environment is the one AetherOS's init gives the shell (PATH=/bin,
 * HOME=/) plus each --env. Both reach the program through the kernel's argument
 * block (lib/abi/argblock.h).
 * Exit status: the program's exit status; 128 + trap code after a trap;
 * 124 when --max-steps runs out; 2 for usage errors, rejected programs and
 * arguments that do not fit the sandbox.
 */
#include "abi/argblock.h"
#include "run.h"
#include "vela/vela.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum backend { BACKEND_NATIVE, BACKEND_INTERP };

static int (*const backends[])(struct vrun_prog *, const struct vrun_opts *) = {
    [BACKEND_NATIVE] = vrun_backend_native,
    [BACKEND_INTERP] = vrun_backend_interp,
};

static void usage(void)
{
	fprintf(stderr, "usage: vela-run [--interp] [--stats] [--max-steps N] [--mem BYTES] "
			"[--caps fs_read,fs_write,net,crypto,proc|all|none] [--seed N] "
			"[--dump-x86] [--all-guards] [--env NAME=VALUE]... [--] FILE.vo "
			"[ARG...]\n");
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!*s)
		return false;
	*out = strtoull(s, &end, 0);
	return *end == 0;
}

static bool parse_caps(const char *s, uint32_t *caps)
{
	*caps = 0;
	if (strcmp(s, "all") == 0) {
		*caps = VELA_CAPS_ALL;
		return true;
	}
	if (strcmp(s, "none") == 0)
		return true;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		int found = -1;
		for (int c = 0; c < VELA_CAP_COUNT; c++)
			if (strcasecmp(tok, vela_cap_name(c)) == 0)
				found = c;
		if (found < 0)
			return false;
		*caps |= 1u << found;
	}
	return true;
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* The environment AetherOS's init gives the shell, which the shell passes on
 * to the programs it starts (user/cmd/init.c: fallback_env). */
static const char *const default_env[] = {"PATH=/bin", "HOME=/"};

/* Adds or replaces NAME=VALUE in env; false if it is not of that form or env is full. */
static bool env_set(const char **env, int *envc, const char *entry)
{
	const char *eq = strchr(entry, '=');
	if (!eq || eq == entry)
		return false;
	size_t n = (size_t)(eq - entry) + 1;
	for (int i = 0; i < *envc; i++)
		if (strncmp(env[i], entry, n) == 0) {
			env[i] = entry;
			return true;
		}
	if (*envc == VRUN_MAX_ENV)
		return false;
	env[(*envc)++] = entry;
	return true;
}

/* Writes the argument block at the top of the loaded sandbox, as the kernel
 * does, and sets the entry registers. It may use half of the memory above the
 * data and bss, as the kernel allows half of the AELF stack. */
static bool write_args(struct vrun_prog *p, const char *path, int argc, const char *const *argv,
		       int envc, const char *const *envp)
{
	const struct vela_obj *ob = &p->obj;
	uint64_t used = ob->data_addr + ob->data_size;
	if (ob->bss_addr + ob->bss_size > used)
		used = ob->bss_addr + ob->bss_size;
	struct ae_argblock_layout l;
	if (ae_argblock_layout(argc, argv, envc, envp, p->mem_size, (p->mem_size - used) / 2, &l)) {
		fprintf(stderr,
			"vela-run: %s: error: arguments and environment do not fit: %d and %d "
			"strings (at most %d each), %llu bytes of strings (at most %d), block of "
			"%llu bytes in %llu bytes of memory\n",
			path, argc, envc, AE_ARGBLOCK_MAX_STRINGS, (unsigned long long)l.strings,
			AE_ARG_MAX, (unsigned long long)l.total, (unsigned long long)p->mem_size);
		return false;
	}
	uint64_t hdr[4];
	ae_argblock_write(p->mem, &l, argc, argv, envc, envp, hdr);
	p->entry_sp = l.hdr_at;
	p->entry_r3 = hdr[0];
	p->entry_r4 = hdr[1];
	p->entry_r5 = hdr[3];
	return true;
}

/* Load the object at path into p; prints the reason and returns false on error. */
static bool load(const char *path, const struct vrun_opts *o, uint8_t **file, struct vrun_prog *p)
{
	size_t len = 0;
	*file = read_file(path, &len);
	if (!*file) {
		fprintf(stderr, "vela-run: error: cannot read '%s'\n", path);
		return false;
	}
	const char *err = vela_obj_parse(*file, len, &p->obj);
	if (err) {
		fprintf(stderr, "vela-run: %s: error: %s\n", path, err);
		return false;
	}
	struct vela_verr verr;
	if (!vela_validate_caps(p->obj.code, p->obj.code_size, o->caps, &verr)) {
		fprintf(stderr, "vela-run: %s: rejected: %s\n", path, verr.msg);
		return false;
	}
	p->code = p->obj.code;
	p->code_len = p->obj.code_size;
	p->entry = p->obj.entry;
	p->mem_size = o->mem_size	? o->mem_size
		      : p->obj.mem_size ? p->obj.mem_size
					: VRUN_DEFAULT_MEM;
	if (p->mem_size & (p->mem_size - 1) || p->mem_size < 4096 || p->mem_size > (1ull << 32)) {
		fprintf(stderr,
			"vela-run: error: memory size must be a power of two, 4 KiB..4 GiB\n");
		return false;
	}
	const struct vela_obj *ob = &p->obj;
	if (ob->data_addr > p->mem_size || ob->data_size > p->mem_size - ob->data_addr ||
	    ob->bss_addr > p->mem_size || ob->bss_size > p->mem_size - ob->bss_addr) {
		fprintf(stderr,
			"vela-run: %s: error: data/bss do not fit in %llu bytes of memory\n", path,
			(unsigned long long)p->mem_size);
		return false;
	}
	p->mem = calloc(1, p->mem_size);
	p->targets_size = (p->code_len / 4 + 7) / 8 + 1;
	p->targets = calloc(1, p->targets_size);
	if (!p->mem || !p->targets) {
		fprintf(stderr, "vela-run: error: out of memory\n");
		return false;
	}
	if (ob->data_size)
		memcpy(p->mem + ob->data_addr, ob->data, ob->data_size);
	vela_obj_targets(ob, p->targets, p->targets_size);
	return true;
}

int main(int argc, char **argv)
{
	struct vrun_opts o = {.caps = VELA_CAPS_ALL};
	enum backend be = BACKEND_NATIVE;
	const char *path = NULL;
	const char *env[VRUN_MAX_ENV];
	int envc = 0;
	for (unsigned k = 0; k < sizeof(default_env) / sizeof(default_env[0]); k++)
		env[envc++] = default_env[k];
	int first_arg = argc; /* argv index of the program's argv[0] (FILE.vo) */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_val = i + 1 < argc;
		if (strcmp(a, "--interp") == 0) {
			be = BACKEND_INTERP;
		} else if (strcmp(a, "--dump-x86") == 0) {
			o.dump_x86 = true;
		} else if (strcmp(a, "--all-guards") == 0) {
			o.native_mode = 1;
		} else if (strcmp(a, "--unsafe") == 0) {
			o.native_mode = 2;
		} else if (strcmp(a, "--analysis") == 0 && has_val) {
			const char *v = argv[++i];
			if (strcmp(v, "vrc") == 0)
				o.analysis = 0;
			else if (strcmp(v, "local") == 0)
				o.analysis = 1;
			else if (strcmp(v, "none") == 0)
				o.analysis = 2;
			else
				return usage(), 2;
		} else if (strcmp(a, "--stats") == 0) {
			o.stats = true;
		} else if (strcmp(a, "--max-steps") == 0 && has_val) {
			if (!parse_u64(argv[++i], &o.max_steps))
				return usage(), 2;
		} else if (strcmp(a, "--mem") == 0 && has_val) {
			if (!parse_u64(argv[++i], &o.mem_size))
				return usage(), 2;
		} else if (strcmp(a, "--seed") == 0 && has_val) {
			if (!parse_u64(argv[++i], &o.seed))
				return usage(), 2;
			o.seed_set = true;
		} else if (strcmp(a, "--caps") == 0 && has_val) {
			if (!parse_caps(argv[++i], &o.caps)) {
				fprintf(stderr, "vela-run: unknown capability in '%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--env") == 0 && has_val) {
			if (!env_set(env, &envc, argv[++i])) {
				fprintf(stderr,
					"vela-run: --env '%s': expected NAME=VALUE (at most %d "
					"variables)\n",
					argv[i], VRUN_MAX_ENV);
				return 2;
			}
		} else if (strcmp(a, "--") == 0) {
			if (i + 1 < argc) {
				first_arg = i + 1;
				path = argv[first_arg];
			}
			break;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "vela-run: unknown option '%s'\n", a);
			usage();
			return 2;
		} else {
			/* the file: it and everything after it are the program's argv */
			first_arg = i;
			path = a;
			break;
		}
	}
	if (!path) {
		usage();
		return 2;
	}
	uint8_t *file = NULL;
	struct vrun_prog p;
	memset(&p, 0, sizeof(p));
	int status = 2;
	if (load(path, &o, &file, &p) &&
	    write_args(&p, path, argc - first_arg, (const char *const *)argv + first_arg, envc,
		       env))
		status = backends[be](&p, &o);
	free(p.mem);
	free(p.targets);
	free(file);
	return status;
}
