/* fsbench: IronVFS verified write/read against the raw virtio disk, in the
 * same boot and on the same blocks (docs/PERFORMANCE.md, "IronVFS"). */
#include <stddef.h>
#include <string.h>

#include "crypto/fnv1a.h"
#include "crypto/sha256.h"
#include "drivers/virtio_blk.h"
#include "fs/bcache.h"
#include "fs/rootfs.h"
#include "kernel/log.h"
#include "kernel/monitor.h"
#include "kernel/time.h"
#include "mm/heap.h"

#define BENCH_CHUNK	 VIRTIO_BLK_MAX_BYTES
#define BENCH_PATH	 "/.fsbench"
#define BENCH_DEFAULT_MB 8u
#define BENCH_MAX_MB	 64u
#define SECTORS_PER_BLK	 (IVFS_BLOCK_SIZE / VIRTIO_BLK_SECTOR)

int ivfs_block_lba(const struct ivfs *fs, uint32_t ino, uint64_t index, uint64_t *lba);

/* MB/s with one decimal, as tenths (no floating point in the kernel). */
static uint64_t rate_x10(uint64_t bytes, uint64_t ns)
{
	return ns ? bytes * 10000ull / ns : 0;
}

static uint64_t parse_mb(const char *s)
{
	uint64_t v = 0;
	while (s && *s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

/* Raw transfer over the file's own blocks, in runs of consecutive blocks. */
static int raw_pass(struct ivfs *fs, uint32_t ino, uint64_t nblk, uint8_t *buf, bool write)
{
	for (uint64_t b = 0; b < nblk;) {
		uint64_t lba;
		if (ivfs_block_lba(fs, ino, b, &lba) < 0)
			return -1;
		uint32_t n = 1, max = BENCH_CHUNK / IVFS_BLOCK_SIZE;
		uint64_t next;
		while (b + n < nblk && n < max && ivfs_block_lba(fs, ino, b + n, &next) == 0 &&
		       next == lba + n)
			n++;
		int r = write ? virtio_blk_write(lba * SECTORS_PER_BLK, n * SECTORS_PER_BLK, buf)
			      : virtio_blk_read(lba * SECTORS_PER_BLK, n * SECTORS_PER_BLK, buf);
		if (r < 0)
			return r;
		/* A raw write puts back exactly what the raw read found: same bytes. */
		if (!write)
			memcpy(buf + BENCH_CHUNK, buf, (size_t)n * IVFS_BLOCK_SIZE);
		b += n;
	}
	return write ? virtio_blk_flush() : 0;
}

MONITOR_COMMAND(fsbench, "fsbench [MiB]: IronVFS verified write/read vs the raw disk")
{
	struct ivfs *fs = rootfs_get();
	uint64_t mb = argc > 1 ? parse_mb(argv[1]) : BENCH_DEFAULT_MB;
	if (!fs || mb == 0 || mb > BENCH_MAX_MB) {
		kprintf("fsbench: needs the root filesystem and 1..%u MiB\n", BENCH_MAX_MB);
		return 1;
	}
	uint64_t bytes = mb << 20, nblk = bytes / IVFS_BLOCK_SIZE;
	uint8_t *buf = kmalloc(2 * BENCH_CHUNK);
	if (!buf)
		return 1;
	for (size_t i = 0; i < BENCH_CHUNK; i++)
		buf[i] = (uint8_t)(i * 131 + (i >> 9));
	uint32_t ino;
	int r = ivfs_create(fs, BENCH_PATH, 0600, &ino);
	uint64_t t0 = time_now_ns();
	for (uint64_t off = 0; r == 0 && off < bytes; off += BENCH_CHUNK)
		if (ivfs_write(fs, ino, off, buf, BENCH_CHUNK) != (long)BENCH_CHUNK)
			r = -1;
	if (r == 0)
		r = rootfs_commit();
	uint64_t t1 = time_now_ns();
	if (r == 0)
		r = bcache_drop();
	uint64_t t2 = time_now_ns();
	for (uint64_t off = 0; r == 0 && off < bytes; off += BENCH_CHUNK)
		if (ivfs_read(fs, ino, off, buf, BENCH_CHUNK) != (long)BENCH_CHUNK)
			r = -1;
	uint64_t t3 = time_now_ns();
	if (r == 0)
		r = raw_pass(fs, ino, nblk, buf, false);
	uint64_t t4 = time_now_ns();
	if (r == 0)
		r = raw_pass(fs, ino, nblk, buf + BENCH_CHUNK, true);
	uint64_t t5 = time_now_ns();
	/* The bound: FNV-1a + SHA-256 over the same bytes already in RAM. */
	uint8_t digest[32];
	uint64_t sink = 0;
	for (uint64_t off = 0; r == 0 && off < bytes; off += IVFS_BLOCK_SIZE) {
		sink += fnv1a64(buf + off % BENCH_CHUNK, IVFS_BLOCK_SIZE);
		sha256(buf + off % BENCH_CHUNK, IVFS_BLOCK_SIZE, digest);
	}
	uint64_t t6 = time_now_ns();
	ivfs_unlink(fs, BENCH_PATH);
	rootfs_commit();
	kfree(buf);
	if (r < 0) {
		kprintf("fsbench: failed (%d)\n", r);
		return 1;
	}
	uint64_t vw = rate_x10(bytes, t1 - t0), vr = rate_x10(bytes, t3 - t2);
	uint64_t rr = rate_x10(bytes, t4 - t3), rw = rate_x10(bytes, t5 - t4);
	kprintf("fsbench: %llu MiB, raw disk read %llu.%llu MB/s write %llu.%llu MB/s\n",
		(unsigned long long)mb, (unsigned long long)(rr / 10),
		(unsigned long long)(rr % 10), (unsigned long long)(rw / 10),
		(unsigned long long)(rw % 10));
	kprintf("fsbench: IronVFS verified read %llu.%llu MB/s (%llu%% of raw) write %llu.%llu "
		"MB/s (incl. commit)\n",
		(unsigned long long)(vr / 10), (unsigned long long)(vr % 10),
		(unsigned long long)(rr ? vr * 100 / rr : 0), (unsigned long long)(vw / 10),
		(unsigned long long)(vw % 10));
	uint64_t hr = rate_x10(bytes, t6 - t5);
	kprintf("fsbench: FNV-1a + SHA-256 alone, in RAM: %llu.%llu MB/s (the bound for verified "
		"reads; %llx)\n",
		(unsigned long long)(hr / 10), (unsigned long long)(hr % 10),
		(unsigned long long)(sink & 0xf));
	kprintf("fsbench: done\n");
	return 0;
}
