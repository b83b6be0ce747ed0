/*
 * kset_jmp / klong_jmp: save and restore the callee-saved registers, stack and
 * return address (struct kjmp_buf in arch/trap.h). Used to recover from a
 * deliberately provoked exception in tests and probes.
 */
	.text
	.global kset_jmp
kset_jmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rax              /* the caller's stack after our return */
	movq %rax, 48(%rdi)
	movq (%rsp), %rax               /* our return address */
	movq %rax, 56(%rdi)
	xorl %eax, %eax
	ret

	.global klong_jmp
klong_jmp:
	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	movl $1, %eax                   /* longjmp(…, 0) returns 1, as in C */
1:	jmpq *56(%rdi)

	.section .note.GNU-stack, "", @progbits
