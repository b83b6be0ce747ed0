/*
 * init: the first user program. Says what the kernel enforces (signature
 * mode, guard statistics of the programs started so far, from /proc/stats),
 * then starts the shell on the console and starts it again whenever it
 * exits. `init [SHELL [RUNS]]` names another shell and, for tests, a number
 * of runs after which init itself exits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ulib.h"

extern char **environ;

static void boot_message(void)
{
	char *text;
	if (ul_read_file("/proc/stats", &text) < 0) {
		printf("init: /proc/stats unavailable (not running on AetherOS?)\n");
		return;
	}
	char sig[64] = "?", started[24] = "?", em[24] = "?", el[24] = "?";
	ul_kv(text, "signatures", sig, sizeof(sig));
	ul_kv(text, "programs_started", started, sizeof(started));
	ul_kv(text, "guards_emitted", em, sizeof(em));
	ul_kv(text, "guards_elided", el, sizeof(el));
	printf("init: enforced: %s signatures; %s programs translated so far with %s guards "
	       "emitted and %s elided by proof\n",
	       sig, started, em, el);
	free(text);
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	const char *shell = argc > 1 ? argv[1] : "/bin/sh";
	unsigned long runs = 0;
	if (argc > 2 && !ul_parse_uint(argv[2], &runs))
		return ul_usage("[SHELL [RUNS]]");
	boot_message();
	char *sh_argv[] = {"sh", NULL};
	static char *const fallback_env[] = {"PATH=/bin", "HOME=/", NULL};
	char *const *env = environ && environ[0] ? environ : fallback_env;
	unsigned failures = 0, fast = 0;
	for (unsigned long n = 0; runs == 0 || n < runs; n++) {
		fflush(stdout);
		int pid = ae_spawn(shell, sh_argv, env, NULL);
		if (pid < 0) {
			ul_errmsg("cannot start %s: %s", shell, strerror(-pid));
			/* back off: one failure a second at most, no busy loop */
			struct timespec ts = {failures < 5 ? 0 : 1, 200000000};
			nanosleep(&ts, NULL);
			failures++;
			continue;
		}
		failures = 0;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int status = 0, rc;
		do
			rc = ae_waitpid(pid, &status, 0);
		while (rc == -EINTR);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (runs != 0 && n + 1 >= runs)
			break;
		printf("init: the shell exited (status %d); starting a new one\n",
		       ul_exit_code(status));
		/* a shell that ends at once, again and again: respawning too fast */
		fast = t1.tv_sec - t0.tv_sec < 1 ? fast + 1 : 0;
		if (fast >= 3) {
			printf("init: the shell keeps ending at once; waiting 5 s\n");
			fflush(stdout);
			struct timespec pause = {5, 0};
			nanosleep(&pause, NULL);
			fast = 0;
		}
	}
	return 0;
}
