/*
 * IronVFS on-disk format, version 1 (see docs/ironvfs.md for the prose).
 *
 * All integers are little-endian (the structs are read and written as is, so
 * the code assumes a little-endian host: x86-64 today). The layout of every
 * struct is pinned with _Static_assert.
 *
 *   block 0, block 1   superblock slots; slot = generation & 1
 *   every other block  data, map (hash tree) or inode-table block, allocated
 *                      copy-on-write; free space is whatever the newest
 *                      committed tree does not reference
 */
#ifndef IRONVFS_FORMAT_H
#define IRONVFS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define IVFS_BLOCK_SIZE	 4096u
#define IVFS_VERSION	 1u
#define IVFS_SUPER_SLOTS 2u
#define IVFS_FIRST_DATA	 2u /* first block that the allocator may hand out */
#define IVFS_MAGIC	 "IRONVFS1"
#define IVFS_MAGIC_LEN	 8u
#define IVFS_UUID_LEN	 16u
#define IVFS_HASH_LEN	 32u	     /* SHA-256 */
#define IVFS_SIG_LEN	 64u	     /* Ed25519 */
#define IVFS_MAP_MAGIC	 0x504d5649u /* "IVMP" */
#define IVFS_INODE_SIZE	 256u
#define IVFS_DIRENT_SIZE 64u
#define IVFS_NAME_MAX	 56u
#define IVFS_INODE_FILE	 0u /* ino 0: the inode table, described by the superblock */
#define IVFS_ROOT_INO	 1u
#define IVFS_MAX_HEIGHT	 6u

/* Which key signed a file or a superblock. */
enum ivfs_key_id {
	IVFS_KEY_BUILD = 0,  /* off-device build key: system files from mkironfs */
	IVFS_KEY_DEVICE = 1, /* key held by the running kernel: files written at run time */
	IVFS_KEY_COUNT = 2,
};

enum ivfs_type {
	IVFS_T_FREE = 0,
	IVFS_T_FILE = 1,
	IVFS_T_DIR = 2,
};

/* A pointer to one block and what that block must hash to. A zero lba in a
 * leaf is a hole (reads as zeros, nothing stored). */
struct ivfs_bptr {
	uint64_t lba;
	uint64_t fnv;		    /* FNV-1a 64 of the 4096 bytes: fast corruption check */
	uint8_t sha[IVFS_HASH_LEN]; /* SHA-256 of the 4096 bytes: the security check */
};
_Static_assert(sizeof(struct ivfs_bptr) == 48, "bptr is 48 bytes on disk");

/* A map block: one node of a file's hash tree. Level 1 maps point at data
 * blocks, level k maps at level k-1 maps. The whole 4096 bytes are hashed. */
#define IVFS_MAP_HDR_SIZE 64u
#define IVFS_MAP_FANOUT	  ((IVFS_BLOCK_SIZE - IVFS_MAP_HDR_SIZE) / sizeof(struct ivfs_bptr))
struct ivfs_map_hdr {
	uint32_t magic;
	uint32_t ino;	/* owner, for diagnostics and as a second check */
	uint16_t level; /* 1 = points at data blocks */
	uint16_t count; /* entries used */
	uint32_t reserved0;
	uint64_t first; /* index of the first leaf block covered */
	uint8_t reserved[40];
};
_Static_assert(sizeof(struct ivfs_map_hdr) == IVFS_MAP_HDR_SIZE, "map header is 64 bytes");
_Static_assert(IVFS_MAP_FANOUT == 84, "84 pointers per map block");

struct ivfs_map_block {
	struct ivfs_map_hdr hdr;
	struct ivfs_bptr ent[IVFS_MAP_FANOUT];
};
_Static_assert(sizeof(struct ivfs_map_block) == IVFS_BLOCK_SIZE, "map block fills a block");

/* One inode-table record. The signature covers the filesystem uuid, the inode
 * number and every byte of the record before `sig`. */
struct ivfs_dinode {
	uint32_t type; /* enum ivfs_type */
	uint32_t mode;
	uint32_t nlink;
	uint32_t flags;
	uint64_t size;
	uint64_t mtime; /* generation of the last change */
	uint8_t height; /* 0: no blocks; else levels of maps above the data */
	uint8_t key_id; /* enum ivfs_key_id that signed this record */
	uint8_t reserved0[6];
	struct ivfs_bptr root; /* top map block */
	uint8_t sig[IVFS_SIG_LEN];
	uint8_t reserved[104];
};
_Static_assert(sizeof(struct ivfs_dinode) == IVFS_INODE_SIZE, "inode is 256 bytes");
_Static_assert(offsetof(struct ivfs_dinode, sig) == 88, "signed prefix is 88 bytes");
#define IVFS_INODES_PER_BLOCK (IVFS_BLOCK_SIZE / IVFS_INODE_SIZE)

/* Directory content: an array of fixed-size entries, no holes. */
struct ivfs_dirent_disk {
	uint32_t ino;
	uint8_t type;
	uint8_t name_len;
	uint16_t reserved;
	char name[IVFS_NAME_MAX];
};
_Static_assert(sizeof(struct ivfs_dirent_disk) == IVFS_DIRENT_SIZE, "dirent is 64 bytes");
#define IVFS_DIRENTS_PER_BLOCK (IVFS_BLOCK_SIZE / IVFS_DIRENT_SIZE)

/* Superblock. The FNV covers the bytes before `fnv`; the signature the bytes
 * before `sig`. Every byte of the block after the struct must be zero. */
struct ivfs_super {
	char magic[IVFS_MAGIC_LEN];
	uint32_t version;
	uint32_t block_size;
	uint64_t nblocks;
	uint64_t generation; /* 1 for a fresh image, +1 per commit */
	uint8_t uuid[IVFS_UUID_LEN];
	uint32_t slot;	       /* generation & 1: where this copy must sit */
	uint32_t inode_count;  /* records in the inode table (highest ino + 1) */
	uint8_t itable_height; /* hash tree of the inode table */
	uint8_t key_id;	       /* key that signed this superblock */
	uint8_t reserved0[6];
	uint64_t itable_size; /* bytes */
	struct ivfs_bptr itable_root;
	uint8_t reserved[64];
	uint64_t fnv;
	uint8_t sig[IVFS_SIG_LEN];
};
_Static_assert(sizeof(struct ivfs_super) == 256, "superblock record is 256 bytes");
_Static_assert(offsetof(struct ivfs_super, fnv) == 184, "fnv follows the covered fields");

#endif
