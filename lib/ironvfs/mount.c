/* IronVFS: format, mount (superblock choice, replay check, tree loading). */
#include <string.h>

#include "crypto/fnv1a.h"
#include "ironvfs/internal.h"

static void report(ivfs_report_fn fn, void *ctx, const char *path, uint32_t ino, int64_t blk,
		   const char *what)
{
	if (fn)
		fn(ctx, path, ino, blk, what);
}

static struct ivfs *fs_new(const struct ivfs_blockdev *dev, const struct ivfs_env *env,
			   const struct ivfs_keys *keys)
{
	struct ivfs *fs = env->alloc(env->ctx, sizeof(*fs));
	if (!fs)
		return NULL;
	memset(fs, 0, sizeof(*fs));
	fs->dev = *dev;
	fs->env = *env;
	fs->keys = *keys;
	fs->alloc_cursor = IVFS_FIRST_DATA;
	fs->blk = ivfs_alloc(fs, IVFS_BLOCK_SIZE);
	fs->blk2 = ivfs_alloc(fs, IVFS_BLOCK_SIZE);
	if (!fs->blk || !fs->blk2) {
		ivfs_unmount(fs);
		return NULL;
	}
	return fs;
}

static int fs_size(struct ivfs *fs, uint64_t nblocks, uint32_t ninodes)
{
	fs->dev.nblocks = nblocks;
	size_t bytes = (size_t)((nblocks + 7) / 8);
	fs->used = ivfs_alloc(fs, bytes);
	fs->pending = ivfs_alloc(fs, bytes);
	uint64_t cap = 0;
	if (!fs->used || !fs->pending ||
	    ivfs_grow(fs, (void **)&fs->nodes, sizeof(struct ivfs_node), &cap, ninodes) < 0)
		return -IVFS_ENOMEM;
	fs->cap_nodes = (uint32_t)cap;
	fs->nnodes = ninodes;
	return 0;
}

void ivfs_unmount(struct ivfs *fs)
{
	if (!fs)
		return;
	for (uint32_t i = 0; i < fs->nnodes; i++)
		ivfs_node_release(fs, &fs->nodes[i]);
	ivfs_free(fs, fs->nodes);
	ivfs_free(fs, fs->used);
	ivfs_free(fs, fs->pending);
	ivfs_free(fs, fs->blk);
	ivfs_free(fs, fs->blk2);
	fs->env.free(fs->env.ctx, fs);
}

int ivfs_format(const struct ivfs_blockdev *dev, const struct ivfs_env *env,
		const struct ivfs_keys *keys, const uint8_t uuid[IVFS_UUID_LEN])
{
	if (!keys->sign_seed)
		return -IVFS_EROFS;
	if (dev->nblocks < IVFS_FIRST_DATA + 8)
		return -IVFS_ENOSPC;
	struct ivfs *fs = fs_new(dev, env, keys);
	if (!fs)
		return -IVFS_ENOMEM;
	int r = fs_size(fs, dev->nblocks, IVFS_ROOT_INO + 1);
	/* Invalidate whatever superblocks were there before. */
	for (uint32_t s = 0; r == 0 && s < IVFS_SUPER_SLOTS; s++)
		if (dev->write(dev->ctx, s, 1, fs->blk) < 0 || dev->flush(dev->ctx) < 0)
			r = -IVFS_EIO;
	if (r == 0) {
		memcpy(fs->uuid, uuid, IVFS_UUID_LEN);
		fs->generation = 0;
		fs->nodes[IVFS_INODE_FILE].d.type = IVFS_T_FILE;
		struct ivfs_node *root = &fs->nodes[IVFS_ROOT_INO];
		root->d.type = IVFS_T_DIR;
		root->d.mode = 0755;
		root->d.nlink = 1;
		root->parent = IVFS_ROOT_INO;
		root->dirty = true;
		root->serial = ++fs->next_serial;
		fs->dirty = true;
		r = ivfs_commit(fs);
	}
	ivfs_unmount(fs);
	return r;
}

/* Reads both superblock slots and keeps the valid one with the highest
 * generation. */
static int pick_super(struct ivfs *fs, struct ivfs_super *best, ivfs_report_fn rep, void *rctx)
{
	bool have = false;
	for (uint32_t s = 0; s < IVFS_SUPER_SLOTS; s++) {
		struct ivfs_super sb;
		int r = fs->dev.read(fs->dev.ctx, s, 1, fs->blk) < 0 ? -IVFS_EIO : 0;
		if (r == 0)
			r = ivfs_super_check(&fs->keys, fs->blk, s, fs->dev.nblocks, &sb);
		if (r < 0) {
			report(rep, rctx, s ? "<superblock slot 1>" : "<superblock slot 0>", 0, s,
			       ivfs_strerror(r));
			continue;
		}
		if (!have || sb.generation > best->generation)
			*best = sb;
		have = true;
	}
	return have ? 0 : -IVFS_EBADMSG;
}

