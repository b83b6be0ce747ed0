/* Self-tests of the foundation: formatting, exception delivery, descriptor layout, boot info. */
#include <stdint.h>
#include <string.h>

#include "arch/cpu.h"
#include "arch/gdt.h"
#include "arch/trap.h"
#include "fmt/format.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/layout.h"

static char buf[128];

#define EXPECT_FMT(expected, ...)                                                                  \
	do {                                                                                       \
		int n_ = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__);                              \
		if (strcmp(buf, expected) != 0)                                                    \
			return ktest_fail("format %s gave '%s', want '%s'", #__VA_ARGS__, buf,     \
					  expected);                                               \
		if (n_ != (int)strlen(expected))                                                   \
			return ktest_fail("format %s returned %d", #__VA_ARGS__, n_);              \
	} while (0)

KTEST(kprintf, integers)
{
	EXPECT_FMT("42", "%d", 42);
	EXPECT_FMT("-42", "%i", -42);
	EXPECT_FMT("4294967295", "%u", 4294967295u);
	EXPECT_FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
	EXPECT_FMT("18446744073709551615", "%llu", 18446744073709551615ull);
	EXPECT_FMT("123456789", "%zu", (size_t)123456789);
	return NULL;
}

KTEST(kprintf, hex_and_pointers)
{
	EXPECT_FMT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT_FMT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT_FMT("0xffffffff80000000", "%p", (void *)0xffffffff80000000ul);
	EXPECT_FMT("0x1f", "%#x", 0x1f);
	return NULL;
}

KTEST(kprintf, width_padding_alignment)
{
	EXPECT_FMT("   42", "%5d", 42);
	EXPECT_FMT("00042", "%05d", 42);
	EXPECT_FMT("-0042", "%05d", -42);
	EXPECT_FMT("42   |", "%-5d|", 42);
	EXPECT_FMT("0000beef", "%08x", 0xbeef);
	EXPECT_FMT("  ab", "%4s", "ab");
	EXPECT_FMT("ab  |", "%-4s|", "ab");
	EXPECT_FMT("x", "%c", 'x');
	EXPECT_FMT("100%", "%d%%", 100);
	const char *volatile null_string = NULL;
	EXPECT_FMT("(null)", "%s", null_string);
	return NULL;
}

KTEST(kprintf, truncation)
{
	char small[6];
	int n = fmt_snprintf(small, sizeof(small), "%s", "abcdefgh");
	if (n != 8 || strcmp(small, "abcde") != 0)
		return ktest_fail("got n=%d '%s'", n, small);
	return NULL;
}

/* ---- exception delivery: each fault is caught, reported and the test continues ---- */

static const char *expect_exception(unsigned vector, void (*provoke)(void),
				    struct trap_catch_result *res)
{
	struct kjmp_buf jb;
	if (kset_jmp(&jb) == 0) {
		trap_catch_arm(vector, &jb, res);
		provoke();
		trap_catch_disarm();
		return ktest_fail("no %s exception was raised", trap_vector_name(vector));
	}
	if (res->vector != vector)
		return ktest_fail("caught vector %u, want %u", res->vector, vector);
	return NULL;
}

static void provoke_breakpoint(void)
{
	__asm__ volatile("int3");
}

static void provoke_invalid_opcode(void)
{
	__asm__ volatile("ud2");
}

#define UNMAPPED_PROBE_ADDR 0x0000700000000000ul /* PML4 slot 224: never mapped */

static void provoke_page_fault(void)
{
	volatile uint64_t *p = (volatile uint64_t *)UNMAPPED_PROBE_ADDR;
	(void)*p;
}

static void provoke_divide_error(void)
{
	uint64_t zero = 0;
	__asm__ volatile("xorl %%edx, %%edx; movl $1, %%eax; divq %0" : : "r"(zero) : "rax", "rdx");
}

KTEST(exceptions, breakpoint)
{
	struct trap_catch_result r;
	return expect_exception(VEC_BREAKPOINT, provoke_breakpoint, &r);
}

KTEST(exceptions, invalid_opcode)
{
	struct trap_catch_result r;
	const char *err = expect_exception(VEC_INVALID_OPCODE, provoke_invalid_opcode, &r);
	if (err)
		return err;
	if (r.rip < (uint64_t)provoke_invalid_opcode ||
	    r.rip > (uint64_t)provoke_invalid_opcode + 64)
		return ktest_fail("#UD at rip %#lx, outside the provoking function", r.rip);
	return NULL;
}

