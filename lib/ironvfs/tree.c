/* IronVFS hash trees: verify blocks, load a file's tree, rebuild it. */
#include <string.h>

#include "crypto/fnv1a.h"
#include "crypto/sha256.h"
#include "ironvfs/internal.h"

#define F ((uint64_t)IVFS_MAP_FANOUT)

/* FNV first (cheap; names accidental corruption), then SHA-256 (the check
 * that matters against an attacker who fixed up the FNV). */
int ivfs_check_block(const void *data, const struct ivfs_bptr *p)
{
	if (!IVFS_INTEGRITY)
		return 0;
	if (fnv1a64(data, IVFS_BLOCK_SIZE) != p->fnv)
		return -IVFS_EBADMSG;
	uint8_t h[IVFS_HASH_LEN];
	sha256(data, IVFS_BLOCK_SIZE, h);
	if (memcmp(h, p->sha, IVFS_HASH_LEN) != 0)
		return -IVFS_EBADMSG;
	return 0;
}

int ivfs_read_leaf(struct ivfs *fs, const struct ivfs_bptr *p, void *buf)
{
	if (p->lba == 0) { /* hole */
		memset(buf, 0, IVFS_BLOCK_SIZE);
		return 0;
	}
	int r = ivfs_dev_read(fs, p->lba, 1, buf);
	if (r == 0)
		r = ivfs_check_block(buf, p);
	if (r < 0)
		memset(buf, 0, IVFS_BLOCK_SIZE);
	return r;
}

static uint64_t pow_f(unsigned k)
{
	uint64_t v = 1;
	while (k--)
		v *= F;
	return v;
}

