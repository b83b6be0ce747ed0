/* Bring-up of the process layer: syscall MSRs, fault hooks, the /boot files. */
#include "kernel/init.h"
#include "kernel/log.h"
#include "proc/keyring.h"
#include "proc/process.h"

void syscall_msr_init(void);
void bootfs_mount(void);

static void proc_layer_init(void)
{
	syscall_msr_init();
	proc_init();
	bootfs_mount();
	pr_info("proc: SYSCALL/SYSRET ready, %zu key(s) in the key ring, %s signatures\n",
		keyring_count(), AETHER_HARDENED ? "hardened (no bypass)" : "dev (bypass present)");
}
INITCALL(INIT_SERVICES, proc_layer_init);
