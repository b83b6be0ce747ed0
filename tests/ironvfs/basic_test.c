/* IronVFS host unit tests: operations, persistence, signatures, replay. */
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

#define DEV_BLOCKS 1024u

struct rig {
	struct ivfs_memdev mem;
	struct ivfs_blockdev dev;
	struct ivfs_keys keys;
	struct ivfs *fs;
};

static const uint8_t uuid[IVFS_UUID_LEN] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static void rig_up(struct rig *r)
{
	assert_int_equal(ivfs_memdev_init(&r->mem, DEV_BLOCKS), 0);
	r->dev = ivfs_memdev_dev(&r->mem);
	tu_keys(&r->keys, IVFS_KEY_DEVICE);
	assert_int_equal(ivfs_format(&r->dev, &ivfs_host_env, &r->keys, uuid), 0);
	assert_int_equal(ivfs_mount(&r->fs, &r->dev, &ivfs_host_env, &r->keys, NULL), 0);
}

static void remount(struct rig *r)
{
	ivfs_unmount(r->fs);
	assert_int_equal(ivfs_mount(&r->fs, &r->dev, &ivfs_host_env, &r->keys, NULL), 0);
}

static void rig_down(struct rig *r)
{
	ivfs_unmount(r->fs);
	ivfs_memdev_free(&r->mem);
}

static void fill(uint8_t *b, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)tu_rand(&seed);
}

static void test_format_mount_empty(void **state)
{
	struct rig r;
	rig_up(&r);
	assert_int_equal(ivfs_generation(r.fs), 1);
	struct ivfs_dirent e;
	assert_int_equal(ivfs_readdir(r.fs, IVFS_ROOT_INO, 0, &e), 0);
	rig_down(&r);
}

static void test_write_read_persist(void **state)
{
	struct rig r;
	rig_up(&r);
	size_t sizes[] = {0, 1, 4095, 4096, 4097, 100000, 84 * 4096 + 5};
	uint8_t *buf = malloc(400000), *got = malloc(400000);
	char path[32];
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t ino;
		snprintf(path, sizeof(path), "/f%u", i);
		assert_int_equal(ivfs_create(r.fs, path, 0644, &ino), 0);
		fill(buf, sizes[i], i + 1);
		assert_int_equal(ivfs_write(r.fs, ino, 0, buf, sizes[i]), (long)sizes[i]);
	}
	assert_int_equal(ivfs_commit(r.fs), 0);
	remount(&r);
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t ino;
		snprintf(path, sizeof(path), "/f%u", i);
		assert_int_equal(ivfs_lookup(r.fs, path, &ino), 0);
		fill(buf, sizes[i], i + 1);
		assert_int_equal(ivfs_read(r.fs, ino, 0, got, 400000), (long)sizes[i]);
		assert_memory_equal(buf, got, sizes[i]);
		struct ivfs_stat st;
		assert_int_equal(ivfs_stat(r.fs, ino, &st), 0);
		assert_int_equal(st.size, sizes[i]);
		assert_int_equal(st.key_id, IVFS_KEY_DEVICE);
	}
	free(buf);
	free(got);
	rig_down(&r);
}

static void test_overwrite_truncate_holes(void **state)
{
	struct rig r;
	rig_up(&r);
	uint32_t ino;
	uint8_t a[10000], b[10000], model[40000];
	memset(model, 0, sizeof(model));
	fill(a, sizeof(a), 7);
	assert_int_equal(ivfs_create(r.fs, "/x", 0644, &ino), 0);
	assert_int_equal(ivfs_write(r.fs, ino, 0, a, sizeof(a)), (long)sizeof(a));
	memcpy(model, a, sizeof(a));
	assert_int_equal(ivfs_commit(r.fs), 0);
	fill(b, sizeof(b), 8);
	assert_int_equal(ivfs_write(r.fs, ino, 3000, b, 5000), 5000);
	memcpy(model + 3000, b, 5000);
	assert_int_equal(ivfs_truncate(r.fs, ino, 6001), 0);
	memset(model + 6001, 0, sizeof(model) - 6001);
	assert_int_equal(ivfs_write(r.fs, ino, 30000, b, 100), 100); /* hole in between */
	memcpy(model + 30000, b, 100);
	assert_int_equal(ivfs_commit(r.fs), 0);
	remount(&r);
	uint8_t got[40000];
	assert_int_equal(ivfs_read(r.fs, ino, 0, got, sizeof(got)), 30100);
	assert_memory_equal(got, model, 30100);
	assert_int_equal(ivfs_read(r.fs, ino, 6000, got, 3), 3);
	assert_memory_equal(got, model + 6000, 3);
	rig_down(&r);
}

