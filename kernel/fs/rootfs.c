/*
 * IronVFS as the root filesystem: mounted at boot from the virtio disk through
 * the block cache, formatted (device key) when the disk is blank, scrubbed so
 * that damaged files are named at boot, and committed on fsync.
 *
 * Keys: the build key's public half and the device key (secret seed included)
 * come from build/gen/ironvfs/ivfs_keys.h, generated from build/keys/ by
 * mkironfs --kernel-keys. The trusted generation lives in RAM for the boot
 * (docs/ironvfs.md, "Replay").
 */
#include <stddef.h>
#include <string.h>

#include "crypto/random.h"
#include "drivers/virtio_blk.h"
#include "fs/bcache.h"
#include "fs/rootfs.h"
#include "ironvfs/format.h"
#include "ivfs_keys.h"
#include "kernel/init.h"
#include "kernel/log.h"
#include "kernel/time.h"
#include "mm/heap.h"

static void *k_alloc(void *ctx, size_t size)
{
	return kmalloc(size);
}

static void k_free(void *ctx, void *p)
{
	kfree(p);
}

static const struct ivfs_env kenv = {NULL, k_alloc, k_free};
static struct ivfs_keys keys;
static struct ivfs_blockdev dev;
static struct ivfs *root;
static struct ivfs_trust trust;

struct ivfs *rootfs_get(void)
{
	return root;
}

static void remember_generation(void)
{
	trust.known = true;
	ivfs_uuid(root, trust.uuid);
	trust.generation = ivfs_generation(root);
}

int rootfs_commit(void)
{
	if (!root)
		return -IVFS_ENOENT;
	int r = ivfs_commit(root);
	if (r == 0)
		remember_generation();
	return r;
}

/* Blank: neither superblock slot carries the magic (a fresh disk.img). A disk
 * with a magic that fails to mount is never formatted over. */
static int disk_is_blank(bool *blank)
{
	uint8_t *b = kmalloc(IVFS_BLOCK_SIZE);
	if (!b)
		return -IVFS_ENOMEM;
	*blank = true;
	int r = 0;
	for (uint64_t s = 0; s < IVFS_SUPER_SLOTS && r == 0; s++) {
		r = dev.read(dev.ctx, s, 1, b);
		if (r == 0 && !memcmp(b, IVFS_MAGIC, IVFS_MAGIC_LEN))
			*blank = false;
	}
	kfree(b);
	return r < 0 ? -IVFS_EIO : 0;
}

static unsigned scrub_problems;

static void scrub_report(void *ctx, const char *path, uint32_t ino, int64_t block, const char *what)
{
	scrub_problems++;
	if (block >= 0)
		pr_err("ironvfs: DAMAGED %s (inode %u) block %lld: %s\n", path, ino,
		       (long long)block, what);
	else
		pr_err("ironvfs: DAMAGED %s (inode %u): %s\n", path, ino, what);
}

/* Reads and checks every block of every file; names each damaged one. */
unsigned rootfs_scrub(void)
{
	if (!root)
		return 0;
	scrub_problems = 0;
	ivfs_verify_all(root, scrub_report, NULL);
	return scrub_problems;
}

void rootfs_vfs_mount(void);

static void rootfs_init(void)
{
	memcpy(keys.pk[IVFS_KEY_BUILD], ivfs_build_pk, 32);
	memcpy(keys.pk[IVFS_KEY_DEVICE], ivfs_device_pk, 32);
	keys.sign_seed = ivfs_device_seed;
	keys.sign_key_id = IVFS_KEY_DEVICE;
	if (bcache_init() < 0) {
		pr_info("ironvfs: no virtio disk, no root filesystem\n");
		return;
	}
	dev = bcache_dev();
	if (virtio_blk_readonly()) {
		keys.sign_seed = NULL; /* mount read-only: commits would only fail */
		pr_info("ironvfs: the disk is read-only; mounting read-only\n");
	}
	bool blank;
	if (disk_is_blank(&blank) < 0) {
		pr_err("ironvfs: cannot read the disk\n");
		return;
	}
	if (blank && keys.sign_seed) {
		uint8_t uuid[IVFS_UUID_LEN];
		crypto_random_bytes(uuid, sizeof(uuid));
		int r = ivfs_format(&dev, &kenv, &keys, uuid);
		pr_info("ironvfs: blank disk formatted (%llu MiB, device key): %s\n",
			(unsigned long long)(dev.nblocks / 256), ivfs_strerror(r));
		if (r < 0)
			return;
	}
	uint64_t t0 = time_now_ns();
	int r = ivfs_mount(&root, &dev, &kenv, &keys, trust.known ? &trust : NULL);
	if (r < 0) {
		pr_err("ironvfs: root filesystem REFUSED: %s\n", ivfs_strerror(r));
		root = NULL;
		return;
	}
	uint64_t t1 = time_now_ns();
	remember_generation();
	rootfs_vfs_mount();
	unsigned bad = rootfs_scrub();
	uint64_t t2 = time_now_ns();
	pr_info("ironvfs: root mounted at /: generation %llu, mount %llu ms, scrub %llu ms, %u "
		"damaged\n",
		(unsigned long long)ivfs_generation(root),
		(unsigned long long)((t1 - t0) / 1000000),
		(unsigned long long)((t2 - t1) / 1000000), bad);
}
INITCALL(INIT_SERVICES, rootfs_init);
