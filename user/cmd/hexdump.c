/* hexdump [FILE...]: canonical hex + ASCII dump (as hexdump -C). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

static unsigned char row[16];
static size_t fill;
static unsigned long offset;
static unsigned char prev[16];
static bool have_prev, starred;

static void emit_row(void)
{
	if (fill == 16 && have_prev && memcmp(prev, row, 16) == 0) {
		if (!starred)
			printf("*\n");
		starred = true;
	} else {
		starred = false;
		printf("%08lx ", offset);
		for (size_t i = 0; i < 16; i++) {
			if (i == 8)
				printf(" ");
			if (i < fill)
				printf(" %02x", row[i]);
			else
				printf("   ");
		}
		printf("  |");
		for (size_t i = 0; i < fill; i++)
			putchar(row[i] >= 0x20 && row[i] < 0x7f ? row[i] : '.');
		printf("|\n");
	}
	memcpy(prev, row, 16);
	have_prev = fill == 16;
	offset += fill;
	fill = 0;
}

static int dump(int fd, const char *name)
{
	unsigned char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ul_err(name, errno);
		}
		if (n == 0)
			return 0;
		for (ssize_t i = 0; i < n; i++) {
			row[fill++] = buf[i];
			if (fill == 16)
				emit_row();
		}
	}
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int status = 0;
	if (argc < 2)
		status = dump(0, "-");
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			status |= ul_err(argv[i], errno);
			continue;
		}
		status |= dump(fd, argv[i]);
		close(fd);
	}
	if (fill)
		emit_row();
	if (offset || status == 0)
		printf("%08lx\n", offset);
	return status;
}