static uint64_t div_up(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

static int add_map(struct ivfs *fs, struct ivfs_node *n, uint64_t lba)
{
	int r = ivfs_grow(fs, (void **)&n->maps, sizeof(uint64_t), &n->cap_maps, n->nmaps + 1);
	if (r == 0)
		n->maps[n->nmaps++] = lba;
	return r;
}

/* Loads n->leaves from the tree under n->d.root, verifying every map block.
 * Expands level by level in place, from the last pointer to the first, so a
 * pointer is always copied out before its slot is overwritten. */
int ivfs_load_tree(struct ivfs *fs, struct ivfs_node *n, uint32_t ino)
{
	uint64_t nleaves = div_up(n->d.size, IVFS_BLOCK_SIZE);
	unsigned h = n->d.height;
	n->nleaves = 0;
	n->nmaps = 0;
	if (nleaves == 0)
		return (h == 0 && n->d.root.lba == 0) ? 0 : -IVFS_EBADMSG;
	if (h == 0 || h > IVFS_MAX_HEIGHT || pow_f(h) < nleaves ||
	    (h > 1 && pow_f(h - 1) >= nleaves))
		return -IVFS_EBADMSG;
	int r =
	    ivfs_grow(fs, (void **)&n->leaves, sizeof(struct ivfs_bptr), &n->cap_leaves, nleaves);
	if (r < 0)
		return r;
	struct ivfs_map_block *mb = (struct ivfs_map_block *)fs->blk;
	n->leaves[0] = n->d.root;
	uint64_t count = 1;
	for (unsigned level = h; level >= 1; level--) {
		uint64_t span = pow_f(level), sub = pow_f(level - 1);
		uint64_t next = div_up(nleaves, sub);
		for (uint64_t j = count; j-- > 0;) {
			struct ivfs_bptr p = n->leaves[j];
			if (p.lba < IVFS_FIRST_DATA || p.lba >= fs->dev.nblocks)
				return -IVFS_EBADMSG;
			r = ivfs_dev_read(fs, p.lba, 1, mb);
			if (r == 0)
				r = ivfs_check_block(mb, &p);
			if (r < 0)
				return r;
			uint64_t covered = nleaves - j * span;
			if (covered > span)
				covered = span;
			if (mb->hdr.magic != IVFS_MAP_MAGIC || mb->hdr.ino != ino ||
			    mb->hdr.level != level || mb->hdr.first != j * span ||
			    mb->hdr.count != div_up(covered, sub))
				return -IVFS_EBADMSG;
			/* Every pointer must name a data block of this device (or be a
			 * hole, in a leaf): the allocator's bitmaps are indexed by it. */
			for (unsigned k = 0; k < mb->hdr.count; k++) {
				uint64_t lba = mb->ent[k].lba;
				if (lba >= fs->dev.nblocks ||
				    (lba < IVFS_FIRST_DATA && (lba != 0 || level > 1)))
					return -IVFS_EBADMSG;
			}
			memcpy(&n->leaves[j * F], mb->ent,
			       mb->hdr.count * sizeof(struct ivfs_bptr));
			if ((r = add_map(fs, n, p.lba)) < 0)
				return r;
		}
		count = next;
	}
	n->nleaves = nleaves;
	return 0;
}

/* Writes a fresh tree for n->leaves and points n->d.root/height at it. */
int ivfs_build_tree(struct ivfs *fs, struct ivfs_node *n, uint32_t ino)
{
	n->nmaps = 0;
	memset(&n->d.root, 0, sizeof(n->d.root));
	n->d.height = 0;
	if (n->nleaves == 0)
		return 0;
	struct ivfs_map_block *mb = (struct ivfs_map_block *)fs->blk;
	const struct ivfs_bptr *cur = n->leaves;
	struct ivfs_bptr *out = NULL;
	uint64_t count = n->nleaves;
	int r = 0;
	for (unsigned level = 1;; level++) {
		if (level > IVFS_MAX_HEIGHT) {
			r = -IVFS_EFBIG;
			break;
		}
		uint64_t m = div_up(count, F);
		out = ivfs_alloc(fs, (size_t)(m * sizeof(*out)));
		if (!out) {
			r = -IVFS_ENOMEM;
			break;
		}
		for (uint64_t j = 0; j < m && r == 0; j++) {
			uint64_t c = count - j * F < F ? count - j * F : F;
			memset(mb, 0, sizeof(*mb));
			mb->hdr.magic = IVFS_MAP_MAGIC;
			mb->hdr.ino = ino;
			mb->hdr.level = (uint16_t)level;
			mb->hdr.count = (uint16_t)c;
			mb->hdr.first = j * pow_f(level);
			memcpy(mb->ent, &cur[j * F], (size_t)(c * sizeof(*cur)));
			ivfs_hash_block(mb, &out[j]);
			r = ivfs_alloc_block(fs, &out[j].lba);
			if (r == 0)
				r = ivfs_dev_write(fs, out[j].lba, 1, mb);
			if (r == 0)
				r = add_map(fs, n, out[j].lba);
		}
		if (cur != n->leaves)
			ivfs_free(fs, (void *)cur);
		cur = out;
		count = m;
		if (r < 0 || m == 1) {
			if (r == 0) {
				n->d.root = out[0];
				n->d.height = (uint8_t)level;
			}
			break;
		}
	}
	if (cur && cur != n->leaves)
		ivfs_free(fs, (void *)cur);
	return r;
}

int ivfs_set_nleaves(struct ivfs *fs, struct ivfs_node *n, uint64_t count)
{
	if (count > n->nleaves) {
		int r = ivfs_grow(fs, (void **)&n->leaves, sizeof(struct ivfs_bptr), &n->cap_leaves,
				  count);
		if (r < 0)
			return r;
		memset(&n->leaves[n->nleaves], 0,
		       (size_t)((count - n->nleaves) * sizeof(struct ivfs_bptr)));
	} else {
		/* Blocks written in this transaction and now cut off go back. */
		for (uint64_t i = count; i < n->nleaves; i++)
			if (n->leaves[i].lba && n->leaves[i].lba < fs->dev.nblocks &&
			    ivfs_bit(fs->pending, n->leaves[i].lba))
				ivfs_set_bit(fs->pending, n->leaves[i].lba, false);
	}
	n->nleaves = count;
	return 0;
}

/* Stores one block of file content copy-on-write: a block already written in
 * this transaction is overwritten in place, a committed one never is. */
int ivfs_put_leaf(struct ivfs *fs, struct ivfs_node *n, uint64_t idx, const void *data)
{
	int r;
	if (idx >= n->nleaves && (r = ivfs_set_nleaves(fs, n, idx + 1)) < 0)
		return r;
	struct ivfs_bptr p;
	ivfs_hash_block(data, &p);
	p.lba = n->leaves[idx].lba;
	if (p.lba == 0 || p.lba >= fs->dev.nblocks || !ivfs_bit(fs->pending, p.lba)) {
		if ((r = ivfs_alloc_block(fs, &p.lba)) < 0)
			return r;
	}
	if ((r = ivfs_dev_write(fs, p.lba, 1, data)) < 0)
		return r;
	n->leaves[idx] = p;
	return 0;
}
