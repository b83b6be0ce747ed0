/*
 * Init calls: subsystems register their start-up function beside their code,
 * so kmain does not need editing for each new subsystem.
 *
 *     INITCALL(INIT_MEMORY, pmm_init_from_boot);
 *
 * Levels run in order; within a level, order follows link order.
 */
#ifndef KERNEL_INIT_H
#define KERNEL_INIT_H

#define INIT_MEMORY   1 /* frame allocator, paging, heap */
#define INIT_PLATFORM 2 /* interrupt controllers, timers, SMP */
#define INIT_DRIVERS  3 /* PCI, consoles, block, network */
#define INIT_SERVICES 4 /* filesystems, processes */
#define INIT_LATE     5

typedef void (*initcall_fn)(void);

#define INITCALL_SECTION_(level) ".initcall." #level
#define INITCALL_SECTION(level)	 INITCALL_SECTION_(level)
#define INITCALL(level, fn)                                                                        \
	static const initcall_fn initcall_##fn                                                     \
	    __attribute__((used, section(INITCALL_SECTION(level)), aligned(8))) = fn

void initcalls_run(void);

#endif
