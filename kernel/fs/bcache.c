/* Write-back block cache over virtio-blk: see bcache.h. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "drivers/virtio_blk.h"
#include "fs/bcache.h"
#include "ironvfs/format.h"
#include "mm/heap.h"

#define SECTORS_PER_BLOCK (IVFS_BLOCK_SIZE / VIRTIO_BLK_SECTOR)
#define RUN_BLOCKS	  (VIRTIO_BLK_MAX_BYTES / IVFS_BLOCK_SIZE)
#define HASH_SLOTS	  (2 * BCACHE_BLOCKS)
#define NO_SLOT		  UINT32_MAX
#define EIO_ERR		  5
#define STREAM_BLOCKS	  8u

struct entry {
	uint64_t lba;
	bool valid, dirty, ref;
	uint8_t *data;
};

static struct entry *ents;
static uint32_t *hash; /* lba -> entry index, open addressing */
static uint32_t clock_hand;
static uint64_t nblocks;
static uint8_t *run; /* RUN_BLOCKS blocks for merged transfers */
static struct bcache_stats stats;

static uint32_t hslot(uint64_t lba)
{
	return (uint32_t)((lba * 0x9E3779B97F4A7C15ull) >> 40) % HASH_SLOTS;
}

static uint32_t lookup(uint64_t lba)
{
	for (uint32_t s = hslot(lba), k = 0; k < HASH_SLOTS; k++, s = (s + 1) % HASH_SLOTS) {
		if (hash[s] == NO_SLOT)
			return NO_SLOT;
		if (ents[hash[s]].valid && ents[hash[s]].lba == lba)
			return hash[s];
	}
	return NO_SLOT;
}

/* Rebuilds the hash after an eviction (deletions in open addressing). */
static void rehash(void)
{
	for (uint32_t s = 0; s < HASH_SLOTS; s++)
		hash[s] = NO_SLOT;
	for (uint32_t i = 0; i < BCACHE_BLOCKS; i++) {
		if (!ents[i].valid)
			continue;
		uint32_t s = hslot(ents[i].lba);
		while (hash[s] != NO_SLOT)
			s = (s + 1) % HASH_SLOTS;
		hash[s] = i;
	}
}

static int dev_write(uint64_t lba, uint32_t count, const void *buf)
{
	return virtio_blk_write(lba * SECTORS_PER_BLOCK, count * SECTORS_PER_BLOCK, buf) < 0
		   ? -EIO_ERR
		   : 0;
}

static int dev_read(uint64_t lba, uint32_t count, void *buf)
{
	return virtio_blk_read(lba * SECTORS_PER_BLOCK, count * SECTORS_PER_BLOCK, buf) < 0
		   ? -EIO_ERR
		   : 0;
}

static int writeback_all(void);

/* CLOCK replacement; a dirty victim is written out first, together with every
 * other dirty block (merged runs beat single-block writes). */
static int take_slot(uint64_t lba, uint32_t *out)
{
	for (uint32_t k = 0; k < 2 * BCACHE_BLOCKS + 1; k++) {
		struct entry *e = &ents[clock_hand];
		uint32_t i = clock_hand;
		clock_hand = (clock_hand + 1) % BCACHE_BLOCKS;
		if (e->valid && e->ref) {
			e->ref = false;
			continue;
		}
		if (e->valid && e->dirty && writeback_all() < 0)
			return -EIO_ERR;
		bool was_valid = e->valid;
		e->lba = lba;
		e->valid = true;
		e->dirty = false;
		e->ref = true;
		if (was_valid) {
			rehash();
		} else {
			uint32_t s = hslot(lba);
			while (hash[s] != NO_SLOT)
				s = (s + 1) % HASH_SLOTS;
			hash[s] = i;
		}
		*out = i;
		return 0;
	}
	return -EIO_ERR;
}

