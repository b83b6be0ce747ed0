/*
 * SYSCALL entry. The CPU has loaded RIP from LSTAR, saved the user RIP in RCX
 * and RFLAGS in R11, masked RFLAGS with FMASK (IF, DF, TF, AC cleared), and not
 * touched RSP. We switch to the thread's kernel stack (per-CPU data via GS),
 * build a struct trap_frame (vector = SYSCALL_FRAME_VECTOR) so the rest of the
 * kernel sees one frame layout, and call syscall_dispatch(frame). Return is by
 * SYSRET when the saved RIP is canonical, else by IRETQ (SYSRET with a
 * non-canonical RCX would fault in ring 0 on the user stack on Intel CPUs).
 */
#include "arch/frame_asm.h"
#include "arch/percpu.h"

#define USER_CS  (0x20 | 3)
#define USER_SS  (0x18 | 3)
#define SYSCALL_FRAME_VECTOR 0x100
#define FRAME_RIP (17 * 8)
#define FRAME_RSP (20 * 8)

	.text
	.global syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:PERCPU_USER_RSP
	movq %gs:PERCPU_KERNEL_RSP, %rsp
	pushq $USER_SS
	pushq %gs:PERCPU_USER_RSP
	pushq %r11                      /* user RFLAGS */
	pushq $USER_CS
	pushq %rcx                      /* user RIP */
	pushq $0                        /* error code */
	pushq $SYSCALL_FRAME_VECTOR
	PUSH_GPRS
	xorl %ebp, %ebp
	movq %rsp, %rdi
	sti                             /* system calls are preemptible */
	call syscall_dispatch
	cli
	/* SYSRET only to a canonical user address (bits 63:47 all zero). */
	movq FRAME_RIP(%rsp), %rcx
	shrq $47, %rcx
	jnz .Liret_path
	POP_GPRS
	addq $16, %rsp                  /* vector, error code */
	popq %rcx                       /* user RIP */
	addq $8, %rsp                   /* CS */
	popq %r11                       /* user RFLAGS */
	popq %rsp                       /* user RSP: from here on the user stack */
	swapgs
	sysretq

.Liret_path:
	POP_GPRS
	addq $16, %rsp
	swapgs
	iretq

/* enter_user(rip, rsp, rdi, rsi): first entry into ring 3 for a thread. */
	.global enter_user
enter_user:
	cli
	pushq $USER_SS
	pushq %rsi                      /* user rsp */
	pushq $0x202                    /* RFLAGS: IF set */
	pushq $USER_CS
	pushq %rdi                      /* user rip */
	movq %rdx, %rdi
	movq %rcx, %rsi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	swapgs
	iretq

	.section .note.GNU-stack, "", @progbits
