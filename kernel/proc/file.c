/* Open-file objects and their reference counts. */
#include "proc/file.h"

#include "mm/heap.h"
#include "proc/sched.h"

struct file *file_new(const struct file_ops *ops, uint32_t flags, void *priv)
{
	struct file *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->ops = ops;
	f->refs = 1;
	f->flags = flags;
	f->priv = priv;
	return f;
}

struct file *file_get(struct file *f)
{
	uint64_t fl = sched_lock();
	f->refs++;
	sched_unlock(fl);
	return f;
}

void file_put(struct file *f)
{
	if (!f)
		return;
	uint64_t fl = sched_lock();
	int left = --f->refs;
	sched_unlock(fl);
	if (left > 0)
		return;
	if (f->ops->release)
		f->ops->release(f);
	kfree(f);
}

long file_dir_rewind(struct file *f, int64_t off, int whence)
{
	if (off != 0 || whence != AE_SEEK_SET)
		return -AE_EINVAL; /* directory offsets are opaque: only a rewind is defined */
	f->offset = 0;
	return 0;
}
