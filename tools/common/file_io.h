/* Small whole-file helpers shared by the host tools. */
#ifndef TOOLS_FILE_IO_H
#define TOOLS_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/* Reads a whole file into a malloc'ed buffer; returns NULL (errno set) on failure. */
uint8_t *file_read_all(const char *path, size_t *len);
/* Writes a whole file (created 0644, or mode); returns 0 or -1 (errno set). */
int file_write_all(const char *path, const void *buf, size_t len, int mode);

#endif
