/*
 * The first user program. kmain calls proc_start_init when no self-test was
 * asked for: init= on the command line names it, else /bin/init (the IronVFS
 * root) or /boot/init.aelf (a boot module). Without one, the kernel monitor
 * stays the console's owner.
 */
#include <string.h>

#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/process.h"
#include "proc/vfs.h"

#define INIT_MAX_IMAGE (16u << 20)

static const char *const init_paths[] = {"/bin/init", "/boot/init.aelf"};

bool proc_start_init(void)
{
	const char *chosen = cmdline_get("init");
	const char *paths[2];
	int n = 0;
	if (chosen && chosen[0])
		paths[n++] = chosen;
	else
		for (size_t i = 0; i < sizeof(init_paths) / sizeof(init_paths[0]); i++)
			paths[n++] = init_paths[i];
	for (int i = 0; i < n; i++) {
		uint8_t *image;
		size_t len;
		if (vfs_read_all(paths[i], &image, &len, INIT_MAX_IMAGE) != 0)
			continue;
		struct file *in = console_file_open(AE_O_RDONLY);
		struct file *out = console_file_open(AE_O_WRONLY);
		struct file *fds[3] = {in, out, out};
		const char *argv[1] = {"init"};
		static const char *const envp[2] = {"PATH=/bin", "HOME=/"};
		struct proc_args args = {1, argv, 2, envp};
		char err[128];
		int pid = proc_spawn_image_args("init", image, len, fds, &args, err, sizeof(err));
		kfree(image);
		file_put(in);
		file_put(out);
		if (pid < 0)
			continue;
		proc_set_init(pid);
		uint64_t e, el, started;
		proc_guard_totals(&e, &el, &started);
		kprintf("init: %s started as pid %d. Enforced: %s signatures; every program is "
			"translated (guards so far: %lu emitted, %lu elided)\n",
			paths[i], pid, AETHER_HARDENED ? "hardened" : "DEV (bypass present)", e,
			el);
		return true;
	}
	if (chosen)
		pr_warn("init: %s could not be started; staying in the kernel monitor\n", chosen);
	return false;
}
