; hello: write a greeting to stdout and exit 0.
	.equ SYS_EXIT, 0
	.equ SYS_WRITE, 2

	.text
	.global _start
	.func _start
_start:
	li a0, 1                ; fd = stdout
	la a1, msg
	li a2, msg_end - msg
	li t1, SYS_WRITE
	syscall
	li a0, 0
	li t1, SYS_EXIT
	syscall
	.endfunc

	.data
msg:	.ascii "Hello, VELA!\n"
msg_end:
