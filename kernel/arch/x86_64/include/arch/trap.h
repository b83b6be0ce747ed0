/* Interrupt/exception entry: the saved register frame and handler registration. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdbool.h>
#include <stdint.h>

/* Exception vectors (SDM vol. 3 table 6-1). */
enum {
	VEC_DIVIDE = 0,
	VEC_DEBUG = 1,
	VEC_NMI = 2,
	VEC_BREAKPOINT = 3,
	VEC_OVERFLOW = 4,
	VEC_BOUND = 5,
	VEC_INVALID_OPCODE = 6,
	VEC_DEVICE_NA = 7,
	VEC_DOUBLE_FAULT = 8,
	VEC_COPROC_OVERRUN = 9,
	VEC_INVALID_TSS = 10,
	VEC_SEGMENT_NP = 11,
	VEC_STACK_FAULT = 12,
	VEC_GP = 13,
	VEC_PAGE_FAULT = 14,
	VEC_X87 = 16,
	VEC_ALIGNMENT = 17,
	VEC_MACHINE_CHECK = 18,
	VEC_SIMD = 19,
	VEC_VIRT = 20,
	VEC_CONTROL_PROTECTION = 21,
	VEC_EXCEPTIONS = 32,
	VEC_IRQ_BASE = 32, /* legacy IRQ 0 after remapping */
	VEC_COUNT = 256,
};

/* Page-fault error code bits. */
#define PF_PRESENT (1u << 0)
#define PF_WRITE   (1u << 1)
#define PF_USER	   (1u << 2)
#define PF_RSVD	   (1u << 3)
#define PF_FETCH   (1u << 4)

/* Layout pushed by isr.S: general registers, then vector and error code, then the CPU frame. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap frame matches isr.S");

typedef void (*trap_handler_fn)(struct trap_frame *f);

void idt_init(void);
/* Installs a handler for a vector (interrupts or exceptions); returns the old one. */
trap_handler_fn trap_set_handler(unsigned vector, trap_handler_fn fn);
/* Hook for user-mode faults (filled by the process layer): returns true if handled. */
extern bool (*trap_user_fault_hook)(struct trap_frame *f);
/* Called before returning to ring 3 after a handled interrupt (pending kills). */
extern void (*trap_user_return_hook)(struct trap_frame *f);
/* Called for every interrupt vector >= 32 after its handler, to acknowledge it. */
extern void (*trap_irq_eoi_hook)(unsigned vector);

const char *trap_vector_name(unsigned vector);
void trap_dump_frame(const struct trap_frame *f);
void backtrace_print(uint64_t rbp, uint64_t rip);

/* ---- catching a deliberate exception (tests, probes) ---- */
struct kjmp_buf {
	uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};
int kset_jmp(struct kjmp_buf *jb) __attribute__((returns_twice));
__attribute__((noreturn)) void klong_jmp(struct kjmp_buf *jb, int value);

struct trap_catch_result {
	unsigned vector;
	uint64_t error;
	uint64_t rip;
	uint64_t cr2;
};

/* Arms a one-shot catch: the next kernel-mode exception with this vector jumps
 * back to jb (kset_jmp returns 1) with the details in *result. */
void trap_catch_arm(unsigned vector, struct kjmp_buf *jb, struct trap_catch_result *result);
void trap_catch_disarm(void);

#endif
