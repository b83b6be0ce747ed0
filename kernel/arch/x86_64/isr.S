/*
 * Interrupt and exception entry stubs: one 16-byte stub per vector (256), so
 * stub N sits at isr_stubs + 16 * N. Each pushes a zero error code where the
 * CPU does not push one, then the vector number, and joins isr_common, which
 * saves the general registers in the order of struct trap_frame and calls
 * trap_dispatch(frame).
 */
#include "arch/frame_asm.h"
#include "kernel/layout.h"

#define FRAME_CS_OFFSET (18 * 8)   /* offsetof(struct trap_frame, cs) */
#define ISR_STUB_SIZE   16

	.text
	.align ISR_STUB_SIZE
	.global isr_stubs
isr_stubs:
	.set vec, 0
	.rept 256
	.align ISR_STUB_SIZE
	/* Vectors for which the CPU pushes an error code (SDM vol. 3 table 6-1). */
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp isr_common
	.set vec, vec + 1
	.endr
	.global isr_stubs_end
isr_stubs_end:

isr_common:
	PUSH_GPRS
	cld
	testb $3, FRAME_CS_OFFSET(%rsp)
	jz 1f
	swapgs                          /* from ring 3: switch to the kernel GS base */
1:	movq %rsp, %rdi
	call trap_dispatch
	testb $3, FRAME_CS_OFFSET(%rsp)
	jz 2f
	swapgs
2:	POP_GPRS
	addq $16, %rsp                  /* vector and error code */
	iretq

	.section .note.GNU-stack, "", @progbits
