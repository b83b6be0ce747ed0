/* Host glue for IronVFS (tools and tests): malloc, block devices in RAM and
 * in files, key files and the trusted-generation state file. */
#ifndef MKIRONFS_IVFS_HOST_H
#define MKIRONFS_IVFS_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "ironvfs/ironvfs.h"

extern const struct ivfs_env ivfs_host_env;

/* A device in RAM. */
struct ivfs_memdev {
	uint8_t *data;
	uint64_t nblocks;
	uint64_t writes, reads, flushes;
};
int ivfs_memdev_init(struct ivfs_memdev *m, uint64_t nblocks);
void ivfs_memdev_free(struct ivfs_memdev *m);
struct ivfs_blockdev ivfs_memdev_dev(struct ivfs_memdev *m);

/* A device backed by an image file (pread/pwrite, fsync on flush). */
struct ivfs_filedev {
	int fd;
	uint64_t nblocks;
};
/* Opens (create: creates/resizes to nblocks) the image at path. */
int ivfs_filedev_open(struct ivfs_filedev *f, const char *path, bool create, uint64_t nblocks);
void ivfs_filedev_close(struct ivfs_filedev *f);
struct ivfs_blockdev ivfs_filedev_dev(struct ivfs_filedev *f);

/* A 32-byte Ed25519 seed file: read it, or create it from /dev/urandom when
 * it does not exist yet. */
int ivfs_host_seed(const char *path, bool create, uint8_t seed[32]);
/* Fills keys->pk from the two seed files' public halves, or from .pub files
 * (32 raw bytes) when only those are given. */
int ivfs_host_pubkey(const char *seed_or_pub_path, uint8_t pk[32]);

/* Trusted state: "uuid-hex generation\n" in a small file. */
int ivfs_trust_load(const char *path, struct ivfs_trust *t);
int ivfs_trust_store(const char *path, const struct ivfs *fs);

#endif
