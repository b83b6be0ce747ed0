/*
 * vela-wasm: WebAssembly binary module -> VELA object (the format vela-as
 * writes), docs/vela-wasm.md.
 *
 *   vela-wasm [--strict | --sandbox] [--max-pages N] [--stack BYTES]
 *             [--invoke FILE] IN.wasm -o OUT.vo
 *
 * --stack BYTES is the VELA stack at the top of the sandbox (default 1 MiB):
 * a call whose frame would pass its bottom traps with BREAK 0x570a, call
 * stack exhausted (docs/vela-wasm.md, "Stack limit").
 *
 * --invoke FILE replaces the _start call with a driver for the spec-test
 * harness: each line "[!]HEXNAME [HEXARG...]" calls an exported function with
 * any number of arguments and prints every result (16 hex digits each) and
 * then 5e0000NN (its line number); a leading ! calls without printing.
 */
#include "wasm/module.h"
#include "wasm/wasm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		if (!k)
			break;
		n += k;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static bool parse_invokes(const char *path, struct wasm_invoke **out, uint32_t *n)
{
	size_t len;
	char *txt = (char *)slurp(path, &len);
	if (!txt)
		return false;
	txt = realloc(txt, len + 1);
	txt[len] = 0;
	uint32_t cap = 16, cnt = 0;
	struct wasm_invoke *iv = calloc(cap, sizeof *iv);
	char *save = NULL;
	for (char *line = strtok_r(txt, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (cnt == cap) {
			cap *= 2;
			iv = realloc(iv, cap * sizeof *iv);
		}
		struct wasm_invoke *v = &iv[cnt];
		memset(v, 0, sizeof *v);
		if (*line == '!') {
			v->silent = true;
			line++;
		}
		size_t ll = strlen(line);
		char *sp2 = NULL;
		char *tok = strtok_r(line, " ", &sp2);
		if (!tok)
			continue;
		/* any number of arguments: at most one per two characters */
		uint64_t *args = malloc((ll / 2 + 1) * sizeof *args);
		size_t hl = strlen(tok) / 2;
		uint8_t *nm = malloc(hl + 1);
		for (size_t i = 0; i < hl; i++)
			nm[i] = (uint8_t)(hexval(tok[2 * i]) << 4 | hexval(tok[2 * i + 1]));
		if (!strcmp(tok, "-"))
			hl = 0;
		v->name.p = nm;
		v->name.len = (uint32_t)hl;
		while ((tok = strtok_r(NULL, " ", &sp2)))
			args[v->nargs++] = strtoull(tok, NULL, 16);
		v->args = args;
		cnt++;
	}
	*out = iv;
	*n = cnt;
	return true;
}

static int usage(void)
{
	fprintf(stderr, "usage: vela-wasm [--strict|--sandbox] [--max-pages N] [--stack BYTES] "
			"[--invoke FILE] IN.wasm -o OUT.vo\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *in = NULL, *outp = NULL, *inv = NULL;
	struct wasm_opts o = {WASM_BOUNDS_STRICT, 256, 1u << 20, NULL, 0};
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			outp = argv[++i];
		else if (!strcmp(argv[i], "--strict"))
			o.mode = WASM_BOUNDS_STRICT;
		else if (!strcmp(argv[i], "--sandbox"))
			o.mode = WASM_BOUNDS_SANDBOX;
		else if (!strcmp(argv[i], "--max-pages") && i + 1 < argc)
			o.default_max_pages = (uint32_t)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--stack") && i + 1 < argc)
			o.stack_size = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--invoke") && i + 1 < argc)
			inv = argv[++i];
		else if (argv[i][0] == '-')
			return usage();
		else
			in = argv[i];
	}
	if (!in || !outp)
		return usage();
	if (o.stack_size < 4096 || o.stack_size > (1ull << 30)) {
		fprintf(stderr, "vela-wasm: --stack out of range\n");
		return 2;
	}
	size_t len;
	uint8_t *buf = slurp(in, &len);
	if (!buf) {
		fprintf(stderr, "vela-wasm: %s: %s\n", in, strerror(errno));
		return 2;
	}
	struct wasm_invoke *iv = NULL;
	if (inv) {
		if (!parse_invokes(inv, &iv, &o.ninvokes)) {
			fprintf(stderr, "vela-wasm: %s: %s\n", inv, strerror(errno));
			return 2;
		}
		o.invokes = iv;
	}
	struct wasm_arena a;
	a.cap = len * 160 + (64u << 20);
	a.base = malloc(a.cap);
	a.used = 0;
	if (!a.base) {
		fprintf(stderr, "vela-wasm: out of memory\n");
		return 2;
	}
	struct wasm_module m;
	struct wasm_err err;
	if (!wasm_read(buf, len, &a, &m, &err)) {
		fprintf(stderr, "vela-wasm: %s: %s\n", in, err.msg);
		return 1;
	}
	size_t cap = len * 128 + (1u << 20), olen = 0;
	uint8_t *out = malloc(cap);
	if (!wasm_lower(&m, &o, &a, out, cap, &olen, &err)) {
		fprintf(stderr, "vela-wasm: %s: %s\n", in, err.msg);
		return 1;
	}
	if (olen > cap) {
		fprintf(stderr, "vela-wasm: %s: object too large\n", in);
		return 1;
	}
	FILE *f = fopen(outp, "wb");
	if (!f || fwrite(out, 1, olen, f) != olen || fclose(f)) {
		fprintf(stderr, "vela-wasm: %s: %s\n", outp, strerror(errno));
		return 2;
	}
	return 0;
}
