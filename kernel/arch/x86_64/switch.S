/*
 * context_switch(uint64_t *save_rsp, uint64_t new_rsp): save the callee-saved
 * registers on the current stack, store its rsp, load the new thread's rsp and
 * restore its registers. A new thread's stack is prepared so the final `ret`
 * lands in thread_entry_trampoline.
 */
	.text
	.global context_switch
context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.global thread_entry_trampoline
thread_entry_trampoline:
	xorl %ebp, %ebp               /* end of the backtrace chain */
	call thread_start             /* never returns */
	ud2

	.section .note.GNU-stack, "", @progbits
