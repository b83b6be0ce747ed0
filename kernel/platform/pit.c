/* PIT channel 2 as a one-shot delay reference (it needs no interrupt). */
#include "platform/pit.h"

#include "arch/io.h"

void pit_wait_ticks(uint16_t ticks)
{
	uint8_t b = inb(PIT_PORT_B);
	/* Gate low while programming, speaker off. */
	outb(PIT_PORT_B, (uint8_t)((b & ~PIT_PORTB_SPEAKER) & ~PIT_PORTB_GATE2));
	outb(PIT_COMMAND, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE0);
	outb(PIT_CH2_DATA, ticks & 0xFF);
	outb(PIT_CH2_DATA, ticks >> 8);
	/* Raising the gate starts the count; OUT2 goes high at terminal count. */
	b = inb(PIT_PORT_B);
	outb(PIT_PORT_B, (uint8_t)((b & ~PIT_PORTB_SPEAKER) | PIT_PORTB_GATE2));
	for (uint32_t spin = 0; spin < 100000000u && !(inb(PIT_PORT_B) & PIT_PORTB_OUT2); spin++)
		;
}
