/*
 * Open files: reference-counted objects behind process descriptors. Each kind
 * (console, pipe end, filesystem file, /proc entry) supplies its operations;
 * buffers passed to them are kernel buffers (the syscall layer copies to and
 * from the sandbox). Operations return a byte count or a negative AE_* errno.
 */
#ifndef PROC_FILE_H
#define PROC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/syscall.h"

struct file;

struct file_ops {
	const char *kind;
	long (*read)(struct file *f, void *buf, size_t len);
	long (*write)(struct file *f, const void *buf, size_t len);
	long (*lseek)(struct file *f, int64_t off, int whence);
	int (*stat)(struct file *f, struct ae_stat *st);
	/* Fills buf with ae_dirent records; returns bytes, 0 at the end. */
	long (*getdents)(struct file *f, void *buf, size_t len);
	void (*release)(struct file *f); /* last reference dropped */
};

struct file {
	const struct file_ops *ops;
	int refs;
	uint32_t flags; /* AE_O_* the file was opened with */
	uint64_t offset;
	void *priv;
};

/* A new file with one reference; NULL when out of memory. */
struct file *file_new(const struct file_ops *ops, uint32_t flags, void *priv);
struct file *file_get(struct file *f);
/* lseek for directory streams: lseek(fd, 0, SEEK_SET) rewinds, nothing else is defined. */
long file_dir_rewind(struct file *f, int64_t off, int whence);
void file_put(struct file *f);

/* The console (TTY): reads take canonical lines, writes go to every console. */
struct file *console_file_open(uint32_t flags);
bool file_is_console(const struct file *f);

/* A pipe: ends[0] reads, ends[1] writes. Returns 0 or -AE_ENOMEM. */
int pipe_create(struct file *ends[2]);
#define PIPE_BUFFER_BYTES 4096

#endif
