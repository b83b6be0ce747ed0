/* kmain: bring the machine up, then run the self-tests or the monitor. */
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/percpu.h"
#include "arch/trap.h"
#include "drivers/vga.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/init.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/monitor.h"
#include "kernel/power.h"
#include "kernel/time.h"
#include "kernel/version.h"
#include "arch/cpu.h"
#include "platform/pic.h"
#include "proc/process.h"

extern const initcall_fn __start_initcalls[], __stop_initcalls[];

void initcalls_run(void)
{
	for (const initcall_fn *f = __start_initcalls; f < __stop_initcalls; f++)
		(*f)();
}

static void print_banner(void)
{
	kprintf("\nAetherOS %s (x86-64) - every program is translated, none runs natively\n",
		AETHER_VERSION);
#if AETHER_HARDENED
	kprintf("build: HARDENED - no signature bypass compiled in\n");
#else
	kprintf("build: DEV - a signature bypass exists for experiments (make HARDENED=1 removes "
		"it)\n");
#endif
}

/*
 * When init has gone, processes it left behind (a shell that has not yet
 * exited, its children) would go on reading the console and take keystrokes
 * meant for the monitor. End every remaining process and reap it before the
 * monitor's first prompt.
 */
static void monitor_take_console(void)
{
	int killed = 0;
	for (int i = 0; i < PROC_MAX; i++) {
		struct process *p = proc_at(i);
		if (p && p->state == PROC_RUNNING && proc_kill(p->pid, AE_SIGKILL) == 0)
			killed++;
	}
	int status;
	while (proc_waitpid(-1, &status, 0) >= 0)
		;
	if (killed)
		kprintf("monitor: ended %d remaining process%s\n", killed, killed == 1 ? "" : "es");
}

void kmain(uint32_t magic, uint64_t info_phys);
void kmain(uint32_t magic, uint64_t info_phys)
{
	console_init();
	vga_console_init();
	gdt_init();
	percpu_init_boot();
	idt_init();
	pic_init_masked();
	print_banner();

	if (bootinfo_parse(magic, info_phys, &boot_info) < 0)
		pr_warn("boot: unknown loader magic %#x; no memory map or command line\n", magic);
	cmdline_init(boot_info.cmdline);
	kprintf("boot: multiboot%d loader '%s', cmdline '%s', %d memory regions, %d modules\n",
		boot_info.protocol, boot_info.loader[0] ? boot_info.loader : "?", boot_info.cmdline,
		boot_info.mmap_count, boot_info.module_count);

	time_init();
	initcalls_run();
	irq_enable(); /* every handler is installed: device and timer interrupts may come */

	const char *test = cmdline_get("test");
	if (test) {
		int failures = ktest_run(test[0] ? test : "all");
		power_debug_exit(failures == 0);
		kprintf("isa-debug-exit is not present; halting.\n");
		cpu_halt_forever();
	}
	if (proc_start_init()) {
		/* The kernel's own thread reaps orphans (whose parent is the kernel)
		 * and gives the console back to the monitor if init ends. */
		for (;;) {
			int status;
			int pid = proc_waitpid(-1, &status, 0);
			if (pid < 0)
				break;
			if (pid == proc_init_pid()) {
				kprintf("init exited with status %#x; kernel monitor takes over\n",
					status);
				monitor_take_console();
				break;
			}
		}
	}
	monitor_run();
}
