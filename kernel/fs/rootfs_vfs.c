/*
 * IronVFS behind the process VFS (proc/vfs.h), mounted at "/". The 25-call ABI
 * has no fsync: closing a file that was written commits (so close() gives the
 * fsync guarantee), and unlink, mkdir, rmdir and rename commit at once.
 * ae_stat.integrity tells which key vouches for a file, or that it is damaged.
 */
#include <stddef.h>
#include <string.h>

#include "fs/rootfs.h"
#include "kernel/log.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/vfs.h"

#define DIRENT_ALIGN 8u
#define PERM_MASK    07777u

struct rfile {
	uint32_t ino;
	uint64_t serial; /* the inode incarnation opened (numbers are reused) */
	bool written;
};

/* 0 while the open inode still exists; -AE_ENOENT once it was removed, even
 * if its number now names another file. */
static int live(const struct rfile *rf)
{
	struct ivfs_stat st;
	return ivfs_stat(rootfs_get(), rf->ino, &st) == 0 && st.serial == rf->serial ? 0
										     : -AE_ENOENT;
}

/* IronVFS errors use the same (Linux) numbers as AE_*; ESTALE has no AE_ twin. */
static int ae_err(int r)
{
	return r == -IVFS_ESTALE ? -AE_EIO : r;
}

static int committed(int r)
{
	if (r == 0)
		r = rootfs_commit();
	return ae_err(r);
}

static void fill_stat(const struct ivfs_stat *s, struct ae_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = s->ino;
	st->size = s->size;
	st->mode = (s->type == IVFS_T_DIR ? AE_S_IFDIR : AE_S_IFREG) | (s->mode & PERM_MASK);
	st->nlink = 1;
	st->integrity = s->damage		      ? AE_INTEGRITY_DAMAGED
			: s->key_id == IVFS_KEY_BUILD ? AE_INTEGRITY_SYSTEM
						      : AE_INTEGRITY_DEVICE;
}

static long r_read(struct file *f, void *buf, size_t len)
{
	struct rfile *rf = f->priv;
	if (live(rf) < 0)
		return -AE_ENOENT;
	long n = ivfs_read(rootfs_get(), rf->ino, f->offset, buf, len);
	if (n > 0)
		f->offset += (uint64_t)n;
	return n < 0 ? ae_err((int)n) : n;
}

static long r_write(struct file *f, const void *buf, size_t len)
{
	struct rfile *rf = f->priv;
	struct ivfs *fs = rootfs_get();
	if (live(rf) < 0)
		return -AE_ENOENT;
	if (f->flags & AE_O_APPEND) {
		struct ivfs_stat st;
		if (ivfs_stat(fs, rf->ino, &st) == 0)
			f->offset = st.size;
	}
	long n = ivfs_write(fs, rf->ino, f->offset, buf, len);
	if (n > 0) {
		f->offset += (uint64_t)n;
		rf->written = true;
	}
	return n < 0 ? ae_err((int)n) : n;
}

static long r_lseek(struct file *f, int64_t off, int whence)
{
	struct rfile *rf = f->priv;
	struct ivfs_stat st;
	int r = live(rf) < 0 ? -AE_ENOENT : ivfs_stat(rootfs_get(), rf->ino, &st);
	if (r < 0)
		return ae_err(r);
	int64_t base = whence == AE_SEEK_SET   ? 0
		       : whence == AE_SEEK_CUR ? (int64_t)f->offset
					       : (int64_t)st.size;
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -AE_EINVAL;
	f->offset = (uint64_t)(base + off);
	return (long)f->offset;
}

static int r_fstat(struct file *f, struct ae_stat *st)
{
	struct rfile *rf = f->priv;
	struct ivfs_stat s;
	int r = live(rf) < 0 ? -AE_ENOENT : ivfs_stat(rootfs_get(), rf->ino, &s);
	if (r == 0)
		fill_stat(&s, st);
	return ae_err(r);
}

