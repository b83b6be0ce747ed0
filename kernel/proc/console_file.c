/* The console as a file: standard input and output of processes. */
#include <string.h>

#include "kernel/console.h"
#include "kernel/log.h"
#include "proc/file.h"
#include "kernel/tty.h"

static long confile_read(struct file *f, void *buf, size_t len)
{
	(void)f;
	if (len == 0)
		return 0;
	int n = tty_read(buf, len > 0x7fffffff ? 0x7fffffff : (int)len);
	if (n < 0)
		return -AE_EINTR; /* Ctrl-C while reading */
	return n;
}

static long confile_write(struct file *f, const void *buf, size_t len)
{
	(void)f;
	tty_write(buf, len);
	return (long)len;
}

static int confile_stat(struct file *f, struct ae_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->mode = AE_S_IFCHR | 0620;
	st->nlink = 1;
	st->integrity = AE_INTEGRITY_UNSIGNED;
	return 0;
}

static const struct file_ops console_ops = {
    .kind = "console",
    .read = confile_read,
    .write = confile_write,
    .stat = confile_stat,
};

struct file *console_file_open(uint32_t flags)
{
	return file_new(&console_ops, flags, NULL);
}

bool file_is_console(const struct file *f)
{
	return f && f->ops == &console_ops;
}
