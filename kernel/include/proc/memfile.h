/* Snapshot files and directories for synthetic filesystems (/proc, /dev). */
#ifndef PROC_MEMFILE_H
#define PROC_MEMFILE_H

#include <stddef.h>
#include <stdint.h>

struct file;
struct memdir;

#define MEMDIR_MAX  80
#define MEMDIR_NAME 32

/* A read-only file holding a copy of text. */
int memfile_open(const char *text, size_t len, struct file **out);

/* A directory listing: build it with memdir_add, then memdir_open takes it over. */
struct memdir *memdir_new(void);
void memdir_add(struct memdir *d, const char *name, uint64_t ino, uint8_t type);
int memdir_open(struct memdir *d, struct file **out);

#endif
