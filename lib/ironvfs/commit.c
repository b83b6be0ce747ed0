/* IronVFS commit: write new trees, the inode table, then switch the
 * superblock. Crash order: blocks, flush, superblock, flush. */
#include <string.h>

#include "ironvfs/internal.h"

void ivfs_node_release(struct ivfs *fs, struct ivfs_node *n)
{
	ivfs_free(fs, n->leaves);
	ivfs_free(fs, n->maps);
	ivfs_free(fs, n->ents);
	memset(n, 0, sizeof(*n));
}

/* Finds a free inode number (>= 2), growing the table when needed. */
int ivfs_node_slot(struct ivfs *fs, uint32_t *ino)
{
	for (uint32_t i = IVFS_ROOT_INO + 1; i < fs->nnodes; i++) {
		if (fs->nodes[i].d.type == IVFS_T_FREE) {
			*ino = i;
			return 0;
		}
	}
	if (fs->nnodes == UINT32_MAX)
		return -IVFS_ENOSPC;
	uint64_t cap = fs->cap_nodes;
	int r = ivfs_grow(fs, (void **)&fs->nodes, sizeof(struct ivfs_node), &cap,
			  (uint64_t)fs->nnodes + 1);
	if (r < 0)
		return r;
	fs->cap_nodes = (uint32_t)cap;
	memset(&fs->nodes[fs->nnodes], 0, sizeof(struct ivfs_node));
	*ino = fs->nnodes++;
	return 0;
}

static void mark(struct ivfs *fs, uint64_t lba)
{
	if (lba >= IVFS_FIRST_DATA && lba < fs->dev.nblocks)
		ivfs_set_bit(fs->used, lba, true);
}

/* The free-space map is derived, never stored: a block is in use when the
 * committed state references it. */
void ivfs_recount_used(struct ivfs *fs)
{
	size_t bytes = (size_t)((fs->dev.nblocks + 7) / 8);
	memset(fs->used, 0, bytes);
	memset(fs->pending, 0, bytes);
	for (uint32_t i = 0; i < fs->nnodes; i++) {
		const struct ivfs_node *n = &fs->nodes[i];
		if (i != IVFS_INODE_FILE && n->d.type == IVFS_T_FREE)
			continue;
		mark(fs, n->d.root.lba);
		for (uint64_t k = 0; k < n->nleaves; k++)
			mark(fs, n->leaves[k].lba);
		for (uint64_t k = 0; k < n->nmaps; k++)
			mark(fs, n->maps[k]);
	}
}

/* Stores generated content (directory entries, inode records) as block idx
 * of n, keeping the committed block when the content did not change. */
static int put_generated(struct ivfs *fs, struct ivfs_node *n, uint64_t idx, const void *data)
{
	if (idx < n->nleaves && n->leaves[idx].lba) {
		struct ivfs_bptr p;
		ivfs_hash_block(data, &p);
		if (p.fnv == n->leaves[idx].fnv &&
		    !memcmp(p.sha, n->leaves[idx].sha, IVFS_HASH_LEN))
			return 0;
	}
	return ivfs_put_leaf(fs, n, idx, data);
}

int ivfs_store_dir(struct ivfs *fs, uint32_t ino)
{
	struct ivfs_node *n = &fs->nodes[ino];
	uint64_t nblk = (n->nents + IVFS_DIRENTS_PER_BLOCK - 1) / IVFS_DIRENTS_PER_BLOCK;
	for (uint64_t b = 0; b < nblk; b++) {
		memset(fs->blk2, 0, IVFS_BLOCK_SIZE);
		uint64_t first = b * IVFS_DIRENTS_PER_BLOCK;
		uint64_t c = n->nents - first;
		if (c > IVFS_DIRENTS_PER_BLOCK)
			c = IVFS_DIRENTS_PER_BLOCK;
		memcpy(fs->blk2, &n->ents[first], (size_t)(c * IVFS_DIRENT_SIZE));
		int r = put_generated(fs, n, b, fs->blk2);
		if (r < 0)
			return r;
	}
	n->d.size = (uint64_t)n->nents * IVFS_DIRENT_SIZE;
	return ivfs_set_nleaves(fs, n, nblk);
}

