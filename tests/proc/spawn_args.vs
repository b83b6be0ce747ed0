; spawn_args: spawns /boot/echo_args.aelf with three arguments and one
; environment string, waits, exits with the child's status.
	.data
path:	.asciz "/boot/echo_args.aelf"
a0s:	.asciz "echo_args"
a1s:	.asciz "one"
a2s:	.asciz "two words"
e0s:	.asciz "HOME=/"
	.align 8
argv:	.dword a0s, a1s, a2s, 0
envp:	.dword e0s, 0
status:	.word 0

	.text
	.func _start
_start:
	la a0, path
	la a1, argv
	la a2, envp
	li a3, 0
	li t1, 15               ; spawn
	syscall
	blez a0, 1f
	la a1, status
	li a2, 0
	li t1, 16               ; waitpid
	syscall
	la t0, status
	lw a0, 0(t0)
	li t1, 0
	syscall
1:	li a0, 99
	li t1, 0
	syscall
	.endfunc
