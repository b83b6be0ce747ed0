/*
 * Power-cut test. A workload runs once on a device that records every block
 * write and every flush. Then, for every cut point N (after the N-th write),
 * the disk is rebuilt as the device could have left it:
 *   - in order: everything up to write N,
 *   - dropped/reordered: the flushed prefix plus a random subset of the writes
 *     since the last flush, applied in random order (twice, different draws),
 *   - torn: everything before write N, and write N only partly (sector-wise).
 * Each disk must mount, be exactly the state of the last durable commit or of
 * the commit in flight, read back without any integrity error, and accept a
 * new commit (checked every few cuts).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ironvfs/testutil.h"
#include "mkironfs/ivfs_host.h"

#define DEV_BLOCKS 256u
/* The sanitizer build (host-ironvfs-crash) runs one short workload for memory
 * safety; the optimised build (ironvfs-crash) runs the full count. */
#ifdef AETHER_HOST_TEST
#define MIN_WRITES 220u /* per workload */
#define MIN_CUTS   800u
#define SEEDS	   1u
#else
#define MIN_WRITES 900u
#define MIN_CUTS   10000u
#define SEEDS	   3u
#endif
#define SECTOR		 512u
#define MAX_GENS	 4096u
#define RECOMMIT_EVERY	 29u
#define VARIANTS_PER_CUT 4u

struct trace_ent {
	uint64_t lba; /* UINT64_MAX: flush */
	uint64_t gen; /* generation being committed when issued */
	uint8_t *data;
};

struct recorder {
	struct ivfs_memdev mem;
	struct trace_ent *ent;
	size_t n, cap;
	uint64_t cur_gen;
};

static void rec_push(struct recorder *r, uint64_t lba, const void *data)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->ent = realloc(r->ent, r->cap * sizeof(*r->ent));
	}
	struct trace_ent *e = &r->ent[r->n++];
	e->lba = lba;
	e->gen = r->cur_gen;
	e->data = NULL;
	if (data) {
		e->data = malloc(IVFS_BLOCK_SIZE);
		memcpy(e->data, data, IVFS_BLOCK_SIZE);
	}
}

static int rec_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct recorder *r = ctx;
	struct ivfs_blockdev d = ivfs_memdev_dev(&r->mem);
	return d.read(d.ctx, lba, count, buf);
}

static int rec_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct recorder *r = ctx;
	for (uint32_t i = 0; i < count; i++)
		rec_push(r, lba + i, (const uint8_t *)buf + (size_t)i * IVFS_BLOCK_SIZE);
	struct ivfs_blockdev d = ivfs_memdev_dev(&r->mem);
	return d.write(d.ctx, lba, count, buf);
}

static int rec_flush(void *ctx)
{
	rec_push(ctx, UINT64_MAX, NULL);
	return 0;
}

/* The disk after a cut: a durable image plus an overlay of the blocks that
 * made it from the volatile cache. */
struct cutdev {
	const uint8_t *durable;
	uint64_t ov_lba[512];
	const uint8_t *ov_data[512];
	uint8_t torn[IVFS_BLOCK_SIZE];
	size_t nov;
};

static int cut_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct cutdev *c = ctx;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *src = c->durable + (lba + i) * IVFS_BLOCK_SIZE;
		for (size_t k = c->nov; k-- > 0;)
			if (c->ov_lba[k] == lba + i) {
				src = c->ov_data[k];
				break;
			}
		memcpy((uint8_t *)buf + (size_t)i * IVFS_BLOCK_SIZE, src, IVFS_BLOCK_SIZE);
	}
	return 0;
}

/* After-cut writes go to a private copy so the next cut starts clean. */
static uint8_t *scratch;
static int scratch_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	memcpy(buf, scratch + lba * IVFS_BLOCK_SIZE, (size_t)count * IVFS_BLOCK_SIZE);
	return 0;
}
static int scratch_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	memcpy(scratch + lba * IVFS_BLOCK_SIZE, buf, (size_t)count * IVFS_BLOCK_SIZE);
	return 0;
}
static int scratch_flush(void *ctx)
{
	return 0;
}

static void ov_add(struct cutdev *c, uint64_t lba, const uint8_t *data)
{
	assert_true(c->nov < 512);
	c->ov_lba[c->nov] = lba;
	c->ov_data[c->nov++] = data;
}

static const char *paths[] = {"/a", "/b", "/c", "/d/x", "/d/y", "/d/e/z", "/big"};
#define NPATHS (sizeof(paths) / sizeof(paths[0]))

