; bench getpid: 100,000 getpid system calls in a loop (with bench/proc/loop.vs,
; the same loop without the call, the kernel derives the cost of one round trip).
	.text
	.func _start
_start:
	li s0, 100000
1:	li t1, 17               ; getpid
	syscall
	addi s0, s0, -1
	bnez s0, 1b
	li a0, 0
	li t1, 0
	syscall
	.endfunc
