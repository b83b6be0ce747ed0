/* Shared helpers of the user programs (ulib.h). */
#include "ulib.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *ul_prog = "?";

void ul_init(int argc, char **argv)
{
	if (argc > 0 && argv[0] && argv[0][0]) {
		const char *s = strrchr(argv[0], '/');
		ul_prog = s ? s + 1 : argv[0];
		size_t n = strlen(ul_prog);
		static char name[64];
		/* build/userland/vo/cat.vo under vela-run names itself "cat" */
		const char *dot = strrchr(ul_prog, '.');
		if (dot && (strcmp(dot, ".vo") == 0 || strcmp(dot, ".aelf") == 0) &&
		    (size_t)(dot - ul_prog) < sizeof(name)) {
			n = (size_t)(dot - ul_prog);
			memcpy(name, ul_prog, n);
			name[n] = '\0';
			ul_prog = name;
		}
	}
}

int ul_err(const char *what, int err)
{
	if (err < 0)
		err = -err;
	fprintf(stderr, "%s: %s: %s\n", ul_prog, what, strerror(err));
	return 1;
}

int ul_errmsg(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", ul_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int ul_usage(const char *args)
{
	fprintf(stderr, "usage: %s %s\n", ul_prog, args);
	return 2;
}

int ul_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ul_puts(int fd, const char *s)
{
	return ul_write_all(fd, s, strlen(s));
}

long ul_read_fd(int fd, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			return -e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	return (long)len;
}

long ul_read_file(const char *path, char **out)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	long n = ul_read_fd(fd, out);
	close(fd);
	return n;
}

bool ul_parse_uint(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (~0ul - 9) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

void ul_lines_init(struct ul_lines *r, int fd)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
}

static int lines_append(struct ul_lines *r, size_t *len, const char *p, size_t n)
{
	if (*len + n + 1 > r->cap) {
		size_t nc = r->cap ? r->cap : 128;
		while (nc < *len + n + 1)
			nc *= 2;
		char *nl = realloc(r->line, nc);
		if (!nl)
			return -ENOMEM;
		r->line = nl;
		r->cap = nc;
	}
	memcpy(r->line + *len, p, n);
	*len += n;
	r->line[*len] = '\0';
	return 0;
}

int ul_lines_next(struct ul_lines *r, size_t *len)
{
	*len = 0;
	if (lines_append(r, len, "", 0) < 0)
		return -ENOMEM;
	for (;;) {
		if (r->start == r->end) {
			if (r->eof)
				return *len > 0 ? (r->had_newline = false, 1) : 0;
			ssize_t n = read(r->fd, r->buf, sizeof(r->buf));
			if (n < 0) {
				if (errno == EINTR)
					continue;
				return -errno;
			}
			r->start = 0;
			r->end = (size_t)n;
			if (n == 0)
				r->eof = true;
			continue;
		}
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		size_t take = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
		if (lines_append(r, len, r->buf + r->start, take) < 0)
			return -ENOMEM;
		r->start += take;
		if (nl) {
			r->start++;
			r->had_newline = true;
			return 1;
		}
	}
}

void ul_lines_free(struct ul_lines *r)
{
	free(r->line);
	r->line = NULL;
	r->cap = 0;
}

bool ul_tty_mode(bool raw)
{
	int fd = open("/dev/tty-mode", O_WRONLY);
	if (fd < 0)
		return false;
	const char *m = raw ? "raw" : "cooked";
	int rc = ul_write_all(fd, m, strlen(m));
	close(fd);
	return rc == 0;
}

bool ul_tty_ignore_interrupt(void)
{
	int fd = open("/dev/tty-mode", O_WRONLY);
	if (fd < 0)
		return false;
	int rc = ul_write_all(fd, "ignore-intr", 11);
	close(fd);
	return rc == 0;
}

bool ul_kv(const char *text, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > kl + 1 && strncmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t vl = len - (size_t)(v - p);
			if (vl >= cap)
				vl = cap - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return true;
		}
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* opendir/readdir: wasi-libc's are WASI fd_readdir, which vela-wasm lowers to
 * getdents (docs/vela-wasm.md), so both builds share this. */
int ul_list_dir(const char *path, ul_dir_fn fn, void *ctx)
{
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	struct dirent *e;
	int rc = 0;
	errno = 0;
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		rc = fn(ctx, e->d_name, e->d_type == DT_DIR ? AE_DT_DIR : AE_DT_REG);
		errno = 0;
	}
	if (rc == 0 && errno)
		rc = -errno; /* readdir failed (NULL with errno set) */
	closedir(d);
	return rc;
}