/* One random operation; errors such as ENOENT are part of the game. */
static void random_op(struct ivfs *fs, uint64_t *rng, uint8_t *buf)
{
	uint32_t ino;
	const char *p = paths[tu_rand(rng) % NPATHS];
	switch (tu_rand(rng) % 10) {
	case 0:
		ivfs_mkdir(fs, "/d", 0755);
		ivfs_mkdir(fs, "/d/e", 0755);
		break;
	case 1:
		ivfs_unlink(fs, p);
		break;
	case 2:
		ivfs_rename(fs, p, paths[tu_rand(rng) % NPATHS]);
		break;
	case 3:
		if (ivfs_lookup(fs, p, &ino) == 0)
			ivfs_truncate(fs, ino, tu_rand(rng) % 20000);
		break;
	case 4:
		ivfs_rmdir(fs, "/d/e");
		break;
	default: {
		if (ivfs_lookup(fs, p, &ino) < 0 && ivfs_create(fs, p, 0644, &ino) < 0)
			break;
		size_t len = (size_t)(tu_rand(rng) % (3 * IVFS_BLOCK_SIZE)) + 1;
		uint64_t off = tu_rand(rng) % (5 * IVFS_BLOCK_SIZE);
		if (!strcmp(p, "/big")) /* grows past one map block (84 blocks) */
			len = 16 * IVFS_BLOCK_SIZE, off = tu_rand(rng) % (72 * IVFS_BLOCK_SIZE);
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)tu_rand(rng);
		ivfs_write(fs, ino, off, buf, len);
	}
	}
}

static unsigned long total_cuts, total_recommits;

