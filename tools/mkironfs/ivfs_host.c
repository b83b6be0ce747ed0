/* Host glue for IronVFS: see ivfs_host.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/ed25519.h"
#include "mkironfs/ivfs_host.h"

static void *host_alloc(void *ctx, size_t size)
{
	return malloc(size);
}

static void host_free(void *ctx, void *p)
{
	free(p);
}

const struct ivfs_env ivfs_host_env = {NULL, host_alloc, host_free};

static int mem_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct ivfs_memdev *m = ctx;
	if (lba + count > m->nblocks)
		return -IVFS_EIO;
	memcpy(buf, m->data + lba * IVFS_BLOCK_SIZE, (size_t)count * IVFS_BLOCK_SIZE);
	m->reads += count;
	return 0;
}

static int mem_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct ivfs_memdev *m = ctx;
	if (lba + count > m->nblocks)
		return -IVFS_EIO;
	memcpy(m->data + lba * IVFS_BLOCK_SIZE, buf, (size_t)count * IVFS_BLOCK_SIZE);
	m->writes += count;
	return 0;
}

static int mem_flush(void *ctx)
{
	((struct ivfs_memdev *)ctx)->flushes++;
	return 0;
}

int ivfs_memdev_init(struct ivfs_memdev *m, uint64_t nblocks)
{
	memset(m, 0, sizeof(*m));
	m->data = calloc(nblocks, IVFS_BLOCK_SIZE);
	m->nblocks = nblocks;
	return m->data ? 0 : -IVFS_ENOMEM;
}

void ivfs_memdev_free(struct ivfs_memdev *m)
{
	free(m->data);
	m->data = NULL;
}

struct ivfs_blockdev ivfs_memdev_dev(struct ivfs_memdev *m)
{
	return (struct ivfs_blockdev){m, m->nblocks, mem_read, mem_write, mem_flush};
}

static int file_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct ivfs_filedev *f = ctx;
	size_t len = (size_t)count * IVFS_BLOCK_SIZE;
	ssize_t n = pread(f->fd, buf, len, (off_t)(lba * IVFS_BLOCK_SIZE));
	return n == (ssize_t)len ? 0 : -IVFS_EIO;
}

static int file_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct ivfs_filedev *f = ctx;
	size_t len = (size_t)count * IVFS_BLOCK_SIZE;
	ssize_t n = pwrite(f->fd, buf, len, (off_t)(lba * IVFS_BLOCK_SIZE));
	return n == (ssize_t)len ? 0 : -IVFS_EIO;
}

static int file_flush(void *ctx)
{
	return fdatasync(((struct ivfs_filedev *)ctx)->fd) == 0 ? 0 : -IVFS_EIO;
}

int ivfs_filedev_open(struct ivfs_filedev *f, const char *path, bool create, uint64_t nblocks)
{
	f->fd = open(path, create ? O_RDWR | O_CREAT | O_TRUNC : O_RDWR, 0644);
	if (f->fd < 0)
		return -IVFS_EIO;
	if (create && ftruncate(f->fd, (off_t)(nblocks * IVFS_BLOCK_SIZE)) < 0) {
		close(f->fd);
		return -IVFS_EIO;
	}
	struct stat st;
	if (fstat(f->fd, &st) < 0) {
		close(f->fd);
		return -IVFS_EIO;
	}
	f->nblocks = (uint64_t)st.st_size / IVFS_BLOCK_SIZE;
	return 0;
}

void ivfs_filedev_close(struct ivfs_filedev *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

struct ivfs_blockdev ivfs_filedev_dev(struct ivfs_filedev *f)
{
	return (struct ivfs_blockdev){f, f->nblocks, file_read, file_write, file_flush};
}

static int read_exact(const char *path, uint8_t *buf, size_t len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -IVFS_ENOENT;
	size_t n = fread(buf, 1, len, fp);
	int extra = fgetc(fp);
	fclose(fp);
	return (n == len && extra == EOF) ? 0 : -IVFS_EINVAL;
}

int ivfs_host_seed(const char *path, bool create, uint8_t seed[32])
{
	int r = read_exact(path, seed, 32);
	if (r != -IVFS_ENOENT || !create)
		return r;
	FILE *rnd = fopen("/dev/urandom", "rb");
	if (!rnd || fread(seed, 1, 32, rnd) != 32) {
		if (rnd)
			fclose(rnd);
		return -IVFS_EIO;
	}
	fclose(rnd);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || write(fd, seed, 32) != 32) {
		if (fd >= 0)
			close(fd);
		return -IVFS_EIO;
	}
	close(fd);
	return 0;
}

int ivfs_host_pubkey(const char *path, uint8_t pk[32])
{
	uint8_t seed[32];
	int r = read_exact(path, seed, 32);
	if (r < 0)
		return r;
	size_t len = strlen(path);
	if (len > 4 && !strcmp(path + len - 4, ".pub"))
		memcpy(pk, seed, 32);
	else
		ed25519_public_key(pk, seed);
	memset(seed, 0, sizeof(seed));
	return 0;
}

int ivfs_trust_load(const char *path, struct ivfs_trust *t)
{
	memset(t, 0, sizeof(*t));
	FILE *fp = fopen(path, "r");
	if (!fp)
		return errno == ENOENT ? 0 : -IVFS_EIO;
	char hex[2 * IVFS_UUID_LEN + 1];
	unsigned long long gen;
	int n = fscanf(fp, "%32s %llu", hex, &gen);
	fclose(fp);
	if (n != 2 || strlen(hex) != 2 * IVFS_UUID_LEN)
		return -IVFS_EINVAL;
	for (unsigned i = 0; i < IVFS_UUID_LEN; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -IVFS_EINVAL;
		t->uuid[i] = (uint8_t)v;
	}
	t->generation = gen;
	t->known = true;
	return 0;
}

int ivfs_trust_store(const char *path, const struct ivfs *fs)
{
	uint8_t uuid[IVFS_UUID_LEN];
	ivfs_uuid(fs, uuid);
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *fp = fopen(tmp, "w");
	if (!fp)
		return -IVFS_EIO;
	for (unsigned i = 0; i < IVFS_UUID_LEN; i++)
		fprintf(fp, "%02x", uuid[i]);
	fprintf(fp, " %llu\n", (unsigned long long)ivfs_generation(fs));
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		fclose(fp);
		return -IVFS_EIO;
	}
	fclose(fp);
	return rename(tmp, path) == 0 ? 0 : -IVFS_EIO;
}
