/* Read-only files whose content is a snapshot made at open (for /proc and /dev). */
#include <string.h>

#include "mm/heap.h"
#include "proc/file.h"
#include "proc/memfile.h"

struct memfile {
	size_t len;
	char data[];
};

static long memfile_read(struct file *f, void *buf, size_t len)
{
	struct memfile *m = f->priv;
	if (f->offset >= m->len)
		return 0;
	size_t n = m->len - f->offset < len ? (size_t)(m->len - f->offset) : len;
	memcpy(buf, m->data + f->offset, n);
	f->offset += n;
	return (long)n;
}

static long memfile_lseek(struct file *f, int64_t off, int whence)
{
	struct memfile *m = f->priv;
	int64_t base = whence == AE_SEEK_SET   ? 0
		       : whence == AE_SEEK_CUR ? (int64_t)f->offset
					       : (int64_t)m->len;
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -AE_EINVAL;
	f->offset = (uint64_t)(base + off);
	return (long)f->offset;
}

static int memfile_stat(struct file *f, struct ae_stat *st)
{
	struct memfile *m = f->priv;
	memset(st, 0, sizeof(*st));
	st->mode = AE_S_IFREG | 0444;
	st->size = m->len;
	st->nlink = 1;
	return 0;
}

static void memfile_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops memfile_ops = {
    .kind = "snapshot",
    .read = memfile_read,
    .lseek = memfile_lseek,
    .stat = memfile_stat,
    .release = memfile_release,
};

int memfile_open(const char *text, size_t len, struct file **out)
{
	struct memfile *m = kmalloc(sizeof(*m) + len + 1);
	if (!m)
		return -AE_ENOMEM;
	m->len = len;
	memcpy(m->data, text, len);
	*out = file_new(&memfile_ops, AE_O_RDONLY, m);
	if (!*out) {
		kfree(m);
		return -AE_ENOMEM;
	}
	return 0;
}

/* ---- directory listings built from a name list ---- */

struct memdir {
	int count;
	uint64_t inos[MEMDIR_MAX];
	uint8_t types[MEMDIR_MAX];
	char names[MEMDIR_MAX][MEMDIR_NAME];
};

static long memdir_getdents(struct file *f, void *buf, size_t len)
{
	struct memdir *d = f->priv;
	size_t used = 0;
	while (f->offset < (uint64_t)d->count) {
		const char *name = d->names[f->offset];
		size_t n = strlen(name);
		size_t rec = (sizeof(struct ae_dirent) + n + 1 + 7) & ~(size_t)7;
		if (used + rec > len)
			break;
		struct ae_dirent *e = (struct ae_dirent *)((uint8_t *)buf + used);
		memset(e, 0, rec);
		e->ino = d->inos[f->offset];
		e->reclen = (uint16_t)rec;
		e->type = d->types[f->offset];
		e->namelen = (uint8_t)n;
		memcpy(e + 1, name, n);
		used += rec;
		f->offset++;
	}
	if (used == 0 && f->offset < (uint64_t)d->count)
		return -AE_EINVAL;
	return (long)used;
}

static int memdir_stat(struct file *f, struct ae_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->mode = AE_S_IFDIR | 0555;
	st->nlink = 2;
	return 0;
}

static void memdir_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops memdir_ops = {
    .kind = "snapshot-dir",
    .lseek = file_dir_rewind,
    .stat = memdir_stat,
    .getdents = memdir_getdents,
    .release = memdir_release,
};

struct memdir *memdir_new(void)
{
	return kzalloc(sizeof(struct memdir));
}

void memdir_add(struct memdir *d, const char *name, uint64_t ino, uint8_t type)
{
	if (d->count == MEMDIR_MAX)
		return;
	size_t n = strnlen(name, MEMDIR_NAME - 1);
	memcpy(d->names[d->count], name, n);
	d->names[d->count][n] = '\0';
	d->inos[d->count] = ino;
	d->types[d->count] = type;
	d->count++;
}

int memdir_open(struct memdir *d, struct file **out)
{
	*out = file_new(&memdir_ops, AE_O_RDONLY | AE_O_DIRECTORY, d);
	if (!*out) {
		kfree(d);
		return -AE_ENOMEM;
	}
	return 0;
}