static void run_workload(uint64_t seed)
{
	struct ivfs_keys keys;
	tu_keys(&keys, IVFS_KEY_DEVICE);
	static const uint8_t uuid[IVFS_UUID_LEN] = {9, 9, 9};
	struct recorder rec;
	memset(&rec, 0, sizeof(rec));
	assert_int_equal(ivfs_memdev_init(&rec.mem, DEV_BLOCKS), 0);
	struct ivfs_blockdev dev = {&rec, DEV_BLOCKS, rec_read, rec_write, rec_flush};
	assert_int_equal(ivfs_format(&dev, &ivfs_host_env, &keys, uuid), 0);
	size_t bytes = (size_t)DEV_BLOCKS * IVFS_BLOCK_SIZE;
	uint8_t *durable = malloc(bytes);
	memcpy(durable, rec.mem.data, bytes);
	for (size_t i = 0; i < rec.n; i++)
		free(rec.ent[i].data);
	rec.n = 0;

	/* Run the workload, keeping a snapshot of every committed generation. */
	char **snap = calloc(MAX_GENS, sizeof(char *));
	struct ivfs *fs;
	assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL), 0);
	assert_int_equal(tu_snapshot(fs, &snap[1]), 0);
	uint8_t *buf = malloc(16 * IVFS_BLOCK_SIZE);
	uint64_t rng = seed;
	size_t writes = 0;
	while (writes < MIN_WRITES) {
		unsigned ops = 1 + (unsigned)(tu_rand(&rng) % 4);
		for (unsigned i = 0; i < ops; i++)
			random_op(fs, &rng, buf);
		rec.cur_gen = ivfs_generation(fs) + 1;
		int r = ivfs_commit(fs);
		assert_true(r == 0 || r == -IVFS_ENOSPC);
		if (r == -IVFS_ENOSPC) { /* start over from what is on disk */
			ivfs_unmount(fs);
			assert_int_equal(ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL), 0);
			ivfs_unlink(fs, "/big");
			continue;
		}
		uint64_t g = ivfs_generation(fs);
		assert_true(g < MAX_GENS);
		if (!snap[g])
			assert_int_equal(tu_snapshot(fs, &snap[g]), 0);
		writes = 0;
		for (size_t i = 0; i < rec.n; i++)
			writes += rec.ent[i].lba != UINT64_MAX;
	}
	ivfs_unmount(fs);
	free(buf);

	/* Replay every cut point. */
	scratch = malloc(bytes);
	struct cutdev cut;
	uint64_t durable_gen = 1; /* generation whose superblock is durable */
	size_t last_flush = 0;	  /* trace index just after the last flush */
	size_t nwrite = 0;
	uint64_t crng = seed ^ 0x5bd1e995;
	for (size_t t = 0; t < rec.n; t++) {
		const struct trace_ent *e = &rec.ent[t];
		if (e->lba == UINT64_MAX) {
			for (size_t k = last_flush; k < t; k++) {
				const struct trace_ent *w = &rec.ent[k];
				memcpy(durable + w->lba * IVFS_BLOCK_SIZE, w->data,
				       IVFS_BLOCK_SIZE);
				if (w->lba < IVFS_FIRST_DATA)
					durable_gen = w->gen;
			}
			last_flush = t + 1;
			continue;
		}
		nwrite++;
		bool sb_in_flight = false;
		for (size_t k = last_flush; k <= t; k++)
			sb_in_flight |= rec.ent[k].lba < IVFS_FIRST_DATA;
		for (unsigned v = 0; v < VARIANTS_PER_CUT; v++) {
			cut.durable = durable;
			cut.nov = 0;
			size_t nvol = t + 1 - last_flush;
			if (v == 0) { /* in order */
				for (size_t k = last_flush; k <= t; k++)
					ov_add(&cut, rec.ent[k].lba, rec.ent[k].data);
			} else if (v == 3) { /* torn last write */
				for (size_t k = last_flush; k < t; k++)
					ov_add(&cut, rec.ent[k].lba, rec.ent[k].data);
				cut_read(&cut, e->lba, 1, cut.torn);
				size_t keep = (size_t)(1 + tu_rand(&crng) % 7) * SECTOR;
				memcpy(cut.torn, e->data, keep);
				ov_add(&cut, e->lba, cut.torn);
			} else { /* random subset, random order */
				size_t idx[512], m = 0;
				for (size_t k = last_flush; k <= t && m < 512; k++)
					if (tu_rand(&crng) & 1)
						idx[m++] = k;
				for (size_t k = m; k > 1; k--) {
					size_t j = (size_t)(tu_rand(&crng) % k);
					size_t tmp = idx[k - 1];
					idx[k - 1] = idx[j];
					idx[j] = tmp;
				}
				for (size_t k = 0; k < m; k++)
					ov_add(&cut, rec.ent[idx[k]].lba, rec.ent[idx[k]].data);
			}
			(void)nvol;
			struct ivfs_blockdev cd = {&cut, DEV_BLOCKS, cut_read, NULL, NULL};
			struct ivfs_trust trust = {.known = true, .generation = durable_gen};
			memcpy(trust.uuid, uuid, IVFS_UUID_LEN);
			struct ivfs_keys ro = keys;
			ro.sign_seed = NULL;
			int r = ivfs_mount(&fs, &cd, &ivfs_host_env, &ro, &trust);
			if (r != 0)
				fail_msg("seed %llu cut %zu variant %u: mount failed: %s",
					 (unsigned long long)seed, nwrite, v, ivfs_strerror(r));
			uint64_t g = ivfs_generation(fs);
			if (g != durable_gen && !(sb_in_flight && g == durable_gen + 1))
				fail_msg(
				    "seed %llu cut %zu variant %u: generation %llu, durable %llu",
				    (unsigned long long)seed, nwrite, v, (unsigned long long)g,
				    (unsigned long long)durable_gen);
			char *s;
			r = tu_snapshot(fs, &s);
			if (r != 0 || strcmp(s, snap[g]) != 0)
				fail_msg(
				    "seed %llu cut %zu variant %u: state differs from generation "
				    "%llu (%s)\n--- got\n%s--- want\n%s",
				    (unsigned long long)seed, nwrite, v, (unsigned long long)g,
				    ivfs_strerror(r), s, snap[g]);
			free(s);
			ivfs_unmount(fs);
			total_cuts++;
			if (total_cuts % RECOMMIT_EVERY == 0) {
				/* The recovered disk takes new commits and stays consistent. */
				cut_read(&cut, 0, DEV_BLOCKS, scratch);
				struct ivfs_blockdev sd = {NULL, DEV_BLOCKS, scratch_read,
							   scratch_write, scratch_flush};
				assert_int_equal(
				    ivfs_mount(&fs, &sd, &ivfs_host_env, &keys, &trust), 0);
				uint32_t ino;
				if (ivfs_lookup(fs, "/after", &ino) < 0)
					assert_int_equal(ivfs_create(fs, "/after", 0644, &ino), 0);
				assert_int_equal(ivfs_write(fs, ino, 0, "recovered", 9), 9);
				r = ivfs_commit(fs);
				assert_true(r == 0 || r == -IVFS_ENOSPC);
				char *before;
				if (r == 0) {
					assert_int_equal(tu_snapshot(fs, &before), 0);
					ivfs_unmount(fs);
					assert_int_equal(
					    ivfs_mount(&fs, &sd, &ivfs_host_env, &keys, &trust), 0);
					assert_int_equal(tu_snapshot(fs, &s), 0);
					assert_string_equal(s, before);
					free(s);
					free(before);
					total_recommits++;
				}
				ivfs_unmount(fs);
			}
		}
	}
	for (size_t i = 0; i < rec.n; i++)
		free(rec.ent[i].data);
	free(rec.ent);
	for (unsigned g = 0; g < MAX_GENS; g++)
		free(snap[g]);
	free(snap);
	free(scratch);
	free(durable);
	ivfs_memdev_free(&rec.mem);
	print_message("seed %llu: %zu writes, cumulative cut points %lu (recommits %lu)\n",
		      (unsigned long long)seed, nwrite, total_cuts, total_recommits);
}

static void test_cuts(void **state)
{
	static const uint64_t seeds[] = {0x1234567u, 0xfeedbeefu, 0xabcdef01u};
	for (unsigned i = 0; i < SEEDS; i++)
		run_workload(seeds[i]);
}

static void test_total_cut_points(void **state)
{
	print_message("total cut points: %lu, recovered disks re-committed: %lu\n", total_cuts,
		      total_recommits);
	assert_true(total_cuts >= MIN_CUTS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cuts),
	    cmocka_unit_test(test_total_cut_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
