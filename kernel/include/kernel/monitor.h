/*
 * Kernel monitor: a line-oriented command prompt on the console, used until the
 * userland shell exists. Commands register themselves beside their code:
 *
 *     MONITOR_COMMAND(meminfo, "show the memory map and allocator counters")
 *     {
 *             ...  // argc/argv available
 *             return 0;
 *     }
 */
#ifndef KERNEL_MONITOR_H
#define KERNEL_MONITOR_H

struct monitor_command {
	const char *name;
	const char *help;
	int (*fn)(int argc, char **argv);
};

#define MONITOR_COMMAND(name_, help_)                                                              \
	static int monitor_cmd_##name_(int argc, char **argv);                                     \
	static const struct monitor_command monitor_entry_##name_                                  \
	    __attribute__((used, section(".monitor_cmds"), aligned(8))) = {#name_, help_,          \
									   monitor_cmd_##name_};   \
	static int monitor_cmd_##name_(int argc, char **argv)

/* Runs the prompt loop forever. */
__attribute__((noreturn)) void monitor_run(void);
/* Executes one command line; returns the command's status (-1: unknown). */
int monitor_execute(char *line);
/* Reads a line with echo and backspace; returns its length, -1 on Ctrl-D at an empty line. */
int console_read_line(char *buf, int cap);

#endif