static int c_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	uint8_t *dst = buf;
	for (uint32_t i = 0; i < count;) {
		uint32_t e = lookup(lba + i);
		if (e != NO_SLOT) {
			memcpy(dst + (size_t)i * IVFS_BLOCK_SIZE, ents[e].data, IVFS_BLOCK_SIZE);
			ents[e].ref = true;
			stats.hits++;
			i++;
			continue;
		}
		/* A run of misses goes to the disk in one request, straight to buf. */
		uint32_t n = 1;
		while (i + n < count && n < RUN_BLOCKS && lookup(lba + i + n) == NO_SLOT)
			n++;
		if (dev_read(lba + i, n, dst + (size_t)i * IVFS_BLOCK_SIZE) < 0)
			return -EIO_ERR;
		stats.misses += n;
		/* Long sequential runs (file data) bypass the cache: keeping them
		 * would only push out the metadata that is read again. */
		for (uint32_t k = 0; n < STREAM_BLOCKS && k < n; k++) {
			uint32_t slot;
			if (take_slot(lba + i + k, &slot) < 0)
				return -EIO_ERR;
			memcpy(ents[slot].data, dst + (size_t)(i + k) * IVFS_BLOCK_SIZE,
			       IVFS_BLOCK_SIZE);
		}
		i += n;
	}
	return 0;
}

static int c_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	const uint8_t *src = buf;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t e = lookup(lba + i);
		if (e == NO_SLOT && take_slot(lba + i, &e) < 0)
			return -EIO_ERR;
		memcpy(ents[e].data, src + (size_t)i * IVFS_BLOCK_SIZE, IVFS_BLOCK_SIZE);
		ents[e].dirty = true;
		ents[e].ref = true;
	}
	return 0;
}

static int writeback_all(void)
{
	/* Ascending order, neighbours merged: repeatedly take the lowest dirty lba. */
	for (;;) {
		uint32_t best = NO_SLOT;
		for (uint32_t i = 0; i < BCACHE_BLOCKS; i++)
			if (ents[i].valid && ents[i].dirty &&
			    (best == NO_SLOT || ents[i].lba < ents[best].lba))
				best = i;
		if (best == NO_SLOT)
			break;
		uint64_t start = ents[best].lba;
		uint32_t n = 0;
		uint32_t e;
		while (n < RUN_BLOCKS && (e = lookup(start + n)) != NO_SLOT && ents[e].dirty) {
			memcpy(run + (size_t)n * IVFS_BLOCK_SIZE, ents[e].data, IVFS_BLOCK_SIZE);
			ents[e].dirty = false;
			n++;
		}
		if (dev_write(start, n, run) < 0)
			return -EIO_ERR;
		stats.writebacks += n;
	}
	return 0;
}

int bcache_flush(void)
{
	if (writeback_all() < 0)
		return -EIO_ERR;
	stats.flushes++;
	return virtio_blk_flush() < 0 ? -EIO_ERR : 0;
}

int bcache_drop(void)
{
	int r = bcache_flush();
	if (r < 0)
		return r;
	for (uint32_t i = 0; i < BCACHE_BLOCKS; i++)
		ents[i].valid = false;
	rehash();
	return 0;
}

static int c_flush(void *ctx)
{
	return bcache_flush();
}

int bcache_init(void)
{
	if (ents)
		return 0;
	if (!virtio_blk_present())
		return -19;
	nblocks = virtio_blk_sectors() / SECTORS_PER_BLOCK;
	ents = kzalloc(BCACHE_BLOCKS * sizeof(*ents));
	hash = kmalloc(HASH_SLOTS * sizeof(*hash));
	run = kmalloc(VIRTIO_BLK_MAX_BYTES);
	if (!ents || !hash || !run)
		return -12;
	for (uint32_t i = 0; i < BCACHE_BLOCKS; i++)
		if (!(ents[i].data = kmalloc(IVFS_BLOCK_SIZE)))
			return -12;
	for (uint32_t s = 0; s < HASH_SLOTS; s++)
		hash[s] = NO_SLOT;
	return 0;
}

struct ivfs_blockdev bcache_dev(void)
{
	return (struct ivfs_blockdev){NULL, nblocks, c_read, c_write, c_flush};
}

void bcache_get_stats(struct bcache_stats *st)
{
	*st = stats;
}