/* Loads the inode table (ino 0) and parses every record. */
static int load_itable(struct ivfs *fs, const struct ivfs_super *sb, ivfs_report_fn rep, void *rctx)
{
	struct ivfs_node *it = &fs->nodes[IVFS_INODE_FILE];
	it->d.type = IVFS_T_FILE;
	it->d.size = sb->itable_size;
	it->d.height = sb->itable_height;
	it->d.root = sb->itable_root;
	int r = ivfs_load_tree(fs, it, IVFS_INODE_FILE);
	if (r < 0) {
		report(rep, rctx, "<inode table>", 0, -1, "hash tree damaged");
		return r;
	}
	for (uint64_t b = 0; b < it->nleaves; b++) {
		if ((r = ivfs_read_leaf(fs, &it->leaves[b], fs->blk)) < 0) {
			report(rep, rctx, "<inode table>", 0, (int64_t)b, ivfs_strerror(r));
			return r;
		}
		for (uint32_t k = 0; k < IVFS_INODES_PER_BLOCK; k++) {
			uint64_t ino = b * IVFS_INODES_PER_BLOCK + k;
			if (ino == IVFS_INODE_FILE || ino >= fs->nnodes)
				continue;
			memcpy(&fs->nodes[ino].d, fs->blk + k * IVFS_INODE_SIZE, IVFS_INODE_SIZE);
		}
	}
	return 0;
}

static int mount_impl(struct ivfs **out, const struct ivfs_blockdev *dev,
		      const struct ivfs_env *env, const struct ivfs_keys *keys,
		      const struct ivfs_trust *trust, ivfs_report_fn rep, void *rctx)
{
	*out = NULL;
	struct ivfs *fs = fs_new(dev, env, keys);
	if (!fs)
		return -IVFS_ENOMEM;
	struct ivfs_super sb;
	int r = pick_super(fs, &sb, rep, rctx);
	if (r == 0 && trust && trust->known &&
	    (memcmp(trust->uuid, sb.uuid, IVFS_UUID_LEN) != 0 ||
	     sb.generation < trust->generation)) {
		report(rep, rctx, "<superblock>", 0, -1, "older than the trusted generation");
		r = -IVFS_ESTALE;
	}
	if (r == 0) {
		memcpy(fs->uuid, sb.uuid, IVFS_UUID_LEN);
		fs->generation = sb.generation;
		r = fs_size(fs, sb.nblocks, sb.inode_count);
	}
	if (r == 0)
		r = load_itable(fs, &sb, rep, rctx);
	for (uint32_t ino = IVFS_ROOT_INO; r == 0 && ino < fs->nnodes; ino++) {
		struct ivfs_node *n = &fs->nodes[ino];
		if (n->d.type == IVFS_T_FREE)
			continue;
		n->serial = ++fs->next_serial;
		n->damage_block = -1;
		if (n->d.type != IVFS_T_FILE && n->d.type != IVFS_T_DIR) {
			n->damage = -IVFS_EBADMSG;
			n->damage_what = "inode record has an unknown type";
		} else if (n->d.size > fs->dev.nblocks * IVFS_BLOCK_SIZE) {
			n->damage = -IVFS_EBADMSG;
			n->damage_what = "inode larger than the filesystem";
		} else if (!ivfs_inode_verify(fs, ino, &n->d)) {
			n->damage = -IVFS_EBADMSG;
			n->damage_what = "inode signature does not verify";
		} else if ((n->damage = ivfs_load_tree(fs, n, ino)) < 0) {
			n->damage_what = "hash-tree (map) block damaged";
		}
	}
	if (r == 0 &&
	    (fs->nodes[IVFS_ROOT_INO].d.type != IVFS_T_DIR || fs->nodes[IVFS_ROOT_INO].damage)) {
		report(rep, rctx, "/", IVFS_ROOT_INO, -1, "root directory damaged");
		r = -IVFS_EBADMSG;
	}
	if (r == 0) {
		fs->nodes[IVFS_ROOT_INO].parent = IVFS_ROOT_INO;
		for (uint32_t ino = IVFS_ROOT_INO; ino < fs->nnodes; ino++) {
			struct ivfs_node *n = &fs->nodes[ino];
			if (n->d.type == IVFS_T_DIR && !n->damage &&
			    (n->damage = ivfs_load_dir(fs, ino)) < 0)
				n->damage_what = "directory content damaged";
		}
		if (fs->nodes[IVFS_ROOT_INO].damage) {
			report(rep, rctx, "/", IVFS_ROOT_INO, -1, "root directory damaged");
			r = -IVFS_EBADMSG;
		}
	}
	if (r < 0) {
		ivfs_unmount(fs);
		return r;
	}
	ivfs_recount_used(fs);
	*out = fs;
	return 0;
}

