/* 8042 controller bring-up, polled, before any interrupt is enabled. */
#include "drivers/i8042.h"

#include "arch/io.h"
#include "kernel/log.h"
#include "kernel/time.h"

#define I8042_FLUSH_LIMIT 32
#define STATUS_ABSENT	  0xFF /* an unbacked port reads all ones */

static bool present;

bool i8042_present(void)
{
	return present;
}

static bool wait_status(uint8_t mask, bool set, uint64_t timeout_us)
{
	uint64_t end = time_now_ns() + timeout_us * 1000;
	for (;;) {
		bool now = (inb(I8042_STATUS) & mask) != 0;
		if (now == set)
			return true;
		if (time_now_ns() > end)
			return false;
	}
}

static int send_command(uint8_t cmd)
{
	if (!wait_status(I8042_STS_INPUT_FULL, false, I8042_TIMEOUT_US))
		return -1;
	outb(I8042_COMMAND, cmd);
	return 0;
}

int i8042_write_data(uint8_t byte)
{
	if (!wait_status(I8042_STS_INPUT_FULL, false, I8042_TIMEOUT_US))
		return -1;
	outb(I8042_DATA, byte);
	return 0;
}

int i8042_read_data(uint64_t timeout_us)
{
	if (!wait_status(I8042_STS_OUTPUT_FULL, true, timeout_us))
		return -1;
	return inb(I8042_DATA);
}

static int read_config(void)
{
	if (send_command(I8042_CMD_READ_CONFIG) < 0)
		return -1;
	return i8042_read_data(I8042_TIMEOUT_US);
}

static int write_config(uint8_t cfg)
{
	if (send_command(I8042_CMD_WRITE_CONFIG) < 0)
		return -1;
	return i8042_write_data(cfg);
}

static void flush_output(void)
{
	for (int i = 0; i < I8042_FLUSH_LIMIT && (inb(I8042_STATUS) & I8042_STS_OUTPUT_FULL); i++)
		(void)inb(I8042_DATA);
}

int i8042_port1_irq(bool on)
{
	int cfg = read_config();
	if (cfg < 0)
		return -1;
	if (on)
		cfg |= I8042_CFG_PORT1_IRQ;
	else
		cfg &= ~I8042_CFG_PORT1_IRQ;
	return write_config((uint8_t)cfg);
}

int i8042_init(void)
{
	if (inb(I8042_STATUS) == STATUS_ABSENT) {
		pr_warn("ps2: no 8042 controller\n");
		return -1;
	}
	/* Quiet both ports, then drop whatever the firmware left behind. */
	if (send_command(I8042_CMD_DISABLE_PORT1) < 0 || send_command(I8042_CMD_DISABLE_PORT2) < 0)
		goto timeout;
	flush_output();

	int cfg = read_config();
	if (cfg < 0)
		goto timeout;
	cfg &= ~(I8042_CFG_PORT1_IRQ | I8042_CFG_PORT2_IRQ | I8042_CFG_PORT1_CLOCK_OFF);
	cfg |= I8042_CFG_TRANSLATE;
	if (write_config((uint8_t)cfg) < 0)
		goto timeout;

	if (send_command(I8042_CMD_SELF_TEST) < 0)
		goto timeout;
	int r = i8042_read_data(I8042_TIMEOUT_US);
	if (r != I8042_SELF_TEST_PASSED) {
		pr_err("ps2: controller self-test failed (%#x)\n", r);
		return -1;
	}
	/* Some controllers reset their configuration during the self-test. */
	if (write_config((uint8_t)cfg) < 0)
		goto timeout;

	if (send_command(I8042_CMD_TEST_PORT1) < 0)
		goto timeout;
	r = i8042_read_data(I8042_TIMEOUT_US);
	if (r != I8042_PORT_TEST_PASSED) {
		pr_err("ps2: keyboard port test failed (%#x)\n", r);
		return -1;
	}
	if (send_command(I8042_CMD_ENABLE_PORT1) < 0)
		goto timeout;
	present = true;
	return 0;
timeout:
	pr_err("ps2: controller does not answer\n");
	return -1;
}
