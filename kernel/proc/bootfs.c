/*
 * /boot: the boot loader's modules as read-only files, named by the last path
 * component of their module string ("build/user/hello.aelf" -> /boot/hello.aelf).
 * Programs started before a disk filesystem exists come from here.
 */
#include <string.h>

#include "kernel/bootinfo.h"
#include "kernel/layout.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/vfs.h"

static const char *module_basename(const struct boot_module *m)
{
	const char *name = m->name;
	/* The module string may carry arguments after the path. */
	const char *end = strchr(name, ' ');
	size_t len = end ? (size_t)(end - name) : strlen(name);
	const char *base = name;
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '/')
			base = name + i + 1;
	}
	return base;
}

static size_t basename_len(const char *base)
{
	const char *end = strchr(base, ' ');
	return end ? (size_t)(end - base) : strlen(base);
}

static const struct boot_module *bootfs_find(const char *path)
{
	if (path[0] != '/')
		return NULL;
	for (int i = 0; i < boot_info.module_count; i++) {
		const char *b = module_basename(&boot_info.modules[i]);
		size_t n = basename_len(b);
		if (n && strncmp(b, path + 1, n) == 0 && path[1 + n] == '\0')
			return &boot_info.modules[i];
	}
	return NULL;
}

static long bootfs_read(struct file *f, void *buf, size_t len)
{
	const struct boot_module *m = f->priv;
	uint64_t size = m->end - m->start;
	if (f->offset >= size)
		return 0;
	size_t n = size - f->offset < len ? (size_t)(size - f->offset) : len;
	memcpy(buf, (const uint8_t *)phys_to_virt(m->start) + f->offset, n);
	f->offset += n;
	return (long)n;
}

static long bootfs_lseek(struct file *f, int64_t off, int whence)
{
	const struct boot_module *m = f->priv;
	int64_t base = whence == AE_SEEK_SET   ? 0
		       : whence == AE_SEEK_CUR ? (int64_t)f->offset
					       : (int64_t)(m->end - m->start);
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -AE_EINVAL;
	f->offset = (uint64_t)(base + off);
	return (long)f->offset;
}

static void bootfs_fill_stat(const struct boot_module *m, struct ae_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->nlink = 1;
	if (!m) {
		st->mode = AE_S_IFDIR | 0555;
		st->ino = 1;
		return;
	}
	st->mode = AE_S_IFREG | 0555;
	st->size = m->end - m->start;
	st->ino = 2 + (uint64_t)(m - boot_info.modules);
	st->integrity = AE_INTEGRITY_UNSIGNED; /* AELF files carry their own signature */
}

static int bootfs_file_stat(struct file *f, struct ae_stat *st)
{
	bootfs_fill_stat(f->priv, st);
	return 0;
}

/* The directory: one record per module, offset = module index. */
static long bootfs_getdents(struct file *f, void *buf, size_t len)
{
	size_t used = 0;
	while (f->offset < (uint64_t)boot_info.module_count) {
		const struct boot_module *m = &boot_info.modules[f->offset];
		const char *b = module_basename(m);
		size_t n = basename_len(b);
		if (n > 255)
			n = 255;
		size_t rec = (sizeof(struct ae_dirent) + n + 1 + 7) & ~(size_t)7;
		if (used + rec > len)
			break;
		struct ae_dirent *d = (struct ae_dirent *)((uint8_t *)buf + used);
		memset(d, 0, rec);
		d->ino = 2 + f->offset;
		d->reclen = (uint16_t)rec;
		d->type = AE_DT_REG;
		d->namelen = (uint8_t)n;
		memcpy(d + 1, b, n);
		used += rec;
		f->offset++;
	}
	if (used == 0 && f->offset < (uint64_t)boot_info.module_count)
		return -AE_EINVAL; /* buffer too small for the next record */
	return (long)used;
}

static const struct file_ops bootfs_file_ops = {
    .kind = "bootfs",
    .read = bootfs_read,
    .lseek = bootfs_lseek,
    .stat = bootfs_file_stat,
};

static const struct file_ops bootfs_dir_ops = {
    .kind = "bootfs-dir",
    .lseek = file_dir_rewind,
    .stat = bootfs_file_stat,
    .getdents = bootfs_getdents,
};

static int bootfs_open(void *fs, const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	(void)fs;
	(void)mode;
	if ((flags & AE_O_ACCMODE) != AE_O_RDONLY || (flags & (AE_O_CREAT | AE_O_TRUNC)))
		return -AE_EROFS;
	bool is_root = strcmp(path, "/") == 0;
	const struct boot_module *m = is_root ? NULL : bootfs_find(path);
	if (!is_root && !m)
		return -AE_ENOENT;
	if (!is_root && (flags & AE_O_DIRECTORY))
		return -AE_ENOTDIR;
	*out = file_new(is_root ? &bootfs_dir_ops : &bootfs_file_ops, flags, (void *)m);
	return *out ? 0 : -AE_ENOMEM;
}

static int bootfs_stat(void *fs, const char *path, struct ae_stat *st)
{
	(void)fs;
	if (strcmp(path, "/") == 0) {
		bootfs_fill_stat(NULL, st);
		return 0;
	}
	const struct boot_module *m = bootfs_find(path);
	if (!m)
		return -AE_ENOENT;
	bootfs_fill_stat(m, st);
	return 0;
}

static const struct vfs_fs_ops bootfs_ops = {
    .name = "bootfs",
    .open = bootfs_open,
    .stat = bootfs_stat,
};

void bootfs_mount(void);
void bootfs_mount(void)
{
	vfs_mount("/boot", &bootfs_ops, NULL);
}
