/* Reboot, power off and the QEMU isa-debug-exit device. */
#include "kernel/power.h"

#include "arch/cpu.h"
#include "arch/io.h"
#include "kernel/log.h"

#define KBC_STATUS_PORT 0x64
#define KBC_STATUS_IBF	0x02  /* input buffer full: controller busy */
#define KBC_CMD_RESET	0xFE  /* pulse the CPU reset line */
#define ACPI_PM1A_PIIX4 0x604 /* QEMU i440fx/piix4 PM1a control */
#define ACPI_PM1A_BOCHS 0xB004
#define ACPI_SLP_EN_S5	0x2000 /* SLP_EN with SLP_TYP 0 (QEMU's S5) */

void power_debug_exit(bool success)
{
	outl(DEBUG_EXIT_PORT, success ? DEBUG_EXIT_SUCCESS : DEBUG_EXIT_FAILURE);
}

void power_reboot(void)
{
	irq_disable();
	for (int i = 0; i < 100000 && (inb(KBC_STATUS_PORT) & KBC_STATUS_IBF); i++)
		;
	outb(KBC_STATUS_PORT, KBC_CMD_RESET);
	/* Fallback: load an empty IDT and fault, which triple-faults into reset. */
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} empty = {0, 0};
	__asm__ volatile("lidt %0; int3" : : "m"(empty));
	cpu_halt_forever();
}

void power_off(void)
{
	kprintf("System halted.\n");
	outw(ACPI_PM1A_PIIX4, ACPI_SLP_EN_S5);
	outw(ACPI_PM1A_BOCHS, ACPI_SLP_EN_S5);
	cpu_halt_forever();
}