int ivfs_mount(struct ivfs **out, const struct ivfs_blockdev *dev, const struct ivfs_env *env,
	       const struct ivfs_keys *keys, const struct ivfs_trust *trust)
{
	return mount_impl(out, dev, env, keys, trust, NULL, NULL);
}

int ivfs_mount_report(struct ivfs **out, const struct ivfs_blockdev *dev,
		      const struct ivfs_env *env, const struct ivfs_keys *keys,
		      const struct ivfs_trust *trust, ivfs_report_fn rep, void *ctx)
{
	return mount_impl(out, dev, env, keys, trust, rep, ctx);
}

uint64_t ivfs_generation(const struct ivfs *fs)
{
	return fs->generation;
}

void ivfs_uuid(const struct ivfs *fs, uint8_t uuid[IVFS_UUID_LEN])
{
	memcpy(uuid, fs->uuid, IVFS_UUID_LEN);
}

bool ivfs_dirty(const struct ivfs *fs)
{
	return fs->dirty;
}

uint32_t ivfs_damage_count(const struct ivfs *fs)
{
	uint32_t c = 0;
	for (uint32_t i = IVFS_ROOT_INO; i < fs->nnodes; i++)
		c += fs->nodes[i].d.type != IVFS_T_FREE && fs->nodes[i].damage != 0;
	return c;
}

int ivfs_damaged(const struct ivfs *fs, uint32_t idx, char *buf, size_t len, uint32_t *ino,
		 int *err)
{
	for (uint32_t i = IVFS_ROOT_INO; i < fs->nnodes; i++) {
		const struct ivfs_node *n = &fs->nodes[i];
		if (n->d.type == IVFS_T_FREE || !n->damage || idx--)
			continue;
		*ino = i;
		*err = n->damage;
		return ivfs_path_of(fs, i, buf, len);
	}
	return -IVFS_ENOENT;
}

/* Reads every block of every file (directories and trees were read at mount)
 * and reports each problem with its path and block index. */
uint32_t ivfs_verify_all(struct ivfs *fs, ivfs_report_fn rep, void *ctx)
{
	uint32_t problems = 0;
	char path[256];
	for (uint32_t ino = IVFS_ROOT_INO; ino < fs->nnodes; ino++) {
		struct ivfs_node *n = &fs->nodes[ino];
		if (n->d.type == IVFS_T_FREE)
			continue;
		if (ivfs_path_of(fs, ino, path, sizeof(path)) < 0)
			path[0] = 0;
		if (n->damage) {
			problems++;
			report(rep, ctx, path, ino, n->damage_block,
			       n->damage_what ? n->damage_what : ivfs_strerror(n->damage));
			continue;
		}
		if (n->d.type != IVFS_T_FILE)
			continue;
		for (uint64_t b = 0; b < n->nleaves; b++) {
			const struct ivfs_bptr *p = &n->leaves[b];
			if (p->lba == 0)
				continue;
			int r = ivfs_dev_read(fs, p->lba, 1, fs->blk);
			const char *what = NULL;
			if (r < 0)
				what = ivfs_strerror(r);
			else if (ivfs_check_block(fs->blk, p) < 0)
				what = fnv1a64(fs->blk, IVFS_BLOCK_SIZE) == p->fnv
					   ? "SHA-256 mismatch (FNV intact: "
					     "deliberate change?)"
					   : "FNV-1a mismatch (corrupted block)";
			if (what) {
				problems++;
				report(rep, ctx, path, ino, (int64_t)b, what);
			}
		}
	}
	return problems;
}

int ivfs_block_lba(const struct ivfs *fs, uint32_t ino, uint64_t index, uint64_t *lba)
{
	if (ino >= fs->nnodes || fs->nodes[ino].d.type == IVFS_T_FREE ||
	    index >= fs->nodes[ino].nleaves)
		return -IVFS_ENOENT;
	*lba = fs->nodes[ino].leaves[index].lba;
	return 0;
}
