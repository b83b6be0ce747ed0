/* panic(): report and stop. Never returns, never reboots silently. */
#include "kernel/panic.h"

#include <stdarg.h>

#include "arch/cpu.h"
#include "arch/trap.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/power.h"

static int panicking;

void panic(const char *fmt, ...)
{
	irq_disable();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST) > 0)
		cpu_halt_forever(); /* a panic while panicking: print nothing more */

	va_list ap;
	va_start(ap, fmt);
	kprintf("\nKERNEL PANIC: ");
	kvprintf(fmt, ap);
	kprintf("\n");
	va_end(ap);
	backtrace_print((uint64_t)__builtin_frame_address(0),
			(uint64_t)__builtin_return_address(0));
	if (ktest_mode_active()) {
		kprintf("0 passed, 1 failed\n");
		power_debug_exit(false);
	}
	kprintf("System halted.\n");
	cpu_halt_forever();
}
