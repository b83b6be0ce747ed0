/*
 * vela-as: assemble a VELA source file into a VELA object.
 *   vela-as [-o OUT] FILE.vs
 * Exit status: 0 success, 1 errors in the source, 2 usage or I/O problems.
 */
#include "as.h"

#include <stdlib.h>
#include <string.h>

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap >= (256u << 20)) {
			free(buf);
			buf = NULL;
			break;
		}
		char *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static void usage(void)
{
	fprintf(stderr, "usage: vela-as [-o OUTPUT] INPUT.vs\n");
}

int main(int argc, char **argv)
{
	const char *out = NULL, *in = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage();
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "vela-as: unknown option '%s'\n", argv[i]);
			usage();
			return 2;
		} else if (!in) {
			in = argv[i];
		} else {
			usage();
			return 2;
		}
	}
	if (!in) {
		usage();
		return 2;
	}
	char defout[4096];
	if (!out) {
		size_t l = strlen(in);
		if (l > 3 && strcmp(in + l - 3, ".vs") == 0 && l < sizeof(defout))
			snprintf(defout, sizeof(defout), "%.*s.vo", (int)(l - 3), in);
		else
			snprintf(defout, sizeof(defout), "a.vo");
		out = defout;
	}
	struct vas v;
	memset(&v, 0, sizeof(v));
	v.read_file = read_whole;
	v.diag = stderr;
	int errs = vas_assemble(&v, in);
	if (errs) {
		vas_free(&v);
		return 1;
	}
	FILE *f = fopen(out, "wb");
	if (!f || fwrite(v.obj, 1, v.obj_size, f) != v.obj_size || fclose(f) != 0) {
		fprintf(stderr, "vela-as: error: cannot write '%s'\n", out);
		vas_free(&v);
		return 2;
	}
	vas_free(&v);
	return 0;
}
