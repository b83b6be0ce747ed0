/* The 8042 PS/2 controller: ports, commands, configuration byte. */
#ifndef DRIVERS_I8042_H
#define DRIVERS_I8042_H

#include <stdbool.h>
#include <stdint.h>

#define I8042_DATA    0x60
#define I8042_STATUS  0x64 /* read */
#define I8042_COMMAND 0x64 /* write */

/* Status register. */
#define I8042_STS_OUTPUT_FULL 0x01 /* a byte waits at I8042_DATA */
#define I8042_STS_INPUT_FULL  0x02 /* the controller has not taken our last byte */
#define I8042_STS_AUX_DATA    0x20 /* the waiting byte is from port 2 (mouse) */

/* Controller commands. */
#define I8042_CMD_READ_CONFIG	0x20
#define I8042_CMD_WRITE_CONFIG	0x60
#define I8042_CMD_DISABLE_PORT2 0xA7
#define I8042_CMD_SELF_TEST	0xAA
#define I8042_CMD_TEST_PORT1	0xAB
#define I8042_CMD_DISABLE_PORT1 0xAD
#define I8042_CMD_ENABLE_PORT1	0xAE

#define I8042_SELF_TEST_PASSED 0x55
#define I8042_PORT_TEST_PASSED 0x00

/* Configuration byte. */
#define I8042_CFG_PORT1_IRQ	  0x01
#define I8042_CFG_PORT2_IRQ	  0x02
#define I8042_CFG_PORT1_CLOCK_OFF 0x10
#define I8042_CFG_PORT2_CLOCK_OFF 0x20
#define I8042_CFG_TRANSLATE	  0x40 /* keyboard set 2 -> set 1 */

/* Bounded waits, in microseconds. */
#define I8042_TIMEOUT_US 100000

/* Initialises the controller with port 1 enabled and its interrupt off. */
int i8042_init(void);
/* Sets or clears the port-1 interrupt bit in the configuration byte. */
int i8042_port1_irq(bool on);
/* Sends a byte to the device on port 1. */
int i8042_write_data(uint8_t byte);
/* Polls for a byte from the controller; -1 on timeout. */
int i8042_read_data(uint64_t timeout_us);
bool i8042_present(void);

#endif
