/*
 * libFuzzer target: the IronVFS parsers behind the integrity checks. Built
 * with IVFS_FUZZ_UNSAFE_NO_INTEGRITY, so hashes and signatures are not
 * checked and the fuzzer's bytes reach the superblock, map, inode and
 * directory parsers directly (what a buggy key holder could sign). The input
 * patches a small valid image: records of [block u8][offset u16][len u8][data].
 * Then: mount, walk every directory, read every file, write, commit, remount.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ironvfs/testutil.h"
#include "mkironfs/ivfs_host.h"

#define BLOCKS	  48u
#define MAX_DEPTH 6

static uint8_t *template_img;
static struct ivfs_keys keys;

static void build_template(void)
{
	struct ivfs_memdev m;
	ivfs_memdev_init(&m, BLOCKS);
	struct ivfs_blockdev dev = ivfs_memdev_dev(&m);
	tu_keys(&keys, IVFS_KEY_DEVICE);
	static const uint8_t uuid[IVFS_UUID_LEN] = {0xf0};
	struct ivfs *fs;
	if (ivfs_format(&dev, &ivfs_host_env, &keys, uuid) ||
	    ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL))
		abort();
	uint32_t ino;
	static uint8_t data[5 * IVFS_BLOCK_SIZE];
	memset(data, 0x5a, sizeof(data));
	ivfs_mkdir(fs, "/d", 0755);
	ivfs_create(fs, "/d/f", 0644, &ino);
	ivfs_write(fs, ino, 0, data, sizeof(data));
	ivfs_create(fs, "/g", 0644, &ino);
	ivfs_write(fs, ino, 100, "x", 1);
	if (ivfs_commit(fs))
		abort();
	ivfs_unmount(fs);
	template_img = m.data;
}

static void walk(struct ivfs *fs, uint32_t dir, int depth)
{
	struct ivfs_dirent e;
	static uint8_t buf[8 * IVFS_BLOCK_SIZE];
	for (uint32_t i = 0; depth < MAX_DEPTH && ivfs_readdir(fs, dir, i, &e) == 1 && i < 64;
	     i++) {
		struct ivfs_stat st;
		ivfs_stat(fs, e.ino, &st);
		if (e.type == IVFS_T_DIR)
			walk(fs, e.ino, depth + 1);
		else
			ivfs_read(fs, e.ino, 0, buf, sizeof(buf));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	if (!template_img)
		build_template();
	struct ivfs_memdev m;
	ivfs_memdev_init(&m, BLOCKS);
	memcpy(m.data, template_img, (size_t)BLOCKS * IVFS_BLOCK_SIZE);
	for (size_t p = 0; p + 4 <= len;) {
		uint32_t blk = in[p] % BLOCKS;
		uint32_t off = (uint32_t)(in[p + 1] | in[p + 2] << 8) % IVFS_BLOCK_SIZE;
		size_t n = in[p + 3];
		p += 4;
		if (n > len - p)
			n = len - p;
		if (n > IVFS_BLOCK_SIZE - off)
			n = IVFS_BLOCK_SIZE - off;
		memcpy(m.data + (size_t)blk * IVFS_BLOCK_SIZE + off, in + p, n);
		p += n;
	}
	struct ivfs_blockdev dev = ivfs_memdev_dev(&m);
	struct ivfs *fs;
	if (ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL) == 0) {
		walk(fs, IVFS_ROOT_INO, 0);
		uint32_t ino;
		if (ivfs_create(fs, "/new", 0644, &ino) == 0)
			ivfs_write(fs, ino, 10, "fuzz", 4);
		ivfs_rename(fs, "/g", "/d/g");
		ivfs_unlink(fs, "/d/f");
		char path[64];
		uint32_t dino;
		int err;
		for (uint32_t i = 0; ivfs_damaged(fs, i, path, sizeof(path), &dino, &err) == 0; i++)
			;
		/* Committing signs (slow): only for half of the inputs. */
		int r = len && (in[0] & 1) ? ivfs_commit(fs) : -1;
		ivfs_unmount(fs);
		if (r == 0 && ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL) == 0) {
			walk(fs, IVFS_ROOT_INO, 0);
			ivfs_unmount(fs);
		}
	}
	ivfs_memdev_free(&m);
	return 0;
}
