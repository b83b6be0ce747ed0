/* Machine power control and the QEMU test-exit device. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include <stdbool.h>

/* isa-debug-exit: QEMU exits with (value << 1) | 1. */
#define DEBUG_EXIT_PORT	   0xF4
#define DEBUG_EXIT_SUCCESS 0x10 /* QEMU exit status 33 */
#define DEBUG_EXIT_FAILURE 0x11 /* QEMU exit status 35 */

/* Leaves QEMU through isa-debug-exit; returns only when the device is absent. */
void power_debug_exit(bool success);
__attribute__((noreturn)) void power_reboot(void);
__attribute__((noreturn)) void power_off(void);

#endif
