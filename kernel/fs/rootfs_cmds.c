/* Monitor commands for the IronVFS root: fsls, fscat, fswrite, fsrm, fsmkdir,
 * fssync, fsck. They stand in for a shell until user programs do this. */
#include <stddef.h>
#include <string.h>

#include "fs/bcache.h"
#include "fs/rootfs.h"
#include "kernel/log.h"
#include "kernel/monitor.h"
#include "mm/heap.h"

#define CAT_CHUNK 512u
#define LINE_MAX  512u

unsigned rootfs_scrub(void);

static struct ivfs *need_root(const char *cmd)
{
	struct ivfs *fs = rootfs_get();
	if (!fs)
		kprintf("%s: no root filesystem\n", cmd);
	return fs;
}

static int fail(const char *cmd, const char *path, int err)
{
	kprintf("%s: %s: %s (error %d)\n", cmd, path, ivfs_strerror(err), -err);
	return 1;
}

MONITOR_COMMAND(fsls, "fsls [DIR]: list an IronVFS directory (size, signer, name)")
{
	struct ivfs *fs = need_root("fsls");
	const char *path = argc > 1 ? argv[1] : "/";
	uint32_t dir;
	if (!fs)
		return 1;
	int r = ivfs_lookup(fs, path, &dir);
	struct ivfs_dirent e;
	for (uint32_t i = 0; r == 0; i++) {
		r = ivfs_readdir(fs, dir, i, &e);
		if (r <= 0)
			break;
		struct ivfs_stat st;
		ivfs_stat(fs, e.ino, &st);
		kprintf("%10llu %-6s %s%s%s\n", (unsigned long long)st.size,
			st.key_id == IVFS_KEY_BUILD ? "build" : "device", e.name,
			e.type == IVFS_T_DIR ? "/" : "", st.damage ? "  [DAMAGED]" : "");
		r = 0;
	}
	return r < 0 ? fail("fsls", path, r) : 0;
}

MONITOR_COMMAND(fscat, "fscat FILE: print an IronVFS file (verified)")
{
	struct ivfs *fs = need_root("fscat");
	if (!fs || argc < 2)
		return 1;
	uint32_t ino;
	int r = ivfs_lookup(fs, argv[1], &ino);
	if (r < 0)
		return fail("fscat", argv[1], r);
	static char buf[CAT_CHUNK + 1];
	for (uint64_t off = 0;; off += CAT_CHUNK) {
		long n = ivfs_read(fs, ino, off, buf, CAT_CHUNK);
		if (n < 0)
			return fail("fscat", argv[1], (int)n);
		if (n == 0)
			break;
		buf[n] = 0;
		kprintf("%s", buf);
	}
	return 0;
}

MONITOR_COMMAND(fswrite, "fswrite FILE TEXT...: replace FILE with TEXT and fsync")
{
	struct ivfs *fs = need_root("fswrite");
	if (!fs || argc < 2)
		return 1;
	static char line[LINE_MAX];
	size_t len = 0;
	for (int i = 2; i < argc; i++) {
		size_t n = strlen(argv[i]);
		if (len + n + 2 > sizeof(line))
			break;
		memcpy(line + len, argv[i], n);
		len += n;
		line[len++] = i + 1 < argc ? ' ' : '\n';
	}
	uint32_t ino;
	int r = ivfs_lookup(fs, argv[1], &ino);
	if (r == -IVFS_ENOENT)
		r = ivfs_create(fs, argv[1], 0644, &ino);
	if (r == 0)
		r = ivfs_truncate(fs, ino, 0);
	long w = r == 0 ? ivfs_write(fs, ino, 0, line, len) : r;
	if (w < 0)
		return fail("fswrite", argv[1], (int)w);
	if ((r = ivfs_fsync(fs, ino)) < 0)
		return fail("fswrite", argv[1], r);
	rootfs_commit();
	kprintf("fswrite: %zu bytes to %s, committed as generation %llu\n", len, argv[1],
		(unsigned long long)ivfs_generation(fs));
	return 0;
}

static int simple(int argc, char **argv, int (*op)(struct ivfs *, const char *))
{
	struct ivfs *fs = need_root(argv[0]);
	if (!fs || argc < 2)
		return 1;
	int r = op(fs, argv[1]);
	if (r == 0)
		r = rootfs_commit();
	return r < 0 ? fail(argv[0], argv[1], r) : 0;
}

static int do_mkdir(struct ivfs *fs, const char *p)
{
	return ivfs_mkdir(fs, p, 0755);
}

MONITOR_COMMAND(fsrm, "fsrm PATH: remove a file or an empty directory (committed)")
{
	struct ivfs *fs = rootfs_get();
	uint32_t ino;
	struct ivfs_stat st;
	if (fs && argc > 1 && ivfs_lookup(fs, argv[1], &ino) == 0 && ivfs_stat(fs, ino, &st) == 0 &&
	    st.type == IVFS_T_DIR)
		return simple(argc, argv, ivfs_rmdir);
	return simple(argc, argv, ivfs_unlink);
}

MONITOR_COMMAND(fsmkdir, "fsmkdir DIR: create a directory (committed)")
{
	return simple(argc, argv, do_mkdir);
}

MONITOR_COMMAND(fssync, "fssync: commit every pending IronVFS change")
{
	struct ivfs *fs = need_root("fssync");
	if (!fs)
		return 1;
	int r = rootfs_commit();
	struct bcache_stats st;
	bcache_get_stats(&st);
	kprintf("fssync: %s, generation %llu (cache: %llu hits, %llu misses, %llu blocks "
		"written)\n",
		ivfs_strerror(r), (unsigned long long)ivfs_generation(fs),
		(unsigned long long)st.hits, (unsigned long long)st.misses,
		(unsigned long long)st.writebacks);
	return r < 0;
}

MONITOR_COMMAND(fsck, "fsck: verify every block of the IronVFS root, name damaged files")
{
	if (!need_root("fsck"))
		return 1;
	unsigned bad = rootfs_scrub();
	kprintf("fsck: %u problem(s)\n", bad);
	return bad != 0;
}
