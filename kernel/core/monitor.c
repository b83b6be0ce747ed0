/* The kernel monitor: help, meminfo, uptime, reboot, halt and registered commands. */
#include "kernel/monitor.h"

#include <string.h>

#include "arch/cpu.h"
#include "kernel/bootinfo.h"
#include "kernel/console.h"
#include "kernel/log.h"
#include "kernel/power.h"
#include "kernel/time.h"
#include "kernel/tty.h"

#define MONITOR_LINE_MAX 256
#define MONITOR_MAX_ARGS 16

extern const struct monitor_command __start_monitor_cmds[], __stop_monitor_cmds[];

/* The monitor reads through the console TTY's canonical mode (kernel/tty/tty.c):
 * echo, erase, Ctrl-U, Ctrl-C and Ctrl-D are handled by its line discipline. */
int console_read_line(char *buf, int cap)
{
	return tty_read_line(buf, cap);
}

int monitor_execute(char *line)
{
	char *argv[MONITOR_MAX_ARGS];
	int argc = 0;
	char *p = line;
	while (*p && argc < MONITOR_MAX_ARGS) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	if (argc == 0)
		return 0;
	for (const struct monitor_command *c = __start_monitor_cmds; c < __stop_monitor_cmds; c++) {
		if (strcmp(c->name, argv[0]) == 0)
			return c->fn(argc, argv);
	}
	kprintf("%s: unknown command (try 'help')\n", argv[0]);
	return -1;
}

void monitor_run(void)
{
	char line[MONITOR_LINE_MAX];
	kprintf("Kernel monitor ready. Type 'help' for commands.\n");
	for (;;) {
		/* A program that left the console raw (a killed shell) must not
		 * leave the monitor reading single keys. */
		tty_set_mode(TTY_MODE_CANONICAL);
		kprintf("aether> ");
		int n = console_read_line(line, sizeof(line));
		if (n < 0) {
			kprintf("\n");
			continue;
		}
		monitor_execute(line);
	}
}

MONITOR_COMMAND(help, "list the monitor's commands")
{
	for (const struct monitor_command *c = __start_monitor_cmds; c < __stop_monitor_cmds; c++)
		kprintf("  %-10s %s\n", c->name, c->help);
	return 0;
}

static const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case BOOT_MEM_AVAILABLE:
		return "available";
	case BOOT_MEM_RESERVED:
		return "reserved";
	case BOOT_MEM_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case BOOT_MEM_ACPI_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "bad";
	default:
		return "unknown";
	}
}

/* Extra meminfo lines (allocator counters) come from the memory layer. */
void (*meminfo_extra_hook)(void);

MONITOR_COMMAND(meminfo, "show the boot memory map and allocator counters")
{
	uint64_t usable = 0;
	kprintf("memory map (%d regions, from multiboot%d):\n", boot_info.mmap_count,
		boot_info.protocol);
	for (int i = 0; i < boot_info.mmap_count; i++) {
		const struct boot_mem_region *r = &boot_info.mmap[i];
		kprintf("  %016lx-%016lx %10lu KiB %s\n", r->base, r->base + r->length - 1,
			r->length / 1024, mem_type_name(r->type));
		if (r->type == BOOT_MEM_AVAILABLE)
			usable += r->length;
	}
	kprintf("usable: %lu KiB (%lu MiB)\n", usable / 1024, usable >> 20);
	for (int i = 0; i < boot_info.module_count; i++)
		kprintf("module %d: %#lx-%#lx %s\n", i, boot_info.modules[i].start,
			boot_info.modules[i].end, boot_info.modules[i].name);
	if (meminfo_extra_hook)
		meminfo_extra_hook();
	return 0;
}

MONITOR_COMMAND(uptime, "time since boot")
{
	uint64_t ns = time_now_ns();
	uint64_t s = ns / 1000000000u;
	kprintf("up %lu.%03lu s (%lu:%02lu:%02lu)\n", s, (ns / 1000000u) % 1000, s / 3600,
		(s / 60) % 60, s % 60);
	return 0;
}

MONITOR_COMMAND(reboot, "reset the machine")
{
	kprintf("Rebooting.\n");
	power_reboot();
}

MONITOR_COMMAND(halt, "power the machine off")
{
	power_off();
}

MONITOR_COMMAND(cmdline, "show the kernel command line")
{
	kprintf("%s\n", cmdline_raw());
	return 0;
}
