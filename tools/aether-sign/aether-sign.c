/* aether-sign: Ed25519 keys and detached signatures for AetherOS.
 *
 *   aether-sign keygen SECRET_FILE PUBLIC_FILE     32-byte seed + 32-byte public key (raw)
 *   aether-sign pubkey SECRET_FILE PUBLIC_FILE     public key from an existing seed
 *   aether-sign sign SECRET_FILE MESSAGE_FILE SIG_FILE        64-byte signature
 *   aether-sign verify PUBLIC_FILE MESSAGE_FILE SIG_FILE
 *
 * Exit status: 0 success (verify: valid), 1 verify: invalid signature,
 * 2 usage or I/O error, including a key or signature of the wrong length;
 * the reason goes to stderr. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/ed25519.h"
#include "crypto/random.h"
#include "crypto/wipe.h"

#define EXIT_INVALID 1
#define EXIT_ERROR   2

static void usage(void)
{
	fprintf(stderr, "usage: aether-sign keygen SECRET_FILE PUBLIC_FILE\n"
			"       aether-sign pubkey SECRET_FILE PUBLIC_FILE\n"
			"       aether-sign sign SECRET_FILE MESSAGE_FILE SIG_FILE\n"
			"       aether-sign verify PUBLIC_FILE MESSAGE_FILE SIG_FILE\n");
}

static void err(const char *fmt, ...)
{
	va_list ap;

	fputs("aether-sign: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Read the whole file into a malloc'ed buffer. Returns NULL (message printed)
 * on error. An empty file yields a non-NULL buffer and *len = 0. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		err("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *nbuf = realloc(buf, ncap);
			if (!nbuf) {
				err("%s: out of memory", path);
				goto fail;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			if (ferror(f)) {
				err("%s: read error: %s", path, strerror(errno));
				goto fail;
			}
			break;
		}
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	if (buf) {
		crypto_wipe(buf, cap);
		free(buf);
	}
	fclose(f);
	return NULL;
}

/* Read a file that must hold exactly n bytes (a key or a signature). */
static bool read_exact(const char *path, uint8_t *out, size_t n, const char *what)
{
	size_t len;
	uint8_t *buf = read_file(path, &len);

	if (!buf)
		return false;
	if (len != n) {
		err("%s: %s must be exactly %zu bytes, the file has %zu", path, what, n, len);
		crypto_wipe(buf, len);
		free(buf);
		return false;
	}
	memcpy(out, buf, n);
	crypto_wipe(buf, len);
	free(buf);
	return true;
}

/* Write n bytes to path (created with the given mode, truncated). */
static bool write_file(const char *path, const uint8_t *data, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	size_t done = 0;

	if (fd < 0) {
		err("%s: %s", path, strerror(errno));
		return false;
	}
	if (mode == 0600 && fchmod(fd, 0600) != 0) {
		err("%s: cannot restrict permissions: %s", path, strerror(errno));
		close(fd);
		return false;
	}
	while (done < n) {
		ssize_t w = write(fd, data + done, n - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			err("%s: write error: %s", path, strerror(errno));
			close(fd);
			return false;
		}
		done += (size_t)w;
	}
	if (close(fd) != 0) {
		err("%s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

static int cmd_keygen(const char *secret_path, const char *public_path)
{
	uint8_t seed[32], pk[32];
	int rc = EXIT_ERROR;

	if (crypto_random_bytes(seed, sizeof(seed)) != 0) {
		err("no secure randomness available");
		return EXIT_ERROR;
	}
	ed25519_public_key(pk, seed);
	if (write_file(secret_path, seed, sizeof(seed), 0600) &&
	    write_file(public_path, pk, sizeof(pk), 0644))
		rc = 0;
	crypto_wipe(seed, sizeof(seed));
	return rc;
}

static int cmd_pubkey(const char *secret_path, const char *public_path)
{
	uint8_t seed[32], pk[32];

	if (!read_exact(secret_path, seed, sizeof(seed), "a secret key (seed)"))
		return EXIT_ERROR;
	ed25519_public_key(pk, seed);
	crypto_wipe(seed, sizeof(seed));
	return write_file(public_path, pk, sizeof(pk), 0644) ? 0 : EXIT_ERROR;
}

static int cmd_sign(const char *secret_path, const char *msg_path, const char *sig_path)
{
	uint8_t seed[32], pk[32], sig[64];
	uint8_t *msg;
	size_t len;
	int rc;

	if (!read_exact(secret_path, seed, sizeof(seed), "a secret key (seed)"))
		return EXIT_ERROR;
	msg = read_file(msg_path, &len);
	if (!msg) {
		crypto_wipe(seed, sizeof(seed));
		return EXIT_ERROR;
	}
	ed25519_public_key(pk, seed);
	ed25519_sign(sig, msg, len, seed, pk);
	crypto_wipe(seed, sizeof(seed));
	free(msg);
	rc = write_file(sig_path, sig, sizeof(sig), 0644) ? 0 : EXIT_ERROR;
	return rc;
}

static int cmd_verify(const char *public_path, const char *msg_path, const char *sig_path)
{
	uint8_t pk[32], sig[64];
	uint8_t *msg;
	size_t len;
	bool ok;

	if (!read_exact(public_path, pk, sizeof(pk), "a public key") ||
	    !read_exact(sig_path, sig, sizeof(sig), "a signature"))
		return EXIT_ERROR;
	msg = read_file(msg_path, &len);
	if (!msg)
		return EXIT_ERROR;
	ok = ed25519_verify(sig, msg, len, pk);
	free(msg);
	if (!ok) {
		fprintf(stderr, "aether-sign: %s: signature INVALID for %s\n", sig_path, msg_path);
		return EXIT_INVALID;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
		return EXIT_ERROR;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "keygen") == 0 && argc == 4)
		return cmd_keygen(argv[2], argv[3]);
	if (strcmp(cmd, "pubkey") == 0 && argc == 4)
		return cmd_pubkey(argv[2], argv[3]);
	if (strcmp(cmd, "sign") == 0 && argc == 5)
		return cmd_sign(argv[2], argv[3], argv[4]);
	if (strcmp(cmd, "verify") == 0 && argc == 5)
		return cmd_verify(argv[2], argv[3], argv[4]);
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		usage();
		return 0;
	}
	err("bad command line");
	usage();
	return EXIT_ERROR;
}
