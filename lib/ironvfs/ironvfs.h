/*
 * IronVFS: a copy-on-write filesystem whose every block is checked against a
 * SHA-256 hash tree signed with Ed25519 (format in format.h, design in
 * docs/ironvfs.md). Portable: the kernel and the host tools share this code.
 *
 * Changes live in RAM (data blocks are written copy-on-write to free blocks
 * as they come) until ivfs_commit()/ivfs_fsync(), which makes ALL pending
 * changes durable at once by switching the superblock. Paths are absolute
 * ("/a/b"). Functions return 0 (or a byte count) on success and a negative
 * IVFS_E* code on failure.
 */
#ifndef IRONVFS_IRONVFS_H
#define IRONVFS_IRONVFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ironvfs/blockdev.h"
#include "ironvfs/format.h"

/* Error codes (Linux numbering, so hosts can hand them to strerror). */
#define IVFS_ENOENT	  2
#define IVFS_EIO	  5
#define IVFS_ENOMEM	  12
#define IVFS_EEXIST	  17
#define IVFS_ENOTDIR	  20
#define IVFS_EISDIR	  21
#define IVFS_EINVAL	  22
#define IVFS_EFBIG	  27
#define IVFS_ENOSPC	  28
#define IVFS_EROFS	  30
#define IVFS_ENAMETOOLONG 36
#define IVFS_ENOTEMPTY	  39
#define IVFS_EBADMSG	  74  /* integrity check failed: hash, signature or structure */
#define IVFS_ESTALE	  116 /* replayed image: generation below the trusted one */

/* Memory for the filesystem's RAM state (host: malloc; kernel: kmalloc). */
struct ivfs_env {
	void *ctx;
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr);
};

/* Keys. Public keys verify; sign_seed (may be NULL: read-only mount) signs
 * everything this instance commits, under the id sign_key_id. */
struct ivfs_keys {
	uint8_t pk[IVFS_KEY_COUNT][32];
	const uint8_t *sign_seed;
	uint8_t sign_key_id;
};

/* What the device remembers outside the disk (docs/ironvfs.md, "Replay"):
 * the newest generation it has committed or mounted, and the filesystem uuid.
 * Mount refuses an image older than this; after every successful mount and
 * commit the caller should store ivfs_generation() back. */
struct ivfs_trust {
	bool known; /* false: first boot, accept any generation */
	uint8_t uuid[IVFS_UUID_LEN];
	uint64_t generation;
};

struct ivfs;

struct ivfs_stat {
	uint32_t ino;
	uint32_t type; /* enum ivfs_type */
	uint32_t mode;
	uint64_t size;
	uint64_t mtime;	 /* generation of the last change */
	uint8_t key_id;	 /* who signed the committed version */
	int damage;	 /* 0, or the error reads of this file return */
	uint64_t serial; /* differs when the inode number was freed and reused */
};

struct ivfs_dirent {
	uint32_t ino;
	uint32_t type;
	char name[IVFS_NAME_MAX + 1];
};

/* Writes an empty filesystem (generation 1, root directory) signed with
 * keys->sign_seed. */
int ivfs_format(const struct ivfs_blockdev *dev, const struct ivfs_env *env,
		const struct ivfs_keys *keys, const uint8_t uuid[IVFS_UUID_LEN]);

/* Picks the newest superblock with a valid checksum and signature, refuses it
 * when older than trust (IVFS_ESTALE), and loads the inode table and every
 * file's hash tree. A damaged file does not stop the mount: it is flagged and
 * its reads fail (ivfs_damage_count, ivfs_stat.damage). */
int ivfs_mount(struct ivfs **out, const struct ivfs_blockdev *dev, const struct ivfs_env *env,
	       const struct ivfs_keys *keys, const struct ivfs_trust *trust);
/* Drops the RAM state; uncommitted changes are lost. */
void ivfs_unmount(struct ivfs *fs);

uint64_t ivfs_generation(const struct ivfs *fs);
void ivfs_uuid(const struct ivfs *fs, uint8_t uuid[IVFS_UUID_LEN]);
/* Files found damaged at mount (or since); names via ivfs_damaged_path. */
uint32_t ivfs_damage_count(const struct ivfs *fs);
/* Path of the i-th damaged inode into buf (best effort), its ino and error. */
int ivfs_damaged(const struct ivfs *fs, uint32_t i, char *buf, size_t len, uint32_t *ino, int *err);

int ivfs_lookup(struct ivfs *fs, const char *path, uint32_t *ino);
int ivfs_create(struct ivfs *fs, const char *path, uint32_t mode, uint32_t *ino);
int ivfs_mkdir(struct ivfs *fs, const char *path, uint32_t mode);
int ivfs_unlink(struct ivfs *fs, const char *path);
int ivfs_rmdir(struct ivfs *fs, const char *path);
int ivfs_rename(struct ivfs *fs, const char *from, const char *to);
/* Entry number `index` of a directory: 1 and *ent filled, 0 past the end. */
int ivfs_readdir(struct ivfs *fs, uint32_t dir_ino, uint32_t index, struct ivfs_dirent *ent);
int ivfs_stat(struct ivfs *fs, uint32_t ino, struct ivfs_stat *st);

/* Reads up to len bytes at off: returns the count (short at end of file) or
 * an error. On IVFS_EBADMSG/IVFS_EIO the whole buffer is zeroed: bytes that
 * failed verification never reach the caller. */
long ivfs_read(struct ivfs *fs, uint32_t ino, uint64_t off, void *buf, size_t len);
long ivfs_write(struct ivfs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len);
int ivfs_truncate(struct ivfs *fs, uint32_t ino, uint64_t size);

/* Makes every pending change durable (the whole filesystem, so ino only names
 * the file the caller cares about). On return 0 the new state survives any
 * power cut; on error the filesystem refuses further changes (IVFS_EIO). */
int ivfs_fsync(struct ivfs *fs, uint32_t ino);
int ivfs_commit(struct ivfs *fs);
bool ivfs_dirty(const struct ivfs *fs);

/* Full verification for ironfs-check: calls report() for every problem with
 * the path (or "<inode N>"), the file block index (-1: metadata) and the
 * error; returns the number of problems. */
typedef void (*ivfs_report_fn)(void *ctx, const char *path, uint32_t ino, int64_t block,
			       const char *what);
uint32_t ivfs_verify_all(struct ivfs *fs, ivfs_report_fn report, void *ctx);
/* ivfs_mount that also reports why a superblock or the inode table failed. */
int ivfs_mount_report(struct ivfs **out, const struct ivfs_blockdev *dev,
		      const struct ivfs_env *env, const struct ivfs_keys *keys,
		      const struct ivfs_trust *trust, ivfs_report_fn report, void *ctx);

/* Where block `index` of a file lives (0 for a hole); -IVFS_ENOENT past the
 * end. For diagnostics and tests. */
int ivfs_block_lba(const struct ivfs *fs, uint32_t ino, uint64_t index, uint64_t *lba);

const char *ivfs_strerror(int err);

#endif
