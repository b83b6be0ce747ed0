/*
 * Heap debugging: allocation records, redzones, poison, and error reports.
 * Without KHEAP_DEBUG only the report path is used (double/invalid frees).
 */
#include <stdarg.h>

#include "fmt/format.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "slab_internal.h"

static bool expect_errors;
static size_t error_count;
static char last_error[256];

void kheap_expect_errors(bool on)
{
	expect_errors = on;
}

size_t kheap_error_count(void)
{
	return error_count;
}

const char *kheap_last_error(void)
{
	return last_error;
}

void heap_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	error_count++;
	kprintf("HEAP ERROR: %s\n", last_error);
	if (!expect_errors)
		panic("heap corruption or misuse detected (see the HEAP ERROR line above)");
}

void debug_fill(void *p, uint8_t byte, size_t n)
{
	uint64_t pattern = 0x0101010101010101ull * byte;
	size_t words = n / 8, rest = n % 8;
	__asm__ volatile("rep stosq" : "+D"(p), "+c"(words) : "a"(pattern) : "memory");
	__asm__ volatile("rep stosb" : "+D"(p), "+c"(rest) : "a"(pattern) : "memory");
}

size_t debug_find_mismatch(const uint8_t *p, uint8_t byte, size_t n)
{
	uint64_t pattern = 0x0101010101010101ull * byte;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		__builtin_memcpy(&w, p + i, 8);
		if (w != pattern)
			break;
	}
	for (; i < n; i++) {
		if (p[i] != byte)
			return i;
	}
	return n;
}

static struct obj_record *record_of(uint8_t *obj)
{
	return (struct obj_record *)(obj - sizeof(struct obj_record));
}

static uint8_t *slot_end(struct kmem_cache *c, uint8_t *obj)
{
	return obj - c->layout.obj_offset + c->layout.slot_size;
}

void debug_obj_alloc(struct kmem_cache *c, uint8_t *obj, size_t req, uint64_t caller)
{
	if (!KHEAP_DEBUG)
		return;
	struct obj_record *rec = record_of(obj);
	size_t bad = debug_find_mismatch(obj, KHEAP_POISON_FREE, c->obj_size);
	if (bad != c->obj_size)
		heap_error(
		    "use after free: %s object %p (%u bytes, last freed by %#lx) was written at "
		    "offset %zu while free",
		    c->name, obj, rec->magic == REC_FREE ? rec->size : 0, rec->caller, bad);
	rec->caller = caller;
	rec->size = (uint32_t)req;
	rec->magic = REC_LIVE;
	debug_fill(obj + req, KHEAP_REDZONE, (size_t)(slot_end(c, obj) - (obj + req)));
}

bool debug_obj_check_live(struct kmem_cache *c, uint8_t *obj, uint64_t caller)
{
	if (!KHEAP_DEBUG)
		return true;
	struct obj_record *rec = record_of(obj);
	if (rec->magic != REC_LIVE || rec->size > c->obj_size) {
		heap_error("buffer underflow: the allocation record before %s object %p was "
			   "overwritten (magic %#x); detected by %#lx",
			   c->name, obj, rec->magic, caller);
		return false;
	}
	size_t tail = (size_t)(slot_end(c, obj) - (obj + rec->size));
	size_t bad = debug_find_mismatch(obj + rec->size, KHEAP_REDZONE, tail);
	if (bad != tail) {
		heap_error(
		    "buffer overflow: %s object %p of %u bytes (allocated by %#lx) was written "
		    "at offset %zu, past its end; detected by %#lx",
		    c->name, obj, rec->size, rec->caller, rec->size + bad, caller);
		return false;
	}
	return true;
}

void debug_obj_free(struct kmem_cache *c, uint8_t *obj, uint64_t caller)
{
	if (!KHEAP_DEBUG)
		return;
	struct obj_record *rec = record_of(obj);
	debug_fill(obj, KHEAP_POISON_FREE, c->obj_size);
	rec->caller = caller;
	rec->magic = REC_FREE;
}
