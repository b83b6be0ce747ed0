/* sha256sum [FILE...]: SHA-256 of files (lib/crypto/sha256.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto/sha256.h"
#include "ulib.h"

static int sum(int fd, const char *name)
{
	static unsigned char buf[16384];
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ul_err(name, errno);
		}
		if (n == 0)
			break;
		sha256_update(&ctx, buf, (size_t)n);
	}
	uint8_t h[32];
	sha256_final(&ctx, h);
	for (int i = 0; i < 32; i++)
		printf("%02x", h[i]);
	printf("  %s\n", name);
	return 0;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc < 2)
		return sum(0, "-");
	int status = 0;
	for (int i = 1; i < argc; i++) {
		int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
		if (fd < 0) {
			status |= ul_err(argv[i], errno);
			continue;
		}
		status |= sum(fd, argv[i]);
		if (fd)
			close(fd);
	}
	return status;
}
