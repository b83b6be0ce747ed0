/* IronVFS RAM state, shared by the files of lib/ironvfs only. */
#ifndef IRONVFS_INTERNAL_H
#define IRONVFS_INTERNAL_H

#include "ironvfs/ironvfs.h"

/* One inode in RAM. leaves[] is the file's block list (data block pointers),
 * maps[] the blocks of its committed hash tree (for the free-space map). */
struct ivfs_node {
	struct ivfs_dinode d; /* committed record, updated in RAM */
	struct ivfs_bptr *leaves;
	uint64_t nleaves, cap_leaves;
	uint64_t *maps;
	uint64_t nmaps, cap_maps;
	struct ivfs_dirent_disk *ents; /* directories: entries */
	uint32_t nents, cap_ents;
	uint32_t parent;	 /* directories: containing directory */
	int damage;		 /* 0 or the error reads return */
	const char *damage_what; /* why, for reports */
	int64_t damage_block;	 /* file block index involved, or -1 */
	uint64_t serial;	 /* unique per inode incarnation in this mount */
	bool dirty;
};

struct ivfs {
	struct ivfs_blockdev dev;
	struct ivfs_env env;
	struct ivfs_keys keys;
	uint8_t uuid[IVFS_UUID_LEN];
	uint64_t generation;
	struct ivfs_node *nodes; /* index = ino; nodes[0] is the inode table */
	uint32_t nnodes, cap_nodes;
	uint8_t *used;	  /* bitmap: referenced by the committed state */
	uint8_t *pending; /* bitmap: allocated since the last commit */
	uint64_t alloc_cursor;
	uint64_t next_serial;
	uint8_t *blk;  /* one scratch block */
	uint8_t *blk2; /* a second one */
	bool dirty;
	bool failed; /* a commit failed half-way: refuse changes */
};

/* Fuzzing only (tests/ironvfs/fuzz_mount.c): skip the FNV, hash and
 * signature checks so that the fuzzer reaches the parsers behind them. Never
 * honoured in the kernel. */
#if defined(IVFS_FUZZ_UNSAFE_NO_INTEGRITY) && !defined(AETHER_KERNEL)
#define IVFS_INTEGRITY 0
#else
#define IVFS_INTEGRITY 1
#endif

/* util.c */
void *ivfs_alloc(struct ivfs *fs, size_t size);
void ivfs_free(struct ivfs *fs, void *p);
int ivfs_grow(struct ivfs *fs, void **arr, size_t elem, uint64_t *cap, uint64_t need);
static inline bool ivfs_bit(const uint8_t *map, uint64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}
static inline void ivfs_set_bit(uint8_t *map, uint64_t i, bool v)
{
	if (v)
		map[i >> 3] |= (uint8_t)(1u << (i & 7));
	else
		map[i >> 3] &= (uint8_t) ~(1u << (i & 7));
}
int ivfs_alloc_block(struct ivfs *fs, uint64_t *lba);
void ivfs_hash_block(const void *data, struct ivfs_bptr *p);
int ivfs_dev_read(struct ivfs *fs, uint64_t lba, uint32_t count, void *buf);
int ivfs_dev_write(struct ivfs *fs, uint64_t lba, uint32_t count, const void *buf);

/* tree.c */
int ivfs_check_block(const void *data, const struct ivfs_bptr *p);
int ivfs_read_leaf(struct ivfs *fs, const struct ivfs_bptr *p, void *buf);
int ivfs_load_tree(struct ivfs *fs, struct ivfs_node *n, uint32_t ino);
int ivfs_build_tree(struct ivfs *fs, struct ivfs_node *n, uint32_t ino);
int ivfs_put_leaf(struct ivfs *fs, struct ivfs_node *n, uint64_t idx, const void *data);
int ivfs_set_nleaves(struct ivfs *fs, struct ivfs_node *n, uint64_t count);

/* sign.c */
void ivfs_inode_sign(const struct ivfs *fs, uint32_t ino, struct ivfs_dinode *d);
bool ivfs_inode_verify(const struct ivfs *fs, uint32_t ino, const struct ivfs_dinode *d);
void ivfs_super_seal(const struct ivfs_keys *keys, struct ivfs_super *sb);
int ivfs_super_check(const struct ivfs_keys *keys, const uint8_t *block, uint64_t slot,
		     uint64_t dev_nblocks, struct ivfs_super *out);

/* dir.c */
int ivfs_load_dir(struct ivfs *fs, uint32_t ino);
int ivfs_store_dir(struct ivfs *fs, uint32_t ino);
int ivfs_path_of(const struct ivfs *fs, uint32_t ino, char *buf, size_t len);

/* commit.c */
void ivfs_recount_used(struct ivfs *fs);
int ivfs_node_slot(struct ivfs *fs, uint32_t *ino);
void ivfs_node_release(struct ivfs *fs, struct ivfs_node *n);

#endif
