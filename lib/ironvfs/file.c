/* IronVFS file content: verified reads, copy-on-write writes, truncate. */
#include <string.h>

#include "ironvfs/internal.h"

#define IVFS_READ_RUN 64u		/* blocks fetched per device request at most */
#define IVFS_MAX_IO   ((size_t)1 << 40) /* one call moves less, so it fits a long */

static int file_node(struct ivfs *fs, uint32_t ino, struct ivfs_node **out)
{
	if (ino >= fs->nnodes || ino == IVFS_INODE_FILE || fs->nodes[ino].d.type == IVFS_T_FREE)
		return -IVFS_ENOENT;
	struct ivfs_node *n = &fs->nodes[ino];
	if (n->d.type == IVFS_T_DIR)
		return -IVFS_EISDIR;
	if (n->damage)
		return n->damage;
	*out = n;
	return 0;
}

/* Whole blocks straight into the caller's buffer: consecutive blocks are
 * fetched in one request, then each is checked before anything is returned. */
static int read_run(struct ivfs *fs, struct ivfs_node *n, uint64_t idx, uint64_t max, uint8_t *dst,
		    uint64_t *done)
{
	const struct ivfs_bptr *p = &n->leaves[idx];
	uint64_t k = 1;
	if (p->lba) {
		while (k < max && k < IVFS_READ_RUN && p[k].lba == p[0].lba + k)
			k++;
		int r = ivfs_dev_read(fs, p->lba, (uint32_t)k, dst);
		for (uint64_t i = 0; r == 0 && i < k; i++)
			r = ivfs_check_block(dst + i * IVFS_BLOCK_SIZE, &p[i]);
		if (r < 0)
			return r;
	} else {
		memset(dst, 0, IVFS_BLOCK_SIZE);
	}
	*done = k;
	return 0;
}

long ivfs_read(struct ivfs *fs, uint32_t ino, uint64_t off, void *buf, size_t len)
{
	struct ivfs_node *n = NULL;
	int r = file_node(fs, ino, &n);
	if (r < 0) {
		memset(buf, 0, len);
		return r;
	}
	if (off >= n->d.size)
		return 0;
	if (len > n->d.size - off)
		len = (size_t)(n->d.size - off);
	if (len > IVFS_MAX_IO)
		len = IVFS_MAX_IO;
	uint8_t *dst = buf;
	size_t pos = 0;
	while (r == 0 && pos < len) {
		uint64_t cur = off + pos;
		uint64_t idx = cur / IVFS_BLOCK_SIZE;
		size_t in = (size_t)(cur % IVFS_BLOCK_SIZE);
		if (in == 0 && len - pos >= IVFS_BLOCK_SIZE) {
			uint64_t got = 0;
			r = read_run(fs, n, idx, (len - pos) / IVFS_BLOCK_SIZE, dst + pos, &got);
			pos += (size_t)(got * IVFS_BLOCK_SIZE);
			continue;
		}
		size_t chunk = IVFS_BLOCK_SIZE - in;
		if (chunk > len - pos)
			chunk = len - pos;
		r = ivfs_read_leaf(fs, &n->leaves[idx], fs->blk);
		if (r == 0)
			memcpy(dst + pos, fs->blk + in, chunk);
		pos += chunk;
	}
	if (r < 0) {
		memset(buf, 0, len);
		return r;
	}
	return (long)len;
}

long ivfs_write(struct ivfs *fs, uint32_t ino, uint64_t off, const void *buf, size_t len)
{
	if (fs->failed)
		return -IVFS_EIO;
	if (!fs->keys.sign_seed)
		return -IVFS_EROFS;
	struct ivfs_node *n = NULL;
	int r = file_node(fs, ino, &n);
	if (r < 0)
		return r;
	if (len > IVFS_MAX_IO || off + len < off ||
	    (off + len + IVFS_BLOCK_SIZE - 1) / IVFS_BLOCK_SIZE > fs->dev.nblocks)
		return -IVFS_EFBIG;
	const uint8_t *src = buf;
	size_t pos = 0;
	n->dirty = true;
	fs->dirty = true;
	while (pos < len) {
		uint64_t cur = off + pos;
		uint64_t idx = cur / IVFS_BLOCK_SIZE;
		size_t in = (size_t)(cur % IVFS_BLOCK_SIZE);
		size_t chunk = IVFS_BLOCK_SIZE - in;
		if (chunk > len - pos)
			chunk = len - pos;
		const void *data = src + pos;
		if (chunk != IVFS_BLOCK_SIZE) {
			if (idx < n->nleaves)
				r = ivfs_read_leaf(fs, &n->leaves[idx], fs->blk);
			else
				memset(fs->blk, 0, IVFS_BLOCK_SIZE);
			if (r < 0)
				break;
			memcpy(fs->blk + in, src + pos, chunk);
			data = fs->blk;
		}
		if ((r = ivfs_put_leaf(fs, n, idx, data)) < 0)
			break;
		pos += chunk;
		if (off + pos > n->d.size)
			n->d.size = off + pos;
	}
	if (pos == 0 && r < 0)
		return r;
	return (long)pos;
}

int ivfs_truncate(struct ivfs *fs, uint32_t ino, uint64_t size)
{
	if (fs->failed)
		return -IVFS_EIO;
	if (!fs->keys.sign_seed)
		return -IVFS_EROFS;
	struct ivfs_node *n = NULL;
	int r = file_node(fs, ino, &n);
	if (r < 0)
		return r;
	/* No file is larger than the filesystem, holes included: the RAM state
	 * (48 bytes per block) stays bounded by the device. */
	if ((size + IVFS_BLOCK_SIZE - 1) / IVFS_BLOCK_SIZE > fs->dev.nblocks)
		return -IVFS_EFBIG;
	uint64_t nblk = (size + IVFS_BLOCK_SIZE - 1) / IVFS_BLOCK_SIZE;
	size_t tail = (size_t)(size % IVFS_BLOCK_SIZE);
	if (size < n->d.size && tail && n->leaves[nblk - 1].lba) {
		/* Bytes past the end of file are zero on disk. */
		if ((r = ivfs_read_leaf(fs, &n->leaves[nblk - 1], fs->blk)) < 0)
			return r;
		memset(fs->blk + tail, 0, IVFS_BLOCK_SIZE - tail);
		if ((r = ivfs_put_leaf(fs, n, nblk - 1, fs->blk)) < 0)
			return r;
	}
	if ((r = ivfs_set_nleaves(fs, n, nblk)) < 0)
		return r;
	n->d.size = size;
	n->dirty = true;
	fs->dirty = true;
	return 0;
}
