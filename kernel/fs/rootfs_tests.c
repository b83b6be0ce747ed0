/*
 * In-kernel IronVFS tests.
 *   ironvfs:     lib/ironvfs compiled for the kernel, over a RAM disk: format,
 *                write, commit, remount, read back, a flipped byte refused,
 *                an older image refused. Needs no disk.
 *   ironvfs_vfs: the root on the virtio disk through the process VFS (open,
 *                write, close = commit, stat integrity, getdents, unlink).
 *                Passes as "skipped" without a disk; the ironvfs-qemu test
 *                step boots with one.
 *   pci:         enumeration found the host bridge.
 */
#include <stddef.h>
#include <string.h>

#include "drivers/pci.h"
#include "fs/rootfs.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/vfs.h"

#define RAM_BLOCKS	   64u
#define PCI_CLASS_BRIDGE   0x06
#define KTEST_FILE	   "/.ktest-ironvfs"
#define KTEST_TEXT	   "kernel test data"
#define KTEST_TEXT_LEN	   16
#define KTEST_DIRENT_BUFSZ 512

static uint8_t *ram;

static int ram_read(void *ctx, uint64_t lba, uint32_t n, void *buf)
{
	memcpy(buf, ram + lba * IVFS_BLOCK_SIZE, (size_t)n * IVFS_BLOCK_SIZE);
	return 0;
}

static int ram_write(void *ctx, uint64_t lba, uint32_t n, const void *buf)
{
	memcpy(ram + lba * IVFS_BLOCK_SIZE, buf, (size_t)n * IVFS_BLOCK_SIZE);
	return 0;
}

static int ram_flush(void *ctx)
{
	return 0;
}

static void *k_alloc(void *ctx, size_t size)
{
	return kmalloc(size);
}

static void k_free(void *ctx, void *p)
{
	kfree(p);
}

/* Test-only keys: seeds 0x11.. (build) and 0x22.. (device). */
#include "crypto/ed25519.h"

KTEST(ironvfs, ramdisk_roundtrip_and_tamper)
{
	static const struct ivfs_env env = {NULL, k_alloc, k_free};
	static const uint8_t uuid[IVFS_UUID_LEN] = {0xae};
	static uint8_t seed[32];
	memset(seed, 0x22, sizeof(seed));
	struct ivfs_keys keys;
	memset(&keys, 0, sizeof(keys));
	ed25519_public_key(keys.pk[IVFS_KEY_DEVICE], seed);
	keys.sign_seed = seed;
	keys.sign_key_id = IVFS_KEY_DEVICE;
	ram = kzalloc(RAM_BLOCKS * IVFS_BLOCK_SIZE);
	if (!ram)
		return ktest_fail("no memory");
	struct ivfs_blockdev dev = {NULL, RAM_BLOCKS, ram_read, ram_write, ram_flush};
	const char *why = NULL;
	struct ivfs *fs = NULL;
	uint32_t ino;
	char buf[32];
	struct ivfs_trust trust = {.known = false};
	if (ivfs_format(&dev, &env, &keys, uuid) < 0 ||
	    ivfs_mount(&fs, &dev, &env, &keys, NULL) < 0)
		why = "format/mount";
	else if (ivfs_mkdir(fs, "/etc", 0755) < 0 || ivfs_create(fs, "/etc/x", 0644, &ino) < 0 ||
		 ivfs_write(fs, ino, 0, KTEST_TEXT, KTEST_TEXT_LEN) != KTEST_TEXT_LEN ||
		 ivfs_commit(fs) < 0)
		why = "write/commit";
	if (!why) {
		trust.known = true;
		ivfs_uuid(fs, trust.uuid);
		trust.generation = ivfs_generation(fs);
		ivfs_unmount(fs);
		fs = NULL;
		if (ivfs_mount(&fs, &dev, &env, &keys, &trust) < 0 ||
		    ivfs_lookup(fs, "/etc/x", &ino) < 0 ||
		    ivfs_read(fs, ino, 0, buf, sizeof(buf)) != KTEST_TEXT_LEN ||
		    memcmp(buf, KTEST_TEXT, KTEST_TEXT_LEN))
			why = "read back after remount";
	}
	uint64_t lba = 0;
	if (!why && ivfs_block_lba(fs, ino, 0, &lba) < 0)
		why = "block lookup";
	if (!why) {
		ram[lba * IVFS_BLOCK_SIZE + 5] ^= 0x10;
		if (ivfs_read(fs, ino, 0, buf, sizeof(buf)) != -IVFS_EBADMSG)
			why = "flipped byte not refused";
		ram[lba * IVFS_BLOCK_SIZE + 5] ^= 0x10;
	}
	if (!why) {
		trust.generation += 1;
		ivfs_unmount(fs);
		fs = NULL;
		if (ivfs_mount(&fs, &dev, &env, &keys, &trust) != -IVFS_ESTALE)
			why = "older image accepted";
	}
	ivfs_unmount(fs);
	kfree(ram);
	return why ? ktest_fail("%s", why) : NULL;
}

