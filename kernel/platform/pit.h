/* Intel 8253/8254 programmable interval timer. */
#ifndef PLATFORM_PIT_H
#define PLATFORM_PIT_H

#include <stdint.h>

#define PIT_FREQUENCY_HZ 1193182
#define PIT_CH0_DATA	 0x40
#define PIT_CH2_DATA	 0x42
#define PIT_COMMAND	 0x43
#define PIT_PORT_B	 0x61 /* keyboard controller port B: channel 2 gate/output */

#define PIT_PORTB_GATE2	  0x01
#define PIT_PORTB_SPEAKER 0x02
#define PIT_PORTB_OUT2	  0x20

/* Command byte fields. */
#define PIT_SEL_CH0	0x00
#define PIT_SEL_CH2	0x80
#define PIT_ACCESS_LOHI 0x30
#define PIT_MODE0	0x00 /* interrupt on terminal count */
#define PIT_MODE2	0x04 /* rate generator */

/* Busy-waits for `ticks` PIT ticks on channel 2 (at most 65535). */
void pit_wait_ticks(uint16_t ticks);

#endif
