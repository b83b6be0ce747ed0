/* IronVFS helpers: memory, free-space allocation, block hashing, errors. */
#include <string.h>

#include "crypto/fnv1a.h"
#include "crypto/sha256.h"
#include "ironvfs/internal.h"

void *ivfs_alloc(struct ivfs *fs, size_t size)
{
	void *p = fs->env.alloc(fs->env.ctx, size ? size : 1);
	if (p)
		memset(p, 0, size);
	return p;
}

void ivfs_free(struct ivfs *fs, void *p)
{
	if (p)
		fs->env.free(fs->env.ctx, p);
}

/* Grows *arr (elements of `elem` bytes, capacity *cap) to hold `need`. */
int ivfs_grow(struct ivfs *fs, void **arr, size_t elem, uint64_t *cap, uint64_t need)
{
	if (need <= *cap)
		return 0;
	uint64_t ncap = *cap ? *cap : 4;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / elem)
		return -IVFS_ENOMEM;
	void *n = ivfs_alloc(fs, (size_t)(ncap * elem));
	if (!n)
		return -IVFS_ENOMEM;
	if (*arr) {
		memcpy(n, *arr, (size_t)(*cap * elem));
		ivfs_free(fs, *arr);
	}
	*arr = n;
	*cap = ncap;
	return 0;
}

/* Next-fit over blocks that neither the committed state nor this transaction
 * uses, so sequential writes land on consecutive blocks. */
int ivfs_alloc_block(struct ivfs *fs, uint64_t *lba)
{
	uint64_t n = fs->dev.nblocks;
	uint64_t span = n - IVFS_FIRST_DATA;
	for (uint64_t k = 0; k < span; k++) {
		uint64_t b = fs->alloc_cursor + k;
		if (b >= n)
			b = IVFS_FIRST_DATA + (b - n);
		if (!ivfs_bit(fs->used, b) && !ivfs_bit(fs->pending, b)) {
			ivfs_set_bit(fs->pending, b, true);
			fs->alloc_cursor = b + 1 < n ? b + 1 : IVFS_FIRST_DATA;
			*lba = b;
			return 0;
		}
	}
	return -IVFS_ENOSPC;
}

void ivfs_hash_block(const void *data, struct ivfs_bptr *p)
{
	p->fnv = fnv1a64(data, IVFS_BLOCK_SIZE);
	sha256(data, IVFS_BLOCK_SIZE, p->sha);
}

int ivfs_dev_read(struct ivfs *fs, uint64_t lba, uint32_t count, void *buf)
{
	if (lba >= fs->dev.nblocks || count > fs->dev.nblocks - lba)
		return -IVFS_EBADMSG; /* a pointer off the device: not ours */
	int r = fs->dev.read(fs->dev.ctx, lba, count, buf);
	return r < 0 ? -IVFS_EIO : 0;
}

int ivfs_dev_write(struct ivfs *fs, uint64_t lba, uint32_t count, const void *buf)
{
	if (lba < IVFS_FIRST_DATA || lba >= fs->dev.nblocks || count > fs->dev.nblocks - lba)
		return -IVFS_EIO;
	int r = fs->dev.write(fs->dev.ctx, lba, count, buf);
	return r < 0 ? -IVFS_EIO : 0;
}

const char *ivfs_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "success";
	case IVFS_ENOENT:
		return "no such file or directory";
	case IVFS_EIO:
		return "I/O error";
	case IVFS_ENOMEM:
		return "out of memory";
	case IVFS_EEXIST:
		return "file exists";
	case IVFS_ENOTDIR:
		return "not a directory";
	case IVFS_EISDIR:
		return "is a directory";
	case IVFS_EINVAL:
		return "invalid argument";
	case IVFS_EFBIG:
		return "file too large";
	case IVFS_ENOSPC:
		return "no space left on device";
	case IVFS_EROFS:
		return "read-only filesystem";
	case IVFS_ENAMETOOLONG:
		return "file name too long";
	case IVFS_ENOTEMPTY:
		return "directory not empty";
	case IVFS_EBADMSG:
		return "integrity check failed";
	case IVFS_ESTALE:
		return "replayed (older) image refused";
	default:
		return "unknown error";
	}
}
