/* IronVFS signatures: per-inode records and the superblock. */
#include <string.h>

#include "crypto/ed25519.h"
#include "crypto/fnv1a.h"
#include "ironvfs/internal.h"

#define IVFS_INODE_MSG_TAG "IVFS-INODE-v1\0\0\0"
#define IVFS_TAG_LEN	   16u
#define IVFS_INODE_MSG_LEN (IVFS_TAG_LEN + IVFS_UUID_LEN + 4 + offsetof(struct ivfs_dinode, sig))

/* What an inode signature covers: a domain tag, the filesystem uuid, the
 * inode number and the record up to the signature. */
static void inode_msg(const uint8_t uuid[IVFS_UUID_LEN], uint32_t ino, const struct ivfs_dinode *d,
		      uint8_t msg[IVFS_INODE_MSG_LEN])
{
	memcpy(msg, IVFS_INODE_MSG_TAG, IVFS_TAG_LEN);
	memcpy(msg + IVFS_TAG_LEN, uuid, IVFS_UUID_LEN);
	memcpy(msg + IVFS_TAG_LEN + IVFS_UUID_LEN, &ino, 4);
	memcpy(msg + IVFS_TAG_LEN + IVFS_UUID_LEN + 4, d, offsetof(struct ivfs_dinode, sig));
}

void ivfs_inode_sign(const struct ivfs *fs, uint32_t ino, struct ivfs_dinode *d)
{
	uint8_t msg[IVFS_INODE_MSG_LEN];
	d->key_id = fs->keys.sign_key_id;
	inode_msg(fs->uuid, ino, d, msg);
	ed25519_sign(d->sig, msg, sizeof(msg), fs->keys.sign_seed, fs->keys.pk[d->key_id]);
}

bool ivfs_inode_verify(const struct ivfs *fs, uint32_t ino, const struct ivfs_dinode *d)
{
	uint8_t msg[IVFS_INODE_MSG_LEN];
	if (d->key_id >= IVFS_KEY_COUNT)
		return false;
	if (!IVFS_INTEGRITY)
		return true;
	inode_msg(fs->uuid, ino, d, msg);
	return ed25519_verify(d->sig, msg, sizeof(msg), fs->keys.pk[d->key_id]);
}

void ivfs_super_seal(const struct ivfs_keys *keys, struct ivfs_super *sb)
{
	sb->key_id = keys->sign_key_id;
	sb->fnv = fnv1a64(sb, offsetof(struct ivfs_super, fnv));
	ed25519_sign(sb->sig, sb, offsetof(struct ivfs_super, sig), keys->sign_seed,
		     keys->pk[sb->key_id]);
}

/* Validates the superblock copy read from `slot`: checksum, fields, zero tail,
 * then the signature. */
int ivfs_super_check(const struct ivfs_keys *keys, const uint8_t *block, uint64_t slot,
		     uint64_t dev_nblocks, struct ivfs_super *out)
{
	struct ivfs_super sb;
	memcpy(&sb, block, sizeof(sb));
	if (memcmp(sb.magic, IVFS_MAGIC, IVFS_MAGIC_LEN) != 0)
		return -IVFS_EINVAL;
	if (IVFS_INTEGRITY && sb.fnv != fnv1a64(&sb, offsetof(struct ivfs_super, fnv)))
		return -IVFS_EBADMSG;
	if (sb.version != IVFS_VERSION || sb.block_size != IVFS_BLOCK_SIZE ||
	    sb.nblocks > dev_nblocks || sb.nblocks <= IVFS_FIRST_DATA || sb.slot != slot ||
	    (sb.generation & 1) != slot || sb.key_id >= IVFS_KEY_COUNT ||
	    sb.itable_size != (uint64_t)sb.inode_count * IVFS_INODE_SIZE ||
	    sb.inode_count <= IVFS_ROOT_INO || sb.inode_count > sb.nblocks * IVFS_INODES_PER_BLOCK)
		return -IVFS_EBADMSG;
	for (size_t i = sizeof(sb); i < IVFS_BLOCK_SIZE; i++)
		if (block[i])
			return -IVFS_EBADMSG;
	if (IVFS_INTEGRITY &&
	    !ed25519_verify(sb.sig, &sb, offsetof(struct ivfs_super, sig), keys->pk[sb.key_id]))
		return -IVFS_EBADMSG;
	*out = sb;
	return 0;
}
