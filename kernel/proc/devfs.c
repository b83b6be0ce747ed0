/*
 * /dev: the console, null, zero, and tty-mode (write "raw" or "cooked" to
 * switch the console's line discipline, read it to see the current mode: how
 * the shell's line editor gets raw keys without a dedicated system call).
 */
#include <string.h>

#include "kernel/tty.h"
#include "proc/file.h"
#include "proc/memfile.h"
#include "proc/process.h"
#include "proc/vfs.h"

enum dev_node { DEV_CONSOLE = 1, DEV_NULL, DEV_ZERO, DEV_TTY_MODE, DEV_COUNT };
static const char *const dev_names[DEV_COUNT] = {
    [DEV_CONSOLE] = "console",
    [DEV_NULL] = "null",
    [DEV_ZERO] = "zero",
    [DEV_TTY_MODE] = "tty-mode",
};

static long null_read(struct file *f, void *buf, size_t len)
{
	(void)f, (void)buf, (void)len;
	return 0;
}

static long null_write(struct file *f, const void *buf, size_t len)
{
	(void)f, (void)buf;
	return (long)len;
}

static long zero_read(struct file *f, void *buf, size_t len)
{
	(void)f;
	memset(buf, 0, len);
	return (long)len;
}

static int chr_stat(struct file *f, struct ae_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->mode = AE_S_IFCHR | 0666;
	st->nlink = 1;
	st->ino = (uint64_t)(uintptr_t)f->ops;
	return 0;
}

static long ttymode_read(struct file *f, void *buf, size_t len)
{
	const char *m = tty_get_mode() == TTY_MODE_RAW ? "raw\n" : "cooked\n";
	size_t n = strlen(m);
	if (f->offset >= n)
		return 0;
	n -= f->offset;
	if (n > len)
		n = len;
	memcpy(buf, m + f->offset, n);
	f->offset += n;
	return (long)n;
}

static long ttymode_write(struct file *f, const void *buf, size_t len)
{
	(void)f;
	const char *s = buf;
	size_t n = len;
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	if (n == 3 && memcmp(s, "raw", 3) == 0)
		tty_set_mode(TTY_MODE_RAW);
	else if (n == 6 && memcmp(s, "cooked", 6) == 0)
		tty_set_mode(TTY_MODE_CANONICAL);
	else if (n == 11 && memcmp(s, "ignore-intr", 11) == 0 && proc_current())
		proc_current()->ignore_intr = true; /* the writer is a shell: Ctrl-C is for its jobs */
	else
		return -AE_EINVAL;
	return (long)len;
}

static const struct file_ops null_ops = {
    .kind = "null", .read = null_read, .write = null_write, .stat = chr_stat};
static const struct file_ops zero_ops = {
    .kind = "zero", .read = zero_read, .write = null_write, .stat = chr_stat};
static const struct file_ops ttymode_ops = {
    .kind = "tty-mode", .read = ttymode_read, .write = ttymode_write, .stat = chr_stat};

static int devfs_lookup(const char *path)
{
	for (int i = 1; i < DEV_COUNT; i++) {
		if (path[0] == '/' && strcmp(path + 1, dev_names[i]) == 0)
			return i;
	}
	return 0;
}

static int devfs_open(void *fs, const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	(void)fs;
	(void)mode;
	if (strcmp(path, "/") == 0) {
		struct memdir *d = memdir_new();
		if (!d)
			return -AE_ENOMEM;
		for (int i = 1; i < DEV_COUNT; i++)
			memdir_add(d, dev_names[i], 3000 + (uint64_t)i, 0);
		return memdir_open(d, out);
	}
	int node = devfs_lookup(path);
	if (!node)
		return (flags & AE_O_CREAT) ? -AE_EROFS : -AE_ENOENT;
	if (flags & AE_O_DIRECTORY)
		return -AE_ENOTDIR;
	uint32_t keep = flags & AE_O_ACCMODE;
	switch (node) {
	case DEV_CONSOLE:
		*out = console_file_open(keep);
		break;
	case DEV_NULL:
		*out = file_new(&null_ops, keep, NULL);
		break;
	case DEV_ZERO:
		*out = file_new(&zero_ops, keep, NULL);
		break;
	default:
		*out = file_new(&ttymode_ops, keep, NULL);
		break;
	}
	return *out ? 0 : -AE_ENOMEM;
}

static int devfs_stat(void *fs, const char *path, struct ae_stat *st)
{
	struct file *f;
	int rc = devfs_open(fs, path, AE_O_RDONLY, 0, &f);
	if (rc)
		return rc;
	rc = f->ops->stat(f, st);
	file_put(f);
	return rc;
}

static const struct vfs_fs_ops devfs_ops = {
    .name = "devfs",
    .open = devfs_open,
    .stat = devfs_stat,
};

void devfs_mount(void);
void devfs_mount(void)
{
	vfs_mount("/dev", &devfs_ops, NULL);
}
