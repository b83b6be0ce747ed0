/*
 * Kernel heap. Requests of up to SIZE_CLASS_MAX (2048) bytes with an alignment
 * of at most KMALLOC_MIN_ALIGN come from power-of-two slab caches; larger
 * requests, and larger alignments (up to PAGE_SIZE), take whole contiguous
 * frames reached through the direct map. All functions return NULL when memory
 * runs out and leave every existing allocation intact.
 *
 * Heap errors (double free, a pointer that kmalloc never returned, a redzone or
 * poison overwritten) are reported with the object, its cache, its requested
 * size and the callers that allocated/freed it, then the kernel panics: a
 * corrupt heap must not keep running. Tests can ask for report-and-continue.
 */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include <stdbool.h>
#include <stddef.h>

#define KMALLOC_MIN_ALIGN 16

/* Poisoning, redzones and allocation records: on in dev builds, off when hardened. */
#define KHEAP_DEBUG	  (!AETHER_HARDENED)
#define KHEAP_POISON_FREE 0x6B /* freed object bytes */
#define KHEAP_REDZONE	  0xBB /* bytes between the requested size and the slot's end */

void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* align: a power of two up to PAGE_SIZE; NULL for anything else. */
void *kmalloc_aligned(size_t size, size_t align);
/* Resizes keeping the contents; NULL (old block intact) when out of memory; size 0 frees. */
void *krealloc(void *p, size_t size);
void kfree(void *p);
/* Bytes usable at p (at least what was asked for). */
size_t kmalloc_usable_size(const void *p);

/* Live kmalloc/slab objects (for the leak check). */
size_t kheap_live_objects(void);

/* Test support: while on, heap errors are reported and counted instead of panicking. */
void kheap_expect_errors(bool on);
size_t kheap_error_count(void);
/* The last error report (static buffer). */
const char *kheap_last_error(void);

void kheap_init(void);

#endif
