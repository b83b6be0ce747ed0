/*
 * /proc: read-only process information, so ps and caps need no system call of
 * their own. /proc/stats holds the totals since boot; /proc/PID/status one
 * process (name, state, parent, capabilities, guard statistics). Content is a
 * snapshot taken at open.
 */
#include <string.h>

#include "fmt/format.h"
#include "kernel/time.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/keyring.h"
#include "proc/memfile.h"
#include "proc/process.h"
#include "proc/vfs.h"
#include "vela/vela.h"

#define PROCFS_TEXT_MAX 1024

static int parse_pid(const char *s, const char **rest)
{
	int pid = 0;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		pid = pid * 10 + (*s - '0');
		if (pid > 1000000)
			return -1;
		s++;
	}
	*rest = s;
	return pid;
}

static const char *state_name(enum proc_state s)
{
	return s == PROC_RUNNING ? "running" : s == PROC_ZOMBIE ? "zombie" : "loading";
}

static size_t caps_text(uint32_t caps, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (int c = 0; c < VELA_CAP_COUNT; c++) {
		if (caps & (1u << c))
			n += (size_t)fmt_snprintf(out + n, cap - n, "%s%s", n ? "," : "",
						  vela_cap_name(c));
	}
	if (n == 0)
		n = (size_t)fmt_snprintf(out, cap, "none");
	return n;
}

static int status_text(struct process *p, char *buf, size_t cap)
{
	uint32_t emitted = 0, elided = 0;
	for (int g = 0; g < BRIDGE_G_COUNT; g++) {
		emitted += p->stats.emitted[g];
		elided += p->stats.elided[g];
	}
	char caps[64];
	caps_text(p->caps, caps, sizeof(caps));
	return fmt_snprintf(buf, cap,
			    "pid: %d\nname: %s\nstate: %s\nppid: %d\ncaps: %s\nmem_size: %lu\n"
			    "guards_emitted: %u\nguards_elided: %u\nchaos_draws: %lu\n",
			    p->pid, p->name, state_name(p->state), p->ppid, caps,
			    (unsigned long)p->mem_size, emitted, elided,
			    (unsigned long)p->chaos_draws);
}

static int stats_text(char *buf, size_t cap)
{
	uint64_t e, el, started;
	proc_guard_totals(&e, &el, &started);
	return fmt_snprintf(buf, cap,
			    "signatures: %s\nprograms_started: %lu\nguards_emitted: %lu\n"
			    "guards_elided: %lu\nchaos_draws: %lu\nuptime_ns: %lu\n",
			    AETHER_HARDENED ? "hardened" : "dev (bypass present)",
			    (unsigned long)started, (unsigned long)e, (unsigned long)el,
			    (unsigned long)proc_total_chaos_draws(), (unsigned long)time_now_ns());
}

/* One line per key: name, key id, public key (hex), authorised capabilities. */
static int keyring_text(char *buf, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < keyring_count() && n < cap; i++) {
		const struct keyring_key *k = keyring_at(i);
		uint8_t id[AELF_KEY_ID_SIZE];
		aelf_key_id(k->public_key, id);
		n += (size_t)fmt_snprintf(buf + n, cap - n, "%s ", k->name);
		for (int b = 0; b < AELF_KEY_ID_SIZE && n < cap; b++)
			n += (size_t)fmt_snprintf(buf + n, cap - n, "%02x", id[b]);
		n += (size_t)fmt_snprintf(buf + n, cap - n, " ");
		for (int b = 0; b < 32 && n < cap; b++)
			n += (size_t)fmt_snprintf(buf + n, cap - n, "%02x", k->public_key[b]);
		char caps[64];
		caps_text(k->authorised_caps, caps, sizeof(caps));
		n += (size_t)fmt_snprintf(buf + n, cap - n, " %s\n", caps);
	}
	return (int)(n < cap ? n : cap - 1);
}

static int procfs_open(void *fs, const char *path, uint32_t flags, uint32_t mode, struct file **out)
{
	(void)fs;
	(void)mode;
	if ((flags & AE_O_ACCMODE) != AE_O_RDONLY || (flags & (AE_O_CREAT | AE_O_TRUNC)))
		return -AE_EROFS;
	char text[PROCFS_TEXT_MAX];
	if (strcmp(path, "/") == 0) {
		struct memdir *d = memdir_new();
		if (!d)
			return -AE_ENOMEM;
		memdir_add(d, "stats", 1, AE_DT_REG);
		memdir_add(d, "keyring", 2, AE_DT_REG);
		for (int i = 0; i < PROC_MAX; i++) {
			struct process *p = proc_at(i);
			if (!p)
				continue;
			char name[16];
			fmt_snprintf(name, sizeof(name), "%d", p->pid);
			memdir_add(d, name, 1000 + (uint64_t)p->pid, AE_DT_DIR);
		}
		return memdir_open(d, out);
	}
	if (flags & AE_O_DIRECTORY && strcmp(path, "/stats") == 0)
		return -AE_ENOTDIR;
	if (strcmp(path, "/keyring") == 0) {
		int n = keyring_text(text, sizeof(text));
		return memfile_open(text, (size_t)n, out);
	}
	if (strcmp(path, "/stats") == 0) {
		int n = stats_text(text, sizeof(text));
		return memfile_open(text, (size_t)n, out);
	}
	const char *rest;
	int pid = parse_pid(path + 1, &rest);
	struct process *p = pid > 0 ? proc_by_pid(pid) : NULL;
	if (!p)
		return -AE_ENOENT;
	if (*rest == '\0') {
		struct memdir *d = memdir_new();
		if (!d)
			return -AE_ENOMEM;
		memdir_add(d, "status", 2000 + (uint64_t)pid, AE_DT_REG);
		return memdir_open(d, out);
	}
	if (strcmp(rest, "/status") == 0) {
		if (flags & AE_O_DIRECTORY)
			return -AE_ENOTDIR;
		int n = status_text(p, text, sizeof(text));
		return memfile_open(text, (size_t)n, out);
	}
	return -AE_ENOENT;
}

static int procfs_stat(void *fs, const char *path, struct ae_stat *st)
{
	struct file *f;
	int rc = procfs_open(fs, path, AE_O_RDONLY, 0, &f);
	if (rc)
		return rc;
	rc = f->ops->stat(f, st);
	file_put(f);
	return rc;
}

static const struct vfs_fs_ops procfs_ops = {
    .name = "procfs",
    .open = procfs_open,
    .stat = procfs_stat,
};

void procfs_mount(void);
void procfs_mount(void)
{
	vfs_mount("/proc", &procfs_ops, NULL);
}