static void test_namespace(void **state)
{
	struct rig r;
	rig_up(&r);
	uint32_t ino;
	assert_int_equal(ivfs_mkdir(r.fs, "/d", 0755), 0);
	assert_int_equal(ivfs_mkdir(r.fs, "/d/e", 0755), 0);
	assert_int_equal(ivfs_create(r.fs, "/d/e/f", 0644, &ino), 0);
	assert_int_equal(ivfs_write(r.fs, ino, 0, "hello", 5), 5);
	assert_int_equal(ivfs_create(r.fs, "/d/e/f", 0644, NULL), -IVFS_EEXIST);
	assert_int_equal(ivfs_rmdir(r.fs, "/d"), -IVFS_ENOTEMPTY);
	assert_int_equal(ivfs_unlink(r.fs, "/d"), -IVFS_EISDIR);
	assert_int_equal(ivfs_rename(r.fs, "/d", "/d/e/g"), -IVFS_EINVAL);
	assert_int_equal(ivfs_lookup(r.fs, "/d/e/f/x", &ino), -IVFS_ENOTDIR);
	assert_int_equal(ivfs_rename(r.fs, "/d/e/f", "/top"), 0);
	assert_int_equal(ivfs_commit(r.fs), 0);
	remount(&r);
	assert_int_equal(ivfs_lookup(r.fs, "/d/e/f", &ino), -IVFS_ENOENT);
	assert_int_equal(ivfs_lookup(r.fs, "/top", &ino), 0);
	char buf[8];
	assert_int_equal(ivfs_read(r.fs, ino, 0, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	char path[64];
	uint32_t dino;
	int err;
	assert_int_equal(ivfs_damage_count(r.fs), 0);
	assert_int_equal(ivfs_damaged(r.fs, 0, path, sizeof(path), &dino, &err), -IVFS_ENOENT);
	assert_int_equal(ivfs_rmdir(r.fs, "/d/e"), 0);
	assert_int_equal(ivfs_rmdir(r.fs, "/d"), 0);
	assert_int_equal(ivfs_unlink(r.fs, "/top"), 0);
	assert_int_equal(ivfs_commit(r.fs), 0);
	remount(&r);
	struct ivfs_dirent e;
	assert_int_equal(ivfs_readdir(r.fs, IVFS_ROOT_INO, 0, &e), 0);
	rig_down(&r);
}

/* Free space comes back after unlink + commit: fill, delete, refill. */
static void test_space_reuse(void **state)
{
	struct rig r;
	rig_up(&r);
	static uint8_t buf[600 * 4096];
	fill(buf, sizeof(buf), 3);
	for (int round = 0; round < 5; round++) {
		uint32_t ino;
		assert_int_equal(ivfs_create(r.fs, "/big", 0644, &ino), 0);
		assert_int_equal(ivfs_write(r.fs, ino, 0, buf, sizeof(buf)), (long)sizeof(buf));
		assert_int_equal(ivfs_commit(r.fs), 0);
		assert_int_equal(ivfs_unlink(r.fs, "/big"), 0);
		assert_int_equal(ivfs_commit(r.fs), 0);
	}
	rig_down(&r);
}

/* A mount that was told generation G refuses any image older than G. */
static void test_replay_refused(void **state)
{
	struct rig r;
	rig_up(&r);
	uint32_t ino;
	assert_int_equal(ivfs_create(r.fs, "/secret", 0644, &ino), 0);
	assert_int_equal(ivfs_write(r.fs, ino, 0, "v1", 2), 2);
	assert_int_equal(ivfs_commit(r.fs), 0);
	size_t bytes = (size_t)DEV_BLOCKS * IVFS_BLOCK_SIZE;
	uint8_t *old = malloc(bytes);
	memcpy(old, r.mem.data, bytes);
	uint64_t old_gen = ivfs_generation(r.fs);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ivfs_write(r.fs, ino, 0, "v2", 2), 2);
		assert_int_equal(ivfs_commit(r.fs), 0);
	}
	struct ivfs_trust t = {.known = true, .generation = ivfs_generation(r.fs)};
	ivfs_uuid(r.fs, t.uuid);
	ivfs_unmount(r.fs);
	r.fs = NULL;
	memcpy(r.mem.data, old, bytes); /* the attacker restores the old image */
	struct ivfs *fs;
	assert_int_equal(ivfs_mount(&fs, &r.dev, &ivfs_host_env, &r.keys, &t), -IVFS_ESTALE);
	/* The same image is fine for a device that never saw anything newer. */
	t.generation = old_gen;
	assert_int_equal(ivfs_mount(&fs, &r.dev, &ivfs_host_env, &r.keys, &t), 0);
	ivfs_unmount(fs);
	/* Another filesystem's image (other uuid) is refused too. */
	t.uuid[0] ^= 1;
	assert_int_equal(ivfs_mount(&fs, &r.dev, &ivfs_host_env, &r.keys, &t), -IVFS_ESTALE);
	free(old);
	ivfs_memdev_free(&r.mem);
}

/* An image signed with a key the kernel does not hold is refused. */
static void test_foreign_key_refused(void **state)
{
	struct rig r;
	rig_up(&r);
	ivfs_unmount(r.fs);
	struct ivfs_keys other = r.keys;
	memset(other.pk[IVFS_KEY_DEVICE], 0, 32);
	other.pk[IVFS_KEY_DEVICE][0] = 9;
	assert_int_equal(ivfs_mount(&r.fs, &r.dev, &ivfs_host_env, &other, NULL), -IVFS_EBADMSG);
	assert_null(r.fs);
	ivfs_memdev_free(&r.mem);
}

/* Read-only mounts (no signing key) refuse changes. */
static void test_readonly(void **state)
{
	struct rig r;
	rig_up(&r);
	ivfs_unmount(r.fs);
	struct ivfs_keys ro = r.keys;
	ro.sign_seed = NULL;
	assert_int_equal(ivfs_mount(&r.fs, &r.dev, &ivfs_host_env, &ro, NULL), 0);
	assert_int_equal(ivfs_create(r.fs, "/x", 0644, NULL), -IVFS_EROFS);
	rig_down(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_mount_empty),
	    cmocka_unit_test(test_write_read_persist),
	    cmocka_unit_test(test_overwrite_truncate_holes),
	    cmocka_unit_test(test_namespace),
	    cmocka_unit_test(test_space_reuse),
	    cmocka_unit_test(test_replay_refused),
	    cmocka_unit_test(test_foreign_key_refused),
	    cmocka_unit_test(test_readonly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
