/*
 * Exception and interrupt dispatch. A kernel-mode exception nobody expects is a
 * kernel bug: print vector, error code, RIP, CR2, every register and a
 * frame-pointer backtrace, then stop (panic). User-mode faults go to the
 * process layer's hook.
 */
#include "arch/trap.h"

#include <stddef.h>

#include "arch/cpu.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "kernel/panic.h"

bool (*trap_user_fault_hook)(struct trap_frame *f);
void (*trap_user_return_hook)(struct trap_frame *f);
void (*trap_irq_eoi_hook)(unsigned vector);
static trap_handler_fn handlers[VEC_COUNT];

static struct {
	bool armed;
	unsigned vector;
	struct kjmp_buf *jb;
	struct trap_catch_result *result;
} catcher;

static const char *const exception_names[VEC_EXCEPTIONS] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 floating point",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD floating point",
    "#VE virtualization",
    "#CP control protection",
    "reserved 22",
    "reserved 23",
    "reserved 24",
    "reserved 25",
    "reserved 26",
    "reserved 27",
    "#HV hypervisor injection",
    "#VC VMM communication",
    "#SX security",
    "reserved 31",
};

const char *trap_vector_name(unsigned vector)
{
	if (vector < VEC_EXCEPTIONS)
		return exception_names[vector];
	return "interrupt";
}

trap_handler_fn trap_set_handler(unsigned vector, trap_handler_fn fn)
{
	if (vector >= VEC_COUNT)
		return NULL;
	trap_handler_fn old = handlers[vector];
	handlers[vector] = fn;
	return old;
}

void trap_catch_arm(unsigned vector, struct kjmp_buf *jb, struct trap_catch_result *result)
{
	catcher.vector = vector;
	catcher.jb = jb;
	catcher.result = result;
	__atomic_store_n(&catcher.armed, true, __ATOMIC_SEQ_CST);
}

void trap_catch_disarm(void)
{
	__atomic_store_n(&catcher.armed, false, __ATOMIC_SEQ_CST);
}

/* A frame pointer worth following: canonical kernel half, 8-byte aligned. */
static bool plausible_frame(uint64_t rbp)
{
	return rbp >= DIRECT_MAP_BASE && (rbp & 7) == 0 && rbp < 0xFFFFFFFFFFFFF000;
}

void backtrace_print(uint64_t rbp, uint64_t rip)
{
	kprintf("backtrace:\n  #0 %016lx\n", rip);
	for (int depth = 1; depth < 24 && plausible_frame(rbp); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret == 0)
			break;
		kprintf("  #%d %016lx\n", depth, ret);
		if (frame[0] <= rbp)
			break; /* frames grow upward; anything else is corruption */
		rbp = frame[0];
	}
}

void trap_dump_frame(const struct trap_frame *f)
{
	kprintf("exception %lu (%s) error=%#lx\n", f->vector, trap_vector_name(f->vector),
		f->error);
	kprintf("RIP=%016lx CS=%04lx RFLAGS=%016lx CR2=%016lx\n", f->rip, f->cs, f->rflags,
		read_cr2());
	kprintf("RSP=%016lx SS=%04lx CR3=%016lx CR0=%08lx CR4=%08lx\n", f->rsp, f->ss, read_cr3(),
		read_cr0(), read_cr4());
	kprintf("RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("RSI=%016lx RDI=%016lx RBP=%016lx R8 =%016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	kprintf("R9 =%016lx R10=%016lx R11=%016lx R12=%016lx\n", f->r9, f->r10, f->r11, f->r12);
	kprintf("R13=%016lx R14=%016lx R15=%016lx\n", f->r13, f->r14, f->r15);
	if (f->vector == VEC_PAGE_FAULT) {
		kprintf("page fault: %s %s from %s mode%s\n",
			(f->error & PF_PRESENT) ? "protection violation" : "page not present",
			(f->error & PF_FETCH)	? "on instruction fetch"
			: (f->error & PF_WRITE) ? "on write"
						: "on read",
			(f->error & PF_USER) ? "user" : "kernel",
			(f->error & PF_RSVD) ? ", reserved bit set" : "");
	}
	backtrace_print(f->rbp, f->rip);
}

void trap_dispatch(struct trap_frame *f);
void trap_dispatch(struct trap_frame *f)
{
	unsigned vec = (unsigned)f->vector;
	bool from_user = (f->cs & 3) == 3;

	if (vec < VEC_EXCEPTIONS && !from_user && catcher.armed && catcher.vector == vec) {
		catcher.armed = false;
		catcher.result->vector = vec;
		catcher.result->error = f->error;
		catcher.result->rip = f->rip;
		catcher.result->cr2 = read_cr2();
		/* Resume in klong_jmp on the interrupted stack: it restores the saved context. */
		f->rdi = (uint64_t)catcher.jb;
		f->rsi = 1;
		f->rip = (uint64_t)klong_jmp;
		return;
	}

	if (handlers[vec]) {
		handlers[vec](f);
		if (vec >= VEC_EXCEPTIONS && trap_irq_eoi_hook)
			trap_irq_eoi_hook(vec);
		if (from_user && trap_user_return_hook)
			trap_user_return_hook(f);
		return;
	}

	if (vec >= VEC_EXCEPTIONS) {
		pr_warn("trap: unexpected interrupt vector %u\n", vec);
		if (trap_irq_eoi_hook)
			trap_irq_eoi_hook(vec);
		return;
	}

	if (from_user && trap_user_fault_hook && trap_user_fault_hook(f))
		return;

	kprintf("\n*** KERNEL EXCEPTION ***\n");
	trap_dump_frame(f);
	panic("unhandled %s exception in %s mode at %#lx", trap_vector_name(vec),
	      from_user ? "user" : "kernel", f->rip);
}
