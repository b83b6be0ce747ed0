/* Mount table and path normalisation (see proc/vfs.h). */
#include "proc/vfs.h"

#include <string.h>

#include "mm/heap.h"
#include "proc/file.h"

static struct mount {
	char prefix[64];
	size_t len;
	const struct vfs_fs_ops *ops;
	void *fs;
} mounts[VFS_MAX_MOUNTS];
static int mount_count;

int vfs_mount(const char *prefix, const struct vfs_fs_ops *ops, void *fs)
{
	size_t n = strlen(prefix);
	if (mount_count == VFS_MAX_MOUNTS || n >= sizeof(mounts[0].prefix) || prefix[0] != '/')
		return -AE_EINVAL;
	struct mount *m = &mounts[mount_count++];
	memcpy(m->prefix, prefix, n + 1);
	m->len = n;
	m->ops = ops;
	m->fs = fs;
	return 0;
}

int vfs_normalise(const char *cwd, const char *path, char *out, size_t cap)
{
	if (!path[0])
		return -AE_ENOENT;
	size_t len = 0;
	out[0] = '\0';
	/* Process cwd (when relative) then path, component by component. */
	const char *parts[2] = {path[0] == '/' ? "" : cwd, path};
	for (int k = 0; k < 2; k++) {
		const char *p = parts[k];
		while (*p) {
			while (*p == '/')
				p++;
			const char *start = p;
			while (*p && *p != '/')
				p++;
			size_t n = (size_t)(p - start);
			if (n == 0 || (n == 1 && start[0] == '.'))
				continue;
			if (n == 2 && start[0] == '.' && start[1] == '.') {
				while (len > 0 && out[len - 1] != '/')
					len--;
				if (len > 0)
					len--; /* the slash */
				out[len] = '\0';
				continue;
			}
			if (len + 1 + n + 1 > cap)
				return -AE_ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, start, n);
			len += n;
			out[len] = '\0';
		}
	}
	if (len == 0) {
		if (cap < 2)
			return -AE_ENAMETOOLONG;
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}

/* The mount serving abs and the path inside it. */
static struct mount *vfs_find(const char *abs, const char **rel)
{
	struct mount *best = NULL;
	for (int i = 0; i < mount_count; i++) {
		struct mount *m = &mounts[i];
		bool root = m->len == 1;
		if (root || (strncmp(abs, m->prefix, m->len) == 0 &&
			     (abs[m->len] == '\0' || abs[m->len] == '/'))) {
			if (!best || m->len >= best->len)
				best = m;
		}
	}
	if (best) {
		*rel = best->len == 1 ? abs : abs + best->len;
		if (**rel == '\0')
			*rel = "/";
	}
	return best;
}

#define VFS_DISPATCH(op, abs, ...)                                                                 \
	do {                                                                                       \
		const char *rel;                                                                   \
		struct mount *m = vfs_find(abs, &rel);                                             \
		if (!m)                                                                            \
			return -AE_ENOENT;                                                         \
		if (!m->ops->op)                                                                   \
			return -AE_EROFS;                                                          \
		return m->ops->op(m->fs, rel, ##__VA_ARGS__);                                      \
	} while (0)

int vfs_open(const char *abs, uint32_t flags, uint32_t mode, struct file **out)
{
	VFS_DISPATCH(open, abs, flags, mode, out);
}

int vfs_stat(const char *abs, struct ae_stat *st)
{
	VFS_DISPATCH(stat, abs, st);
}

int vfs_mkdir(const char *abs, uint32_t mode)
{
	VFS_DISPATCH(mkdir, abs, mode);
}

int vfs_unlink(const char *abs)
{
	VFS_DISPATCH(unlink, abs);
}

int vfs_rmdir(const char *abs)
{
	VFS_DISPATCH(rmdir, abs);
}

int vfs_rename(const char *from, const char *to)
{
	const char *rf, *rt;
	struct mount *mf = vfs_find(from, &rf);
	struct mount *mt = vfs_find(to, &rt);
	if (!mf || !mt)
		return -AE_ENOENT;
	if (mf != mt)
		return -AE_EXDEV;
	if (!mf->ops->rename)
		return -AE_EROFS;
	return mf->ops->rename(mf->fs, rf, rt);
}

int vfs_read_all(const char *abs, uint8_t **buf, size_t *len, size_t max)
{
	struct file *f;
	int rc = vfs_open(abs, AE_O_RDONLY, 0, &f);
	if (rc)
		return rc;
	struct ae_stat st;
	rc = f->ops->stat ? f->ops->stat(f, &st) : -AE_EINVAL;
	if (rc == 0 && (st.mode & AE_S_IFMT) != AE_S_IFREG)
		rc = -AE_EACCES;
	if (rc == 0 && st.size > max)
		rc = -AE_EFBIG;
	uint8_t *b = NULL;
	if (rc == 0) {
		b = kmalloc(st.size ? st.size : 1);
		if (!b)
			rc = -AE_ENOMEM;
	}
	size_t got = 0;
	while (rc == 0 && got < st.size) {
		long n = f->ops->read(f, b + got, st.size - got);
		if (n < 0)
			rc = (int)n;
		else if (n == 0)
			break;
		else
			got += (size_t)n;
	}
	file_put(f);
	if (rc) {
		kfree(b);
		return rc;
	}
	*buf = b;
	*len = got;
	return 0;
}