static int store_itable(struct ivfs *fs)
{
	struct ivfs_node *it = &fs->nodes[IVFS_INODE_FILE];
	uint64_t nblk = ((uint64_t)fs->nnodes + IVFS_INODES_PER_BLOCK - 1) / IVFS_INODES_PER_BLOCK;
	for (uint64_t b = 0; b < nblk; b++) {
		memset(fs->blk2, 0, IVFS_BLOCK_SIZE);
		for (uint32_t k = 0; k < IVFS_INODES_PER_BLOCK; k++) {
			uint64_t ino = b * IVFS_INODES_PER_BLOCK + k;
			if (ino == IVFS_INODE_FILE || ino >= fs->nnodes ||
			    fs->nodes[ino].d.type == IVFS_T_FREE)
				continue;
			memcpy(fs->blk2 + k * IVFS_INODE_SIZE, &fs->nodes[ino].d, IVFS_INODE_SIZE);
		}
		int r = put_generated(fs, it, b, fs->blk2);
		if (r < 0)
			return r;
	}
	int r = ivfs_set_nleaves(fs, it, nblk);
	it->d.size = (uint64_t)fs->nnodes * IVFS_INODE_SIZE;
	return r ? r : ivfs_build_tree(fs, it, IVFS_INODE_FILE);
}

static int write_super(struct ivfs *fs, uint64_t gen)
{
	const struct ivfs_node *it = &fs->nodes[IVFS_INODE_FILE];
	memset(fs->blk, 0, IVFS_BLOCK_SIZE);
	struct ivfs_super sb;
	memset(&sb, 0, sizeof(sb));
	memcpy(sb.magic, IVFS_MAGIC, IVFS_MAGIC_LEN);
	sb.version = IVFS_VERSION;
	sb.block_size = IVFS_BLOCK_SIZE;
	sb.nblocks = fs->dev.nblocks;
	sb.generation = gen;
	memcpy(sb.uuid, fs->uuid, IVFS_UUID_LEN);
	sb.slot = (uint32_t)(gen & 1);
	sb.inode_count = fs->nnodes;
	sb.itable_height = it->d.height;
	sb.itable_size = it->d.size;
	sb.itable_root = it->d.root;
	ivfs_super_seal(&fs->keys, &sb);
	memcpy(fs->blk, &sb, sizeof(sb));
	if (fs->dev.write(fs->dev.ctx, sb.slot, 1, fs->blk) < 0)
		return -IVFS_EIO;
	return 0;
}

int ivfs_commit(struct ivfs *fs)
{
	if (fs->failed)
		return -IVFS_EIO;
	if (!fs->keys.sign_seed)
		return fs->dirty ? -IVFS_EROFS : 0;
	if (!fs->dirty)
		return 0;
	uint64_t gen = fs->generation + 1;
	int r = 0;
	for (uint32_t ino = IVFS_ROOT_INO; r == 0 && ino < fs->nnodes; ino++) {
		struct ivfs_node *n = &fs->nodes[ino];
		if (!n->dirty || n->d.type == IVFS_T_FREE)
			continue;
		if (n->d.type == IVFS_T_DIR)
			r = ivfs_store_dir(fs, ino);
		if (r == 0)
			r = ivfs_build_tree(fs, n, ino);
		if (r == 0) {
			n->d.mtime = gen;
			ivfs_inode_sign(fs, ino, &n->d);
		}
	}
	if (r == 0)
		r = store_itable(fs);
	if (r == 0 && fs->dev.flush(fs->dev.ctx) < 0)
		r = -IVFS_EIO;
	if (r == 0)
		r = write_super(fs, gen);
	if (r == 0 && fs->dev.flush(fs->dev.ctx) < 0)
		r = -IVFS_EIO;
	if (r < 0) {
		/* The superblock was not switched: the disk still holds the old
		 * state. Out of space leaves the changes pending (every dirty
		 * tree is rebuilt on the next try); an I/O error means RAM may
		 * describe a state that never reaches the disk. */
		if (r == -IVFS_ENOSPC || r == -IVFS_ENOMEM)
			return r;
		fs->failed = true;
		return -IVFS_EIO;
	}
	fs->generation = gen;
	for (uint32_t ino = 0; ino < fs->nnodes; ino++)
		fs->nodes[ino].dirty = false;
	fs->dirty = false;
	ivfs_recount_used(fs);
	return 0;
}

int ivfs_fsync(struct ivfs *fs, uint32_t ino)
{
	if (ino >= fs->nnodes || fs->nodes[ino].d.type == IVFS_T_FREE)
		return -IVFS_ENOENT;
	return ivfs_commit(fs);
}
