/*
 * The abstract block device under IronVFS. Blocks are IVFS_BLOCK_SIZE bytes.
 * Writes may sit in a volatile cache until flush() returns: IronVFS assumes
 * nothing about their order or durability before that (it may see any subset,
 * in any order, and the last one torn). After flush() returns 0 every earlier
 * write is durable. Callbacks return 0 or a negative IVFS_E* code.
 */
#ifndef IRONVFS_BLOCKDEV_H
#define IRONVFS_BLOCKDEV_H

#include <stdint.h>

struct ivfs_blockdev {
	void *ctx;
	uint64_t nblocks;
	int (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
	int (*flush)(void *ctx);
};

#endif
