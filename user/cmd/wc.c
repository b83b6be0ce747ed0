/* wc [-lwc] [FILE...]: count lines, words and bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

struct counts {
	unsigned long lines, words, bytes;
};

static bool show_l, show_w, show_c;

static int count(int fd, const char *name, struct counts *c)
{
	static char buf[16384];
	bool inword = false;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ul_err(name, errno);
		}
		if (n == 0)
			return 0;
		c->bytes += (unsigned long)n;
		for (ssize_t i = 0; i < n; i++) {
			char ch = buf[i];
			bool space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' ||
				     ch == '\v' || ch == '\f';
			if (ch == '\n')
				c->lines++;
			if (!space && !inword)
				c->words++;
			inword = !space;
		}
	}
}

static void print(const struct counts *c, const char *name)
{
	const char *sep = "";
	if (show_l) {
		printf("%7lu", c->lines);
		sep = " ";
	}
	if (show_w) {
		printf("%s%7lu", sep, c->words);
		sep = " ";
	}
	if (show_c)
		printf("%s%7lu", sep, c->bytes);
	printf("%s%s\n", name ? " " : "", name ? name : "");
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				show_l = true;
			else if (*p == 'w')
				show_w = true;
			else if (*p == 'c')
				show_c = true;
			else
				return ul_usage("[-lwc] [FILE...]");
		}
	}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = true;
	struct counts total = {0, 0, 0};
	int status = 0, files = argc > i ? argc - i : 0;
	if (files == 0) {
		status = count(0, "-", &total);
		print(&total, NULL);
		return status;
	}
	for (; i < argc; i++) {
		struct counts c = {0, 0, 0};
		int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
		if (fd < 0) {
			status |= ul_err(argv[i], errno);
			continue;
		}
		int rc = count(fd, argv[i], &c);
		if (fd)
			close(fd);
		status |= rc;
		if (rc)
			continue;
		print(&c, argv[i]);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (files > 1)
		print(&total, "total");
	return status;
}
