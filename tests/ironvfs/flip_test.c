/*
 * Bit-flip test: build an image, then flip one random bit at a time in a block
 * the current state uses (superblock, inode table, hash-tree maps, directory
 * and file data). After each flip the image must be refused at mount, or every
 * read must either fail (EBADMSG/EIO) or return exactly the original bytes,
 * and at least one read must fail: every flip detected, no wrong byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ironvfs/internal.h"
#include "ironvfs/testutil.h"
#include "mkironfs/ivfs_host.h"

#define FLIPS	   1000u
#define DEV_BLOCKS 512u
#define NFILES	   10u

enum cat { C_SUPER, C_ITABLE, C_ITMAP, C_MAP, C_DIR, C_DATA, C_COUNT };
static const char *cat_name[C_COUNT] = {"superblock", "inode table", "inode-table map",
					"file map",   "directory",   "file data"};

struct live {
	uint64_t lba;
	enum cat cat;
};

struct expect {
	char path[64];
	uint8_t *data;
	size_t len;
};

static const uint8_t uuid[IVFS_UUID_LEN] = {7, 7, 7};

static size_t collect(struct ivfs *fs, struct live *out)
{
	size_t n = 0;
	out[n++] = (struct live){ivfs_generation(fs) & 1, C_SUPER};
	for (uint32_t ino = 0; ino < fs->nnodes; ino++) {
		const struct ivfs_node *nd = &fs->nodes[ino];
		if (ino != IVFS_INODE_FILE && nd->d.type == IVFS_T_FREE)
			continue;
		for (uint64_t k = 0; k < nd->nmaps; k++)
			out[n++] = (struct live){nd->maps[k], ino ? C_MAP : C_ITMAP};
		for (uint64_t k = 0; k < nd->nleaves; k++)
			if (nd->leaves[k].lba)
				out[n++] = (struct live){nd->leaves[k].lba,
							 ino == 0		    ? C_ITABLE
							 : nd->d.type == IVFS_T_DIR ? C_DIR
										    : C_DATA};
	}
	return n;
}

static void test_flips(void **state)
{
	struct ivfs_memdev mem;
	assert_int_equal(ivfs_memdev_init(&mem, DEV_BLOCKS), 0);
	struct ivfs_blockdev dev = ivfs_memdev_dev(&mem);
	struct ivfs_keys keys;
	tu_keys(&keys, IVFS_KEY_BUILD);
	assert_int_equal(ivfs_format(&dev, &ivfs_host_env, &keys, uuid), 0);
	struct ivfs *fs;
	assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL), 0);
	assert_int_equal(ivfs_mkdir(fs, "/etc", 0755), 0);
	assert_int_equal(ivfs_mkdir(fs, "/etc/deep", 0755), 0);
	struct expect ex[NFILES];
	uint64_t rng = 42;
	for (unsigned i = 0; i < NFILES; i++) {
		snprintf(ex[i].path, sizeof(ex[i].path), "%s/file%u",
			 i % 3 == 0   ? ""
			 : i % 3 == 1 ? "/etc"
				      : "/etc/deep",
			 i);
		/* one file spans two map levels (> 84 blocks) */
		ex[i].len = i == 0 ? 90 * IVFS_BLOCK_SIZE + 17 : (size_t)(tu_rand(&rng) % 20000);
		ex[i].data = malloc(ex[i].len + 1);
		for (size_t k = 0; k < ex[i].len; k++)
			ex[i].data[k] = (uint8_t)tu_rand(&rng);
		uint32_t ino;
		assert_int_equal(ivfs_create(fs, ex[i].path, 0644, &ino), 0);
		assert_int_equal(ivfs_write(fs, ino, 0, ex[i].data, ex[i].len), (long)ex[i].len);
	}
	assert_int_equal(ivfs_commit(fs), 0);
	/* a second commit so that both superblock slots hold valid copies */
	keys.sign_key_id = IVFS_KEY_DEVICE;
	tu_keys(&keys, IVFS_KEY_DEVICE);
	ivfs_unmount(fs);
	assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL), 0);
	uint32_t ino;
	assert_int_equal(ivfs_create(fs, "/etc/runtime", 0644, &ino), 0);
	assert_int_equal(ivfs_write(fs, ino, 0, "device-signed", 13), 13);
	assert_int_equal(ivfs_commit(fs), 0);
	struct ivfs_trust trust = {.known = true, .generation = ivfs_generation(fs)};
	memcpy(trust.uuid, uuid, IVFS_UUID_LEN);
	struct live *live = malloc(DEV_BLOCKS * sizeof(*live));
	size_t nlive = collect(fs, live);
	ivfs_unmount(fs);

	unsigned per_cat[C_COUNT] = {0}, refused = 0, read_errors = 0, detected = 0;
	unsigned long good_reads = 0;
	uint8_t *got = malloc(100 * IVFS_BLOCK_SIZE);
	for (unsigned f = 0; f < FLIPS; f++) {
		/* the categories in turn, so the rare ones get their share */
		enum cat want = (enum cat)(f % C_COUNT);
		size_t pick, tries = 0;
		do
			pick = (size_t)(tu_rand(&rng) % nlive);
		while (live[pick].cat != want && ++tries < 100000);
		uint64_t bit = tu_rand(&rng) % (IVFS_BLOCK_SIZE * 8);
		if (live[pick].cat == C_SUPER) /* the record, not the zero tail */
			bit = tu_rand(&rng) % (sizeof(struct ivfs_super) * 8);
		uint8_t *byte = mem.data + live[pick].lba * IVFS_BLOCK_SIZE + bit / 8;
		*byte ^= (uint8_t)(1u << (bit % 8));
		per_cat[live[pick].cat]++;
		bool hit = false;
		int r = ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, &trust);
		if (r < 0) {
			hit = true;
			refused++;
		} else {
			for (unsigned i = 0; i < NFILES; i++) {
				long n = -1;
				if ((r = ivfs_lookup(fs, ex[i].path, &ino)) == 0)
					n = ivfs_read(fs, ino, 0, got, 100 * IVFS_BLOCK_SIZE);
				if (r < 0 || n < 0) {
					hit = true;
					read_errors++;
					continue;
				}
				if ((size_t)n != ex[i].len || memcmp(got, ex[i].data, ex[i].len))
					fail_msg(
					    "flip %u (%s block %llu bit %llu): %s read back WRONG "
					    "bytes",
					    f, cat_name[live[pick].cat],
					    (unsigned long long)live[pick].lba,
					    (unsigned long long)bit, ex[i].path);
				good_reads++;
			}
			if (ivfs_lookup(fs, "/etc/runtime", &ino) < 0 ||
			    ivfs_read(fs, ino, 0, got, 64) != 13 ||
			    memcmp(got, "device-signed", 13))
				hit = true;
			ivfs_unmount(fs);
		}
		if (!hit)
			fail_msg("flip %u (%s block %llu bit %llu) went unnoticed", f,
				 cat_name[live[pick].cat], (unsigned long long)live[pick].lba,
				 (unsigned long long)bit);
		detected++;
		*byte ^= (uint8_t)(1u << (bit % 8));
	}
	print_message("%u flips, %u detected (%u mount refused, %u read errors), %lu intact "
		      "reads, 0 wrong bytes\n",
		      FLIPS, detected, refused, read_errors, good_reads);
	for (int c = 0; c < C_COUNT; c++)
		print_message("  %-16s %u\n", cat_name[c], per_cat[c]);
	assert_int_equal(detected, FLIPS);
	/* the undamaged image still mounts */
	assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, &trust), 0);
	ivfs_unmount(fs);
	for (unsigned i = 0; i < NFILES; i++)
		free(ex[i].data);
	free(got);
	free(live);
	ivfs_memdev_free(&mem);
}

/* The standby superblock (previous generation) is not part of the current
 * state: damage there changes nothing, and is harmless. */
static void test_standby_slot_flip_harmless(void **state)
{
	struct ivfs_memdev mem;
	assert_int_equal(ivfs_memdev_init(&mem, 64), 0);
	struct ivfs_blockdev dev = ivfs_memdev_dev(&mem);
	struct ivfs_keys keys;
	tu_keys(&keys, IVFS_KEY_DEVICE);
	assert_int_equal(ivfs_format(&dev, &ivfs_host_env, &keys, uuid), 0);
	struct ivfs *fs;
	assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL), 0);
	assert_int_equal(ivfs_mkdir(fs, "/x", 0755), 0);
	assert_int_equal(ivfs_commit(fs), 0);
	uint64_t standby = (ivfs_generation(fs) + 1) & 1;
	ivfs_unmount(fs);
	mem.data[standby * IVFS_BLOCK_SIZE + 40] ^= 4;
	assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL), 0);
	uint32_t ino;
	assert_int_equal(ivfs_lookup(fs, "/x", &ino), 0);
	ivfs_unmount(fs);
	ivfs_memdev_free(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flips),
	    cmocka_unit_test(test_standby_slot_flip_harmless),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
