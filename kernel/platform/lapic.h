/* Local APIC (xAPIC, MMIO): enable, timer calibrated against the PIT, EOI. */
#ifndef PLATFORM_LAPIC_H
#define PLATFORM_LAPIC_H

#include <stdbool.h>
#include <stdint.h>

/* Register offsets (Intel SDM vol. 3, table 11-1). */
#define LAPIC_ID	    0x020
#define LAPIC_VERSION	    0x030
#define LAPIC_TPR	    0x080
#define LAPIC_EOI	    0x0B0
#define LAPIC_SVR	    0x0F0
#define LAPIC_ESR	    0x280
#define LAPIC_ICR_LOW	    0x300
#define LAPIC_ICR_HIGH	    0x310
#define LAPIC_LVT_TIMER	    0x320
#define LAPIC_LVT_LINT0	    0x350
#define LAPIC_LVT_LINT1	    0x360
#define LAPIC_LVT_ERROR	    0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE  0x3E0

#define LAPIC_SVR_ENABLE     (1u << 8)
#define LAPIC_LVT_MASKED     (1u << 16)
#define LAPIC_TIMER_PERIODIC (1u << 17)
#define LAPIC_TIMER_DIV_16   0x3
#define APIC_BASE_MSR_ENABLE (1ull << 11)
#define APIC_BASE_ADDR_MASK  0x000FFFFFFFFFF000ull

/* Interrupt vectors owned by the local APIC. */
#define VEC_LAPIC_TIMER	   0x40
#define VEC_LAPIC_ERROR	   0xFE
#define VEC_LAPIC_SPURIOUS 0xFF

bool lapic_present(void);
void lapic_eoi(void);
uint32_t lapic_id(void);
/* Timer ticks (at divide-by-16) per millisecond, measured at init. */
uint32_t lapic_ticks_per_ms(void);
/* Starts the periodic timer at hz, calling fn on every tick. */
void lapic_timer_start(uint32_t hz, void (*fn)(void));
uint64_t lapic_timer_interrupts(void);

#endif
