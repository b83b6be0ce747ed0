; spawn_wait: spawns /boot/exit42.aelf, waits for it, checks its status and
; that waiting again finds no child; exits 0 when all is as expected.
	.data
path:	.asciz "/boot/exit42.aelf"
	.align 8
status:	.dword 0
ok:	.ascii "spawn_wait: child exited 42\n"
ok_end:

	.text
	.func _start
_start:
	la a0, path
	li a1, 0
	li a2, 0
	li a3, 0
	li t1, 15               ; spawn (PROC)
	syscall
	blez a0, fail
	mov s0, a0
	mov a0, s0
	la a1, status
	li a2, 0
	li t1, 16               ; waitpid
	syscall
	bne a0, s0, fail
	la t0, status
	lw a1, 0(t0)
	li a2, 42
	bne a1, a2, fail
	li a0, -1
	li a1, 0
	li a2, 0
	li t1, 16               ; no child left: ECHILD
	syscall
	li a1, -10
	bne a0, a1, fail
	li a0, 1
	la a1, ok
	li a2, ok_end - ok
	li t1, 2
	syscall
	li a0, 0
	li t1, 0
	syscall
fail:
	li a0, 1
	li t1, 0
	syscall
	.endfunc
