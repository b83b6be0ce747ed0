/* Per-CPU block (GS base) and the SYSCALL/SYSRET machine-specific registers. */
#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/percpu.h"

#define RFLAGS_TF (1ul << 8)
#define RFLAGS_DF (1ul << 10)
#define RFLAGS_AC (1ul << 18)
/* STAR: kernel CS in bits 47:32; SYSRET takes CS = [63:48] + 16, SS = [63:48] + 8. */
#define STAR_KERNEL_SHIFT 32
#define STAR_USER_SHIFT	  48
#define STAR_USER_BASE	  (GDT_KERNEL_DATA | GDT_RPL_USER) /* 0x13: +8 = user data, +16 = user code \
							    */

_Static_assert(GDT_USER_DATA == GDT_KERNEL_DATA + 8, "SYSRET needs user data at base + 8");
_Static_assert(GDT_USER_CODE == GDT_KERNEL_DATA + 16, "SYSRET needs user code at base + 16");

void syscall_entry(void);

static struct percpu boot_cpu;

void percpu_init_boot(void)
{
	boot_cpu.self = &boot_cpu;
	boot_cpu.cpu_index = 0;
	wrmsr(MSR_GS_BASE, (uint64_t)&boot_cpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void syscall_msr_init(void);
void syscall_msr_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)STAR_USER_BASE << STAR_USER_SHIFT) |
			    ((uint64_t)GDT_KERNEL_CODE << STAR_KERNEL_SHIFT));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Entering the kernel with interrupts off, direction clear, no trap flag, no AC. */
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC);
}

void cpu_set_kernel_stack(uint64_t top);
void cpu_set_kernel_stack(uint64_t top)
{
	tss_set_kernel_stack(top);
	percpu_this()->kernel_rsp = top;
}
