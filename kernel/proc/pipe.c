/*
 * Pipes: a 4 KiB ring shared by a read end and a write end. A reader blocks
 * while the pipe is empty and a writer exists; a writer blocks while it is full
 * and a reader exists. Writing with no reader left fails with -EPIPE; reading
 * an empty pipe with no writer left returns 0 (end of file).
 */
#include <string.h>

#include "mm/heap.h"
#include "proc/file.h"
#include "proc/sched.h"

struct pipe {
	uint8_t buf[PIPE_BUFFER_BYTES];
	size_t head, count; /* guarded by sched_lock */
	int readers, writers;
};

static long pipe_read(struct file *f, void *out, size_t len)
{
	struct pipe *p = f->priv;
	if (len == 0)
		return 0;
	uint64_t fl = sched_lock();
	while (p->count == 0 && p->writers > 0) {
		if (sched_interrupted()) {
			sched_unlock(fl);
			return -AE_EINTR;
		}
		sched_block(p);
	}
	size_t n = len < p->count ? len : p->count;
	for (size_t i = 0; i < n; i++) {
		((uint8_t *)out)[i] = p->buf[p->head];
		p->head = (p->head + 1) % PIPE_BUFFER_BYTES;
	}
	p->count -= n;
	sched_unlock(fl);
	if (n)
		sched_wakeup(p);
	return (long)n;
}

static long pipe_write(struct file *f, const void *in, size_t len)
{
	struct pipe *p = f->priv;
	size_t done = 0;
	uint64_t fl = sched_lock();
	while (done < len) {
		if (p->readers == 0) {
			sched_unlock(fl);
			return done ? (long)done : -AE_EPIPE;
		}
		if (p->count == PIPE_BUFFER_BYTES) {
			sched_unlock(fl);
			sched_wakeup(p);
			fl = sched_lock();
			if (sched_interrupted()) {
				sched_unlock(fl);
				return done ? (long)done : -AE_EINTR;
			}
			if (p->count == PIPE_BUFFER_BYTES && p->readers > 0)
				sched_block(p);
			continue;
		}
		size_t tail = (p->head + p->count) % PIPE_BUFFER_BYTES;
		p->buf[tail] = ((const uint8_t *)in)[done++];
		p->count++;
	}
	sched_unlock(fl);
	sched_wakeup(p);
	return (long)done;
}

static int pipe_stat(struct file *f, struct ae_stat *st)
{
	struct pipe *p = f->priv;
	memset(st, 0, sizeof(*st));
	st->mode = AE_S_IFIFO | 0600;
	st->size = p->count;
	st->nlink = 1;
	return 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	bool reader = (f->flags & AE_O_ACCMODE) == AE_O_RDONLY;
	uint64_t fl = sched_lock();
	if (reader)
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	sched_unlock(fl);
	sched_wakeup(p); /* the other end sees EOF or EPIPE */
	if (last)
		kfree(p);
}

static const struct file_ops pipe_ops = {
    .kind = "pipe",
    .read = pipe_read,
    .write = pipe_write,
    .stat = pipe_stat,
    .release = pipe_release,
};

int pipe_create(struct file *ends[2])
{
	struct pipe *p = kzalloc(sizeof(*p));
	if (!p)
		return -AE_ENOMEM;
	p->readers = p->writers = 1;
	ends[0] = file_new(&pipe_ops, AE_O_RDONLY, p);
	ends[1] = file_new(&pipe_ops, AE_O_WRONLY, p);
	if (!ends[0] || !ends[1]) {
		/* Undo without running release (the counts would go wrong). */
		if (ends[0])
			kfree(ends[0]);
		if (ends[1])
			kfree(ends[1]);
		kfree(p);
		ends[0] = ends[1] = NULL;
		return -AE_ENOMEM;
	}
	return 0;
}
