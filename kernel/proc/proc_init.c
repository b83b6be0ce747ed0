/* Bring-up of the process layer: syscall MSRs, fault hooks, the /boot files. */
#include "kernel/init.h"
#include "kernel/log.h"
#include "proc/keyring.h"
#include "kernel/tty.h"
#include "proc/process.h"
#include "proc/sched.h"

void syscall_msr_init(void);
void bootfs_mount(void);
void devfs_mount(void);
void procfs_mount(void);

/* Console readers sleep until input arrives (woken by the TTY), instead of
 * halting the CPU under every other thread. */
static int tty_channel;
#define TTY_WAIT_MAX_NS 20000000ull

static void tty_wait_scheduled(void)
{
	sched_block_timeout(&tty_channel, TTY_WAIT_MAX_NS);
}

static void tty_wake_scheduled(void)
{
	sched_wakeup(&tty_channel);
}

static void proc_layer_init(void)
{
	tty_wait_hook = tty_wait_scheduled;
	tty_wake_hook = tty_wake_scheduled;
	tty_abort_hook = sched_interrupted;
	syscall_msr_init();
	proc_init();
	bootfs_mount();
	devfs_mount();
	procfs_mount();
	pr_info("proc: SYSCALL/SYSRET ready, %zu key(s) in the key ring, %s signatures\n",
		keyring_count(), AETHER_HARDENED ? "hardened (no bypass)" : "dev (bypass present)");
}
INITCALL(INIT_SERVICES, proc_layer_init);
