/*
 * IronVFS benchmark (make bench): sequential verified write and read through
 * lib/ironvfs next to the raw block device in the same run, and the mount time
 * of a 64 MiB image. The device is an image file (page cache warm for both).
 *   ironvfs-bench IMAGE_PATH
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ironvfs/testutil.h"
#include "mkironfs/ivfs_host.h"

#define IMAGE_MIB 64u
#define FILE_MIB  32u
#define CHUNK	  (1u << 20)
#define SMALL	  200u
#define REPEAT	  3

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, int r)
{
	fprintf(stderr, "ironvfs-bench: %s: %s\n", what, ivfs_strerror(r));
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ironvfs-bench IMAGE_PATH\n");
		return 2;
	}
	uint64_t nblocks = (uint64_t)IMAGE_MIB * 1024 * 1024 / IVFS_BLOCK_SIZE;
	struct ivfs_filedev fd;
	if (ivfs_filedev_open(&fd, argv[1], true, nblocks) < 0)
		die("open", -IVFS_EIO);
	struct ivfs_blockdev dev = ivfs_filedev_dev(&fd);
	uint8_t *buf = malloc(CHUNK);
	uint64_t rng = 99;
	for (size_t i = 0; i < CHUNK; i++)
		buf[i] = (uint8_t)tu_rand(&rng);
	uint32_t per = CHUNK / IVFS_BLOCK_SIZE;
	double best_rw = 1e9, best_rr = 1e9, best_vw = 1e9, best_vr = 1e9, best_mount = 1e9;

	for (int rep = 0; rep < REPEAT; rep++) {
		/* raw: FILE_MIB sequentially, blocks 1024.., flush at the end */
		double t0 = now();
		for (uint32_t c = 0; c < FILE_MIB; c++)
			if (dev.write(dev.ctx, 1024 + (uint64_t)c * per, per, buf) < 0)
				die("raw write", -IVFS_EIO);
		dev.flush(dev.ctx);
		double t1 = now();
		for (uint32_t c = 0; c < FILE_MIB; c++)
			if (dev.read(dev.ctx, 1024 + (uint64_t)c * per, per, buf) < 0)
				die("raw read", -IVFS_EIO);
		double t2 = now();
		best_rw = t1 - t0 < best_rw ? t1 - t0 : best_rw;
		best_rr = t2 - t1 < best_rr ? t2 - t1 : best_rr;

		/* verified: format, write a FILE_MIB file + SMALL small files, commit */
		struct ivfs_keys keys;
		tu_keys(&keys, IVFS_KEY_DEVICE);
		static const uint8_t uuid[IVFS_UUID_LEN] = {0xbe, 0x4c};
		int r = ivfs_format(&dev, &ivfs_host_env, &keys, uuid);
		struct ivfs *fs;
		if (r == 0)
			r = ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL);
		if (r < 0)
			die("format/mount", r);
		uint32_t ino;
		t0 = now();
		if ((r = ivfs_create(fs, "/big", 0644, &ino)) < 0)
			die("create", r);
		for (uint32_t c = 0; c < FILE_MIB; c++)
			if (ivfs_write(fs, ino, (uint64_t)c * CHUNK, buf, CHUNK) != CHUNK)
				die("write", -IVFS_EIO);
		if ((r = ivfs_commit(fs)) < 0)
			die("commit", r);
		t1 = now();
		best_vw = t1 - t0 < best_vw ? t1 - t0 : best_vw;
		for (unsigned i = 0; i < SMALL; i++) {
			char p[32];
			snprintf(p, sizeof(p), "/small%u", i);
			uint32_t s;
			if (ivfs_create(fs, p, 0644, &s) < 0 ||
			    ivfs_write(fs, s, 0, buf, 8192 + i * 100) < 0)
				die("small", -IVFS_EIO);
		}
		if ((r = ivfs_commit(fs)) < 0)
			die("commit", r);
		ivfs_unmount(fs);

		/* mount (reads and checks the superblock, inode table, every tree) */
		t0 = now();
		if ((r = ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL)) < 0)
			die("mount", r);
		t1 = now();
		best_mount = t1 - t0 < best_mount ? t1 - t0 : best_mount;
		if ((r = ivfs_lookup(fs, "/big", &ino)) < 0)
			die("lookup", r);
		t0 = now();
		for (uint32_t c = 0; c < FILE_MIB; c++)
			if (ivfs_read(fs, ino, (uint64_t)c * CHUNK, buf, CHUNK) != CHUNK)
				die("read", -IVFS_EBADMSG);
		t1 = now();
		best_vr = t1 - t0 < best_vr ? t1 - t0 : best_vr;
		ivfs_unmount(fs);
	}
	double mb = FILE_MIB * 1.048576;
	printf("IronVFS host benchmark: %u MiB sequential, 1 MiB requests, image file %s (%u MiB), "
	       "best of %d\n",
	       FILE_MIB, argv[1], IMAGE_MIB, REPEAT);
	printf("  raw device   write %8.1f MB/s   read %8.1f MB/s\n", mb / best_rw, mb / best_rr);
	printf("  IronVFS      write %8.1f MB/s   read %8.1f MB/s   (verified read = %.0f%% of "
	       "raw)\n",
	       mb / best_vw, mb / best_vr, 100.0 * best_rr / best_vr);
	printf("  mount of the %u MiB image (%u files, %u MiB used): %.2f ms\n", IMAGE_MIB,
	       SMALL + 1, FILE_MIB + 2, best_mount * 1e3);
	free(buf);
	ivfs_filedev_close(&fd);
	return 0;
}
