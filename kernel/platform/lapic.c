/* Local APIC: software-enabled, timer calibrated over 10 ms of PIT channel 2. */
#include "platform/lapic.h"

#include <stddef.h>

#include "arch/cpu.h"
#include "arch/trap.h"
#include "kernel/init.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "platform/pit.h"

#define CPUID_FEAT_EDX_APIC (1u << 9)
#define CALIBRATE_MS	    10

static volatile uint32_t *lapic_regs;
static uint32_t ticks_per_ms;
static void (*timer_fn)(void);
static uint64_t timer_count;

static uint32_t lapic_read(uint32_t reg)
{
	return lapic_regs[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	lapic_regs[reg / 4] = v;
	(void)lapic_regs[LAPIC_ID / 4]; /* read back: the write has reached the APIC */
}

bool lapic_present(void)
{
	return lapic_regs != NULL;
}

void lapic_eoi(void)
{
	if (lapic_regs)
		lapic_write(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
	return lapic_regs ? lapic_read(LAPIC_ID) >> 24 : 0;
}

uint32_t lapic_ticks_per_ms(void)
{
	return ticks_per_ms;
}

uint64_t lapic_timer_interrupts(void)
{
	return __atomic_load_n(&timer_count, __ATOMIC_RELAXED);
}

static void lapic_timer_irq(struct trap_frame *f)
{
	(void)f;
	__atomic_fetch_add(&timer_count, 1, __ATOMIC_RELAXED);
	lapic_eoi();
	if (timer_fn)
		timer_fn();
}

static void lapic_spurious_irq(struct trap_frame *f)
{
	(void)f; /* no EOI for the spurious vector (SDM 11.9) */
}

static void lapic_error_irq(struct trap_frame *f)
{
	(void)f;
	lapic_write(LAPIC_ESR, 0);
	pr_warn("lapic: error status %#x\n", lapic_read(LAPIC_ESR));
	lapic_eoi();
}

static void lapic_calibrate(void)
{
	lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFFu);
	pit_wait_ticks((uint16_t)(PIT_FREQUENCY_HZ * CALIBRATE_MS / 1000));
	uint32_t elapsed = 0xFFFFFFFFu - lapic_read(LAPIC_TIMER_CURRENT);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	ticks_per_ms = elapsed / CALIBRATE_MS;
	if (ticks_per_ms == 0)
		ticks_per_ms = 1;
}

void lapic_timer_start(uint32_t hz, void (*fn)(void))
{
	if (!lapic_regs || hz == 0)
		return;
	timer_fn = fn;
	uint32_t count = ticks_per_ms * 1000u / hz;
	lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, VEC_LAPIC_TIMER | LAPIC_TIMER_PERIODIC);
	lapic_write(LAPIC_TIMER_INITIAL, count ? count : 1);
}

static void lapic_init(void)
{
	uint32_t a, b, c, d;
	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID_FEAT_EDX_APIC)) {
		pr_warn("lapic: no local APIC; no preemption timer\n");
		return;
	}
	uint64_t base = rdmsr(MSR_APIC_BASE);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_MSR_ENABLE);
	/* The APIC page lies below 4 GiB, which the direct map always covers. */
	lapic_regs = phys_to_virt(base & APIC_BASE_ADDR_MASK);
	trap_set_handler(VEC_LAPIC_TIMER, lapic_timer_irq);
	trap_set_handler(VEC_LAPIC_SPURIOUS, lapic_spurious_irq);
	trap_set_handler(VEC_LAPIC_ERROR, lapic_error_irq);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_ERROR, VEC_LAPIC_ERROR);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | VEC_LAPIC_SPURIOUS);
	lapic_write(LAPIC_ESR, 0);
	lapic_calibrate();
	pr_info("lapic: id %u, timer %u ticks/ms (divide 16)\n", lapic_id(), ticks_per_ms);
}
INITCALL(INIT_PLATFORM, lapic_init);
