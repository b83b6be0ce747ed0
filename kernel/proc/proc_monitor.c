/* Monitor commands for processes: run, ps, keys. */
#include <string.h>

#include "kernel/log.h"
#include "kernel/monitor.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/keyring.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/vfs.h"
#include "vela/vela.h"

#define RUN_MAX_IMAGE (16u << 20)

MONITOR_COMMAND(run, "run PROGRAM: start a signed VELA program on the console and wait")
{
	if (argc != 2) {
		kprintf("usage: run PATH (e.g. run /boot/hello.aelf)\n");
		return -1;
	}
	char abs[AE_PATH_MAX];
	int rc = vfs_normalise("/", argv[1], abs, sizeof(abs));
	uint8_t *image = NULL;
	size_t len = 0;
	if (rc == 0)
		rc = vfs_read_all(abs, &image, &len, RUN_MAX_IMAGE);
	if (rc) {
		kprintf("run: %s: cannot read (error %d)\n", argv[1], -rc);
		return -1;
	}
	struct file *in = console_file_open(AE_O_RDONLY);
	struct file *out = console_file_open(AE_O_WRONLY);
	struct file *fds[3] = {in, out, out};
	char err[128];
	const char *base = strrchr(abs, '/');
	int pid = proc_spawn_image(base ? base + 1 : abs, image, len, fds, err, sizeof(err));
	kfree(image);
	file_put(in);
	file_put(out);
	if (pid < 0)
		return -1; /* the reason is already on the console */
	int status = 0;
	proc_waitpid(pid, &status, 0);
	if (status & AE_WAIT_SIGNALED)
		kprintf("[pid %d ended by %s %d]\n", pid,
			(status & 0xff) >= 192 ? "trap" : "signal",
			(status & 0xff) >= 192 ? (status & 0xff) - 192 : (status & 0xff) - 128);
	else
		kprintf("[pid %d exited with status %d]\n", pid, status);
	return 0;
}

static const char *state_name(enum proc_state s)
{
	switch (s) {
	case PROC_EMBRYO:
		return "loading";
	case PROC_RUNNING:
		return "running";
	case PROC_ZOMBIE:
		return "zombie";
	default:
		return "?";
	}
}

MONITOR_COMMAND(ps, "list processes with capabilities and guard statistics")
{
	kprintf("  PID  PPID STATE    CAPS   GUARDS(emitted/elided) CHAOS NAME\n");
	for (int i = 0; i < PROC_MAX; i++) {
		struct process *p = proc_at(i);
		if (!p)
			continue;
		uint32_t emitted = 0, elided = 0;
		for (int g = 0; g < BRIDGE_G_COUNT; g++) {
			emitted += p->stats.emitted[g];
			elided += p->stats.elided[g];
		}
		kprintf("%5d %5d %-8s %#6x %10u/%-10u %5lu %s\n", p->pid, p->ppid,
			state_name(p->state), p->caps, emitted, elided,
			(unsigned long)p->chaos_draws, p->name);
	}
	uint64_t e, el, started;
	proc_guard_totals(&e, &el, &started);
	kprintf("since boot: %lu programs started, guards emitted %lu, elided %lu\n", started, e,
		el);
	return 0;
}

MONITOR_COMMAND(keyring, "show the kernel key ring and what each key may authorise")
{
	for (size_t i = 0; i < keyring_count(); i++) {
		const struct keyring_key *k = keyring_at(i);
		uint8_t id[AELF_KEY_ID_SIZE];
		aelf_key_id(k->public_key, id);
		kprintf("key %zu '%s': id ", i, k->name);
		for (int b = 0; b < AELF_KEY_ID_SIZE; b++)
			kprintf("%02x", id[b]);
		kprintf(", authorised for");
		if (!k->authorised_caps)
			kprintf(" nothing");
		for (int c = 0; c < VELA_CAP_COUNT; c++)
			if (k->authorised_caps & (1u << c))
				kprintf(" %s", vela_cap_name(c));
		kprintf("\n");
	}
	return 0;
}
