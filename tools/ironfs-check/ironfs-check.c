/*
 * ironfs-check: verify every signature, hash and block of an IronVFS image
 * and name the file and block of each problem. Exit 0 when clean, 1 when
 * anything is wrong, 2 on usage errors.
 *
 *   ironfs-check -b BUILD_KEY -d DEVICE_KEY [-t TRUST_FILE] [--list] IMAGE
 * Keys are seed files or 32-byte .pub files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkironfs/ivfs_host.h"

static unsigned problems;

static void report(void *ctx, const char *path, uint32_t ino, int64_t block, const char *what)
{
	problems++;
	if (block >= 0)
		printf("CORRUPT %s (inode %u) block %lld: %s\n", path, ino, (long long)block, what);
	else
		printf("CORRUPT %s (inode %u): %s\n", path, ino, what);
}

/* --list: every file's data blocks as "path index lba" (for tests and forensics). */
static void list(struct ivfs *fs, uint32_t dir, const char *prefix, int depth)
{
	struct ivfs_dirent e;
	for (uint32_t i = 0; depth < 32 && ivfs_readdir(fs, dir, i, &e) == 1; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", prefix, e.name);
		if (e.type == IVFS_T_DIR) {
			printf("%s/ dir\n", path);
			list(fs, e.ino, path, depth + 1);
			continue;
		}
		uint64_t lba;
		for (uint64_t b = 0; ivfs_block_lba(fs, e.ino, b, &lba) == 0; b++)
			printf("%s %llu %llu\n", path, (unsigned long long)b,
			       (unsigned long long)lba);
	}
}

int main(int argc, char **argv)
{
	const char *bkey = NULL, *dkey = NULL, *trust_path = NULL, *image = NULL;
	int do_list = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-b") && i + 1 < argc)
			bkey = argv[++i];
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			dkey = argv[++i];
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			trust_path = argv[++i];
		else if (!strcmp(argv[i], "--list"))
			do_list = 1;
		else if (argv[i][0] != '-' && !image)
			image = argv[i];
		else
			image = NULL, i = argc;
	}
	if (!bkey || !dkey || !image) {
		fprintf(stderr, "usage: ironfs-check -b BUILD_KEY -d DEVICE_KEY [-t TRUST_FILE] "
				"[--list] IMAGE\n");
		return 2;
	}
	struct ivfs_keys keys;
	memset(&keys, 0, sizeof(keys));
	if (ivfs_host_pubkey(bkey, keys.pk[IVFS_KEY_BUILD]) < 0 ||
	    ivfs_host_pubkey(dkey, keys.pk[IVFS_KEY_DEVICE]) < 0) {
		fprintf(stderr, "ironfs-check: cannot read the keys\n");
		return 2;
	}
	struct ivfs_trust trust;
	if (trust_path && ivfs_trust_load(trust_path, &trust) < 0) {
		fprintf(stderr, "ironfs-check: bad trust file %s\n", trust_path);
		return 2;
	}
	struct ivfs_filedev fd;
	if (ivfs_filedev_open(&fd, image, false, 0) < 0) {
		fprintf(stderr, "ironfs-check: cannot open %s\n", image);
		return 2;
	}
	struct ivfs_blockdev dev = ivfs_filedev_dev(&fd);
	struct ivfs *fs;
	int r = ivfs_mount_report(&fs, &dev, &ivfs_host_env, &keys, trust_path ? &trust : NULL,
				  report, NULL);
	if (r < 0) {
		printf("ironfs-check: %s: mount refused: %s\n", image, ivfs_strerror(r));
		ivfs_filedev_close(&fd);
		return 1;
	}
	/* A broken standby superblock was reported; it is not part of the state. */
	unsigned standby = problems;
	problems = 0;
	if (do_list)
		list(fs, IVFS_ROOT_INO, "", 0);
	ivfs_verify_all(fs, report, NULL);
	printf("ironfs-check: %s: generation %llu, %u problem(s)%s\n", image,
	       (unsigned long long)ivfs_generation(fs), problems,
	       standby ? " (and a damaged standby superblock)" : "");
	ivfs_unmount(fs);
	ivfs_filedev_close(&fd);
	return problems ? 1 : 0;
}
