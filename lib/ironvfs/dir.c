/* IronVFS directories and the namespace operations. */
#include <string.h>

#include "ironvfs/internal.h"

static bool valid_name(const char *name, size_t len)
{
	if (len == 0 || len > IVFS_NAME_MAX)
		return false;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == 0)
			return false;
	return true;
}

/* Reads a directory's entries (its blocks were verified against its tree). */
int ivfs_load_dir(struct ivfs *fs, uint32_t ino)
{
	struct ivfs_node *n = &fs->nodes[ino];
	if (n->d.size % IVFS_DIRENT_SIZE)
		return -IVFS_EBADMSG;
	uint64_t count = n->d.size / IVFS_DIRENT_SIZE;
	uint64_t cap = n->cap_ents;
	int r = ivfs_grow(fs, (void **)&n->ents, IVFS_DIRENT_SIZE, &cap, count);
	if (r < 0)
		return r;
	n->cap_ents = (uint32_t)cap;
	n->nents = 0;
	for (uint64_t b = 0; b < n->nleaves; b++) {
		if ((r = ivfs_read_leaf(fs, &n->leaves[b], fs->blk)) < 0) {
			n->damage_block = (int64_t)b;
			return r;
		}
		uint64_t first = b * IVFS_DIRENTS_PER_BLOCK;
		uint64_t c =
		    count - first < IVFS_DIRENTS_PER_BLOCK ? count - first : IVFS_DIRENTS_PER_BLOCK;
		memcpy(&n->ents[first], fs->blk, (size_t)(c * IVFS_DIRENT_SIZE));
	}
	for (uint64_t i = 0; i < count; i++) {
		const struct ivfs_dirent_disk *e = &n->ents[i];
		if (!valid_name(e->name, e->name_len) || e->ino <= IVFS_ROOT_INO ||
		    e->ino >= fs->nnodes || fs->nodes[e->ino].d.type != e->type ||
		    e->type == IVFS_T_FREE)
			return -IVFS_EBADMSG;
		fs->nodes[e->ino].parent = ino;
	}
	n->nents = (uint32_t)count;
	return 0;
}

static int find(const struct ivfs_node *dir, const char *name, size_t len)
{
	for (uint32_t i = 0; i < dir->nents; i++)
		if (dir->ents[i].name_len == len && !memcmp(dir->ents[i].name, name, len))
			return (int)i;
	return -1;
}

/* Walks `path` up to (not including) its last component when want_parent,
 * else to the end. */
static int walk(struct ivfs *fs, const char *path, bool want_parent, uint32_t *ino,
		const char **last, size_t *last_len)
{
	if (!path || path[0] != '/')
		return -IVFS_EINVAL;
	uint32_t cur = IVFS_ROOT_INO;
	const char *p = path;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *end = p;
		while (*end && *end != '/')
			end++;
		size_t len = (size_t)(end - p);
		const char *rest = end;
		while (*rest == '/')
			rest++;
		const struct ivfs_node *dir = &fs->nodes[cur];
		if (dir->d.type != IVFS_T_DIR)
			return -IVFS_ENOTDIR;
		if (dir->damage)
			return dir->damage;
		if (len > IVFS_NAME_MAX)
			return -IVFS_ENAMETOOLONG;
		if (want_parent && !*rest) {
			if (!valid_name(p, len))
				return -IVFS_EINVAL;
			*ino = cur;
			*last = p;
			*last_len = len;
			return 0;
		}
		int i = find(dir, p, len);
		if (i < 0)
			return -IVFS_ENOENT;
		cur = dir->ents[i].ino;
		p = end;
	}
	if (want_parent)
		return -IVFS_EINVAL; /* "/" has no parent */
	*ino = cur;
	return 0;
}

int ivfs_lookup(struct ivfs *fs, const char *path, uint32_t *ino)
{
	return walk(fs, path, false, ino, NULL, NULL);
}

static int writable(struct ivfs *fs)
{
	if (fs->failed)
		return -IVFS_EIO;
	return fs->keys.sign_seed ? 0 : -IVFS_EROFS;
}

