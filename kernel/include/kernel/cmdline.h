/*
 * Kernel command line: space-separated `key=value` (or bare `key`) options.
 * Known keys: test=SUITE[,SUITE] | all | canary-fail, loglevel=0..7, and the keys
 * listed in cmdline.c. Unknown keys print a warning and are ignored.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_MAX 512

/* Parses and validates; warns about unknown options. */
void cmdline_init(const char *raw);
/* Returns the value of key (empty string for a bare key) or NULL if absent. */
const char *cmdline_get(const char *key);
const char *cmdline_raw(void);

#endif