KTEST(pci, host_bridge_found)
{
	pci_scan();
	for (unsigned i = 0; i < pci_count(); i++)
		if (pci_get(i)->class_code == PCI_CLASS_BRIDGE)
			return NULL;
	return ktest_fail("no bridge among %u functions", pci_count());
}

KTEST(ironvfs_vfs, write_close_commits_and_reads_back)
{
	struct ivfs *fs = rootfs_get();
	if (!fs) {
		kprintf("ironvfs_vfs: no root filesystem (no disk): skipped\n");
		return NULL;
	}
	uint64_t gen = ivfs_generation(fs);
	struct file *f;
	int r = vfs_open(KTEST_FILE, AE_O_CREAT | AE_O_RDWR | AE_O_TRUNC, 0644, &f);
	if (r < 0)
		return ktest_fail("open for writing: %d", r);
	long n = f->ops->write(f, KTEST_TEXT, KTEST_TEXT_LEN);
	file_put(f);
	if (n != KTEST_TEXT_LEN)
		return ktest_fail("write: %ld", n);
	if (ivfs_generation(fs) != gen + 1)
		return ktest_fail("close did not commit (generation %llu)",
				  (unsigned long long)ivfs_generation(fs));
	struct ae_stat st;
	if ((r = vfs_stat(KTEST_FILE, &st)) < 0 || st.size != KTEST_TEXT_LEN ||
	    st.integrity != AE_INTEGRITY_DEVICE)
		return ktest_fail("stat: %d, size %llu, integrity %u", r,
				  (unsigned long long)st.size, st.integrity);
	char buf[32];
	if ((r = vfs_open(KTEST_FILE, AE_O_RDONLY, 0, &f)) < 0)
		return ktest_fail("open for reading: %d", r);
	n = f->ops->read(f, buf, sizeof(buf));
	file_put(f);
	if (n != KTEST_TEXT_LEN || memcmp(buf, KTEST_TEXT, KTEST_TEXT_LEN))
		return ktest_fail("read back: %ld", n);
	if ((r = vfs_open("/", AE_O_RDONLY | AE_O_DIRECTORY, 0, &f)) < 0)
		return ktest_fail("open /: %d", r);
	static uint8_t dents[KTEST_DIRENT_BUFSZ];
	bool seen = false;
	for (long got; !seen && (got = f->ops->getdents(f, dents, sizeof(dents))) > 0;)
		for (long off = 0; off < got;) {
			const struct ae_dirent *d = (const void *)(dents + off);
			if (!strcmp((const char *)(d + 1), KTEST_FILE + 1))
				seen = true;
			off += d->reclen;
		}
	file_put(f);
	if (!seen)
		return ktest_fail("getdents of / does not list %s", KTEST_FILE);
	/* A handle to a removed file never reaches the file that reuses its inode. */
	struct file *old, *fresh;
	if ((r = vfs_open(KTEST_FILE, AE_O_RDONLY, 0, &old)) < 0)
		return ktest_fail("reopen: %d", r);
	if ((r = vfs_unlink(KTEST_FILE)) < 0 || vfs_stat(KTEST_FILE, &st) != -AE_ENOENT) {
		file_put(old);
		return ktest_fail("unlink: %d", r);
	}
	r = vfs_open(KTEST_FILE, AE_O_CREAT | AE_O_WRONLY, 0644, &fresh);
	if (r == 0) {
		fresh->ops->write(fresh, "other", 5);
		file_put(fresh);
	}
	n = old->ops->read(old, buf, sizeof(buf));
	file_put(old);
	vfs_unlink(KTEST_FILE);
	if (r < 0 || n != -AE_ENOENT)
		return ktest_fail("stale handle: create %d, read %ld", r, n);
	return NULL;
}