KTEST(exceptions, page_fault_reports_cr2)
{
	struct trap_catch_result r;
	const char *err = expect_exception(VEC_PAGE_FAULT, provoke_page_fault, &r);
	if (err)
		return err;
	if (r.cr2 != UNMAPPED_PROBE_ADDR)
		return ktest_fail("CR2 %#lx, want %#lx", r.cr2, UNMAPPED_PROBE_ADDR);
	if (r.error & (PF_PRESENT | PF_WRITE | PF_USER))
		return ktest_fail("error code %#lx, want a kernel read of a missing page", r.error);
	return NULL;
}

KTEST(exceptions, divide_error)
{
	struct trap_catch_result r;
	return expect_exception(VEC_DIVIDE, provoke_divide_error, &r);
}

KTEST(exceptions, continues_after_catch)
{
	/* Two catches in a row prove the catcher re-arms cleanly and the stack is intact. */
	struct trap_catch_result r;
	for (int i = 0; i < 3; i++) {
		const char *err = expect_exception(VEC_BREAKPOINT, provoke_breakpoint, &r);
		if (err)
			return err;
	}
	return NULL;
}

/* ---- descriptor tables ---- */

KTEST(layout, gdt_tss_loaded)
{
	struct descriptor_ptr gdtr;
	uint16_t tr;
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("str %0" : "=r"(tr));
	if (tr != GDT_TSS)
		return ktest_fail("task register %#x, want %#x", tr, GDT_TSS);
	if (gdtr.limit != 7 * 8 - 1)
		return ktest_fail("GDT limit %u", gdtr.limit);
	if (kernel_tss.ist[IST_DOUBLE_FAULT - 1] == 0)
		return ktest_fail("no IST stack for #DF");
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	if (cs != GDT_KERNEL_CODE)
		return ktest_fail("CS %#x", cs);
	return NULL;
}

KTEST(layout, idt_loaded)
{
	struct descriptor_ptr idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	if (idtr.limit != 256 * 16 - 1)
		return ktest_fail("IDT limit %u", idtr.limit);
	if (idtr.base < KERNEL_VMA)
		return ktest_fail("IDT base %#lx is not in the kernel image", idtr.base);
	return NULL;
}

KTEST(layout, higher_half_and_nx)
{
	if ((uint64_t)&buf < KERNEL_VMA)
		return ktest_fail("kernel data at %p, not in the higher half", (void *)&buf);
	uint32_t a, b, c, d;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	if ((d & (1u << 20)) && !(rdmsr(MSR_EFER) & EFER_NXE))
		return ktest_fail("CPU has NX but EFER.NXE is clear");
	return NULL;
}

/* ---- boot information ---- */

KTEST(boot, memory_map_present)
{
	if (boot_info.protocol != 1 && boot_info.protocol != 2)
		return ktest_fail("unknown boot protocol %d", boot_info.protocol);
	uint64_t above_1m = 0;
	for (int i = 0; i < boot_info.mmap_count; i++) {
		const struct boot_mem_region *r = &boot_info.mmap[i];
		if (r->type == BOOT_MEM_AVAILABLE && r->base >= 0x100000)
			above_1m += r->length;
	}
	if (above_1m < (16u << 20))
		return ktest_fail("only %lu bytes of usable memory above 1 MiB", above_1m);
	return NULL;
}

KTEST(boot, cmdline_has_test_option)
{
	const char *t = cmdline_get("test");
	if (!t)
		return ktest_fail("test= missing from the parsed command line '%s'", cmdline_raw());
	if (cmdline_get("no-such-option"))
		return ktest_fail("an unknown option was kept");
	return NULL;
}

/* ---- canaries: fail on purpose so the harness is seen to notice ---- */

KTEST(canary_fail, deliberate_failure)
{
	return ktest_fail("this test fails on purpose (harness canary)");
}

KTEST(canary_hang, deliberate_hang)
{
	for (;;)
		cpu_halt_forever();
	return NULL;
}

KTEST(canary_panic, deliberate_kernel_fault)
{
	provoke_page_fault();
	return ktest_fail("the page fault did not stop the kernel");
}
