/*
 * bench=mm: nanoseconds per operation for the kernel allocators, as the median
 * of BENCH_RUNS runs of BENCH_ITERS operations each, timed with the TSC. Prints
 * one `BENCH mm ...` line per row and leaves QEMU (exit 33) when mm was the
 * only benchmark asked for.
 */
#include <string.h>

#include "arch/cpu.h"
#include "kernel/cmdline.h"
#include "kernel/init.h"
#include "kernel/log.h"
#include "kernel/power.h"
#include "kernel/time.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/slab.h"
#include "mm/vm.h"

#define BENCH_RUNS  7
#define BENCH_ITERS 20000
#define BENCH_BATCH 1000
#define BENCH_VA    (VM_KERNEL_DYN_BASE + 0x80000000ull)

static struct kmem_cache *bench_cache;
static void *batch[BENCH_BATCH];
static uint64_t bench_frame;

static void run_kmalloc64(void)
{
	for (int i = 0; i < BENCH_ITERS; i++)
		kfree(kmalloc(64));
}

static void run_kmalloc_batch(void)
{
	for (int r = 0; r < BENCH_ITERS / BENCH_BATCH; r++) {
		for (int i = 0; i < BENCH_BATCH; i++)
			batch[i] = kmalloc(64 + (size_t)(i & 7) * 48);
		for (int i = 0; i < BENCH_BATCH; i++)
			kfree(batch[i]);
	}
}

static void run_kmalloc_large(void)
{
	for (int i = 0; i < BENCH_ITERS / 10; i++)
		kfree(kmalloc(8192));
}

static void run_slab(void)
{
	for (int i = 0; i < BENCH_ITERS; i++)
		kmem_cache_free(bench_cache, kmem_cache_alloc(bench_cache));
}

static void run_frame(void)
{
	for (int i = 0; i < BENCH_ITERS; i++)
		pmm_free_frame(pmm_alloc_frame());
}

static void run_map(void)
{
	for (int i = 0; i < BENCH_ITERS / 10; i++) {
		vm_map(aspace_kernel(), BENCH_VA, bench_frame, PAGE_SIZE, VM_WRITE);
		vm_unmap(aspace_kernel(), BENCH_VA, PAGE_SIZE);
	}
}

struct bench_row {
	const char *name;
	const char *unit; /* what one operation is */
	void (*run)(void);
	int ops; /* operations per run */
};

static const struct bench_row rows[] = {
    {"kmalloc_kfree_64", "kmalloc(64)+kfree pair", run_kmalloc64, BENCH_ITERS},
    {"kmalloc_kfree_batch", "kmalloc+kfree, 1000 live, 64..400 B", run_kmalloc_batch, BENCH_ITERS},
    {"kmalloc_kfree_8k", "kmalloc(8192)+kfree pair, page-level path", run_kmalloc_large,
     BENCH_ITERS / 10},
    {"slab_alloc_free", "kmem_cache_alloc+free pair, 128 B", run_slab, BENCH_ITERS},
    {"frame_alloc_free", "pmm_alloc_frame+pmm_free_frame pair", run_frame, BENCH_ITERS},
    {"vm_map_unmap_4k", "vm_map+vm_unmap of one 4 KiB page", run_map, BENCH_ITERS / 10},
};

static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	return v[n / 2];
}

static void hypervisor_name(char out[13])
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & (1u << 31))) { /* CPUID.1:ECX.hypervisor */
		memcpy(out, "none", 5);
		return;
	}
	cpuid(0x40000000, 0, &a, &b, &c, &d);
	memcpy(out, &b, 4);
	memcpy(out + 4, &c, 4);
	memcpy(out + 8, &d, 4);
	out[12] = '\0';
}

static bool bench_selected(const char *spec)
{
	for (const char *p = spec; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 2 && strncmp(p, "mm", 2) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static void mm_bench(void)
{
	const char *spec = cmdline_get("bench");
	if (!spec || !bench_selected(spec))
		return;
	char hv[13];
	hypervisor_name(hv);
	kprintf("bench mm: TSC %lu MHz, hypervisor '%s', heap debugging %s, median of %d runs\n",
		time_tsc_hz() / 1000000, hv, KHEAP_DEBUG ? "on (dev build)" : "off (hardened)",
		BENCH_RUNS);
	bench_cache = kmem_cache_create("bench-128", 128, 16);
	bench_frame = pmm_alloc_frame();
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		uint64_t ns[BENCH_RUNS];
		rows[r].run(); /* warm-up */
		for (int i = 0; i < BENCH_RUNS; i++) {
			uint64_t t0 = time_now_ns();
			rows[r].run();
			ns[i] = time_now_ns() - t0;
		}
		uint64_t m = median(ns, BENCH_RUNS);
		uint64_t per_op_x10 = m * 10 / (uint64_t)rows[r].ops;
		kprintf("BENCH mm %-20s %6lu.%lu ns/op  (%s)\n", rows[r].name, per_op_x10 / 10,
			per_op_x10 % 10, rows[r].unit);
	}
	pmm_free_frame(bench_frame);
	kmem_cache_destroy(bench_cache);
	if (strcmp(spec, "mm") == 0) {
		kprintf("bench mm: done\n");
		power_debug_exit(true);
	}
}
INITCALL(INIT_LATE, mm_bench);
