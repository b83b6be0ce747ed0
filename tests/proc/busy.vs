; busy: spins forever without a system call; only preemption and kill stop it.
	.text
	.func _start
_start:
	li a0, 0
1:	addi a0, a0, 1
	j 1b
	.endfunc