static int add_entry(struct ivfs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino)
{
	struct ivfs_node *d = &fs->nodes[dir];
	uint64_t cap = d->cap_ents;
	int r = ivfs_grow(fs, (void **)&d->ents, IVFS_DIRENT_SIZE, &cap, (uint64_t)d->nents + 1);
	if (r < 0)
		return r;
	d->cap_ents = (uint32_t)cap;
	struct ivfs_dirent_disk *e = &d->ents[d->nents++];
	memset(e, 0, sizeof(*e));
	e->ino = ino;
	e->type = (uint8_t)fs->nodes[ino].d.type;
	e->name_len = (uint8_t)len;
	memcpy(e->name, name, len);
	fs->nodes[ino].parent = dir;
	d->dirty = true;
	fs->dirty = true;
	return 0;
}

static void remove_entry(struct ivfs *fs, uint32_t dir, int idx)
{
	struct ivfs_node *d = &fs->nodes[dir];
	memmove(&d->ents[idx], &d->ents[idx + 1],
		(d->nents - (uint32_t)idx - 1) * IVFS_DIRENT_SIZE);
	d->nents--;
	d->dirty = true;
	fs->dirty = true;
}

static int make(struct ivfs *fs, const char *path, uint32_t type, uint32_t mode, uint32_t *out)
{
	int r = writable(fs);
	uint32_t dir, ino;
	const char *name;
	size_t len;
	if (r == 0)
		r = walk(fs, path, true, &dir, &name, &len);
	if (r < 0)
		return r;
	if (find(&fs->nodes[dir], name, len) >= 0)
		return -IVFS_EEXIST;
	if ((r = ivfs_node_slot(fs, &ino)) < 0)
		return r;
	struct ivfs_node *n = &fs->nodes[ino];
	n->d.type = type;
	n->d.mode = mode;
	n->d.nlink = 1;
	n->dirty = true;
	n->serial = ++fs->next_serial;
	if ((r = add_entry(fs, dir, name, len, ino)) < 0) {
		ivfs_node_release(fs, n);
		return r;
	}
	if (out)
		*out = ino;
	return 0;
}

int ivfs_create(struct ivfs *fs, const char *path, uint32_t mode, uint32_t *ino)
{
	return make(fs, path, IVFS_T_FILE, mode, ino);
}

int ivfs_mkdir(struct ivfs *fs, const char *path, uint32_t mode)
{
	return make(fs, path, IVFS_T_DIR, mode, NULL);
}

static int rm_node(struct ivfs *fs, const char *path, uint32_t type)
{
	int r = writable(fs);
	uint32_t dir;
	const char *name;
	size_t len;
	if (r == 0)
		r = walk(fs, path, true, &dir, &name, &len);
	if (r < 0)
		return r;
	int i = find(&fs->nodes[dir], name, len);
	if (i < 0)
		return -IVFS_ENOENT;
	uint32_t ino = fs->nodes[dir].ents[i].ino;
	struct ivfs_node *n = &fs->nodes[ino];
	if (type == IVFS_T_FILE && n->d.type == IVFS_T_DIR)
		return -IVFS_EISDIR;
	if (type == IVFS_T_DIR && n->d.type != IVFS_T_DIR)
		return -IVFS_ENOTDIR;
	if (type == IVFS_T_DIR && n->nents)
		return -IVFS_ENOTEMPTY;
	remove_entry(fs, dir, i);
	ivfs_set_nleaves(fs, n, 0); /* returns this transaction's blocks */
	ivfs_node_release(fs, n);
	return 0;
}

int ivfs_unlink(struct ivfs *fs, const char *path)
{
	return rm_node(fs, path, IVFS_T_FILE);
}

int ivfs_rmdir(struct ivfs *fs, const char *path)
{
	return rm_node(fs, path, IVFS_T_DIR);
}

