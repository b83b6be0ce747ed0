/*
 * Block cache in front of the disk: 4 KiB blocks, write-back. Writes stay in
 * RAM until bcache_flush (or until their slot is needed, which the block-device
 * contract allows: unflushed writes may land in any order). Flush writes the
 * dirty blocks in ascending order, merging neighbours into one request, then
 * flushes the device.
 */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H

#include <stdint.h>

#include "ironvfs/blockdev.h"

#define BCACHE_BLOCKS 1024u /* 4 MiB */

struct bcache_stats {
	uint64_t hits, misses, writebacks, flushes;
};

/* Sets the cache up over the virtio disk; 0 or a negative errno. */
int bcache_init(void);
/* The cache as an IronVFS block device. */
struct ivfs_blockdev bcache_dev(void);
int bcache_flush(void);
/* Flushes, then forgets every cached block (benchmarks: cold reads). */
int bcache_drop(void);
void bcache_get_stats(struct bcache_stats *st);

#endif