static long r_getdents(struct file *f, void *buf, size_t len)
{
	struct rfile *rf = f->priv;
	size_t used = 0;
	if (live(rf) < 0)
		return -AE_ENOENT;
	struct ivfs_dirent e;
	for (;;) {
		int r = ivfs_readdir(rootfs_get(), rf->ino, (uint32_t)f->offset, &e);
		if (r < 0)
			return ae_err(r);
		if (r == 0)
			break;
		size_t n = strlen(e.name);
		size_t rec = (sizeof(struct ae_dirent) + n + 1 + DIRENT_ALIGN - 1) &
			     ~(size_t)(DIRENT_ALIGN - 1);
		if (used + rec > len) {
			if (used == 0)
				return -AE_EINVAL; /* buffer too small for the next record */
			break;
		}
		struct ae_dirent *d = (struct ae_dirent *)((uint8_t *)buf + used);
		memset(d, 0, rec);
		d->ino = e.ino;
		d->reclen = (uint16_t)rec;
		d->type = e.type == IVFS_T_DIR ? AE_DT_DIR : AE_DT_REG;
		d->namelen = (uint8_t)n;
		memcpy(d + 1, e.name, n);
		used += rec;
		f->offset++;
	}
	return (long)used;
}

static void r_release(struct file *f)
{
	struct rfile *rf = f->priv;
	if (rf->written) {
		int r = rootfs_commit();
		if (r < 0)
			pr_err("ironvfs: commit on close failed: %s\n", ivfs_strerror(r));
	}
	kfree(rf);
}

static const struct file_ops rfile_ops = {
    .kind = "ironvfs",
    .read = r_read,
    .write = r_write,
    .lseek = r_lseek,
    .stat = r_fstat,
    .release = r_release,
};

static const struct file_ops rdir_ops = {
    .kind = "ironvfs-dir",
    .lseek = file_dir_rewind,
    .stat = r_fstat,
    .getdents = r_getdents,
    .release = r_release,
};

static int r_open(void *unused, const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	struct ivfs *fs = rootfs_get();
	bool wr = (flags & AE_O_ACCMODE) != AE_O_RDONLY;
	uint32_t ino;
	bool created = false;
	int r = ivfs_lookup(fs, path, &ino);
	if (r == -IVFS_ENOENT && (flags & AE_O_CREAT)) {
		r = ivfs_create(fs, path, mode & PERM_MASK, &ino);
		created = r == 0;
	} else if (r == 0 && (flags & AE_O_CREAT) && (flags & AE_O_EXCL)) {
		r = -IVFS_EEXIST;
	}
	struct ivfs_stat st;
	if (r == 0)
		r = ivfs_stat(fs, ino, &st);
	if (r < 0)
		return ae_err(r);
	bool dir = st.type == IVFS_T_DIR;
	if (dir && (wr || (flags & AE_O_TRUNC)))
		return -AE_EISDIR;
	if (!dir && (flags & AE_O_DIRECTORY))
		return -AE_ENOTDIR;
	if (st.damage && !created)
		return ae_err(st.damage);
	bool trunc = !dir && wr && (flags & AE_O_TRUNC) && st.size;
	if (trunc && (r = ivfs_truncate(fs, ino, 0)) < 0)
		return ae_err(r);
	struct rfile *rf = kzalloc(sizeof(*rf));
	if (!rf)
		return -AE_ENOMEM;
	rf->ino = ino;
	rf->serial = st.serial;
	rf->written = created || trunc;
	*out = file_new(dir ? &rdir_ops : &rfile_ops, flags, rf);
	if (!*out) {
		kfree(rf);
		return -AE_ENOMEM;
	}
	return 0;
}

static int r_stat(void *unused, const char *path, struct ae_stat *st)
{
	struct ivfs *fs = rootfs_get();
	uint32_t ino;
	struct ivfs_stat s;
	int r = ivfs_lookup(fs, path, &ino);
	if (r == 0)
		r = ivfs_stat(fs, ino, &s);
	if (r == 0)
		fill_stat(&s, st);
	return ae_err(r);
}

static int r_mkdir(void *unused, const char *path, uint32_t mode)
{
	return committed(ivfs_mkdir(rootfs_get(), path, mode & PERM_MASK));
}

static int r_unlink(void *unused, const char *path)
{
	return committed(ivfs_unlink(rootfs_get(), path));
}

static int r_rmdir(void *unused, const char *path)
{
	return committed(ivfs_rmdir(rootfs_get(), path));
}

static int r_rename(void *unused, const char *from, const char *to)
{
	return committed(ivfs_rename(rootfs_get(), from, to));
}

static const struct vfs_fs_ops rootfs_ops = {
    .name = "ironvfs",
    .open = r_open,
    .stat = r_stat,
    .mkdir = r_mkdir,
    .unlink = r_unlink,
    .rmdir = r_rmdir,
    .rename = r_rename,
};

void rootfs_vfs_mount(void);
void rootfs_vfs_mount(void)
{
	int r = vfs_mount("/", &rootfs_ops, NULL);
	if (r < 0)
		pr_err("ironvfs: cannot mount at /: %d\n", r);
}