int ivfs_rename(struct ivfs *fs, const char *from, const char *to)
{
	int r = writable(fs);
	uint32_t sdir, ddir;
	const char *sname, *dname;
	size_t slen, dlen;
	if (r == 0)
		r = walk(fs, from, true, &sdir, &sname, &slen);
	if (r == 0)
		r = walk(fs, to, true, &ddir, &dname, &dlen);
	if (r < 0)
		return r;
	int si = find(&fs->nodes[sdir], sname, slen);
	if (si < 0)
		return -IVFS_ENOENT;
	uint32_t ino = fs->nodes[sdir].ents[si].ino;
	bool is_dir = fs->nodes[ino].d.type == IVFS_T_DIR;
	if (is_dir) /* no directory may move below itself */
		for (uint32_t a = ddir, k = 0;; a = fs->nodes[a].parent, k++) {
			if (a == ino)
				return -IVFS_EINVAL;
			if (a == IVFS_ROOT_INO)
				break;
			if (k > fs->nnodes || a >= fs->nnodes)
				return -IVFS_EBADMSG; /* parent links do not reach the root */
		}
	int di = find(&fs->nodes[ddir], dname, dlen);
	if (di >= 0) {
		uint32_t victim = fs->nodes[ddir].ents[di].ino;
		if (victim == ino)
			return 0;
		struct ivfs_node *v = &fs->nodes[victim];
		if (is_dir && v->d.type != IVFS_T_DIR)
			return -IVFS_ENOTDIR;
		if (!is_dir && v->d.type == IVFS_T_DIR)
			return -IVFS_EISDIR;
		if (v->nents)
			return -IVFS_ENOTEMPTY;
		remove_entry(fs, ddir, di);
		ivfs_set_nleaves(fs, v, 0);
		ivfs_node_release(fs, v);
		si = find(&fs->nodes[sdir], sname, slen);
	}
	remove_entry(fs, sdir, si);
	return add_entry(fs, ddir, dname, dlen, ino);
}

int ivfs_readdir(struct ivfs *fs, uint32_t dir_ino, uint32_t index, struct ivfs_dirent *ent)
{
	if (dir_ino >= fs->nnodes || dir_ino == IVFS_INODE_FILE)
		return -IVFS_ENOENT;
	const struct ivfs_node *d = &fs->nodes[dir_ino];
	if (d->d.type != IVFS_T_DIR)
		return -IVFS_ENOTDIR;
	if (d->damage)
		return d->damage;
	if (index >= d->nents)
		return 0;
	const struct ivfs_dirent_disk *e = &d->ents[index];
	ent->ino = e->ino;
	ent->type = e->type;
	memcpy(ent->name, e->name, e->name_len);
	ent->name[e->name_len] = 0;
	return 1;
}

int ivfs_stat(struct ivfs *fs, uint32_t ino, struct ivfs_stat *st)
{
	if (ino >= fs->nnodes || ino == IVFS_INODE_FILE || fs->nodes[ino].d.type == IVFS_T_FREE)
		return -IVFS_ENOENT;
	const struct ivfs_node *n = &fs->nodes[ino];
	st->ino = ino;
	st->type = n->d.type;
	st->mode = n->d.mode;
	st->size = n->d.size;
	st->mtime = n->d.mtime;
	st->key_id = n->d.key_id;
	/* Pending changes will be signed by this instance's key at commit. */
	if (n->dirty && fs->keys.sign_seed)
		st->key_id = fs->keys.sign_key_id;
	st->damage = n->damage;
	st->serial = n->serial;
	return 0;
}

/* "/a/b" for ino, following parent links; "<inode N>" when unreachable. */
int ivfs_path_of(const struct ivfs *fs, uint32_t ino, char *buf, size_t len)
{
	char tmp[256];
	size_t pos = sizeof(tmp);
	tmp[--pos] = 0;
	uint32_t cur = ino;
	for (unsigned depth = 0; cur != IVFS_ROOT_INO; depth++) {
		uint32_t par = fs->nodes[cur].parent;
		const struct ivfs_node *d = par < fs->nnodes ? &fs->nodes[par] : NULL;
		int i = -1;
		for (uint32_t k = 0; d && k < d->nents; k++)
			if (d->ents[k].ino == cur)
				i = (int)k;
		if (i < 0 || depth > 64 || pos < (size_t)d->ents[i].name_len + 1) {
			const char *pre = "<inode ";
			size_t n = 0;
			char num[12];
			uint32_t v = ino;
			do
				num[n++] = (char)('0' + v % 10);
			while ((v /= 10) && n < sizeof(num));
			size_t o = 0;
			for (size_t k = 0; pre[k] && o + 1 < len; k++)
				buf[o++] = pre[k];
			while (n && o + 1 < len)
				buf[o++] = num[--n];
			if (o + 1 < len)
				buf[o++] = '>';
			if (len)
				buf[o] = 0;
			return 0;
		}
		pos -= d->ents[i].name_len;
		memcpy(tmp + pos, d->ents[i].name, d->ents[i].name_len);
		tmp[--pos] = '/';
		cur = par;
	}
	if (pos == sizeof(tmp) - 1)
		tmp[--pos] = '/';
	size_t n = sizeof(tmp) - pos;
	if (n > len)
		return -IVFS_ENAMETOOLONG;
	memcpy(buf, tmp + pos, n);
	return 0;
}
