; pipe_pair: makes a pipe, spawns /boot/hello.aelf with its stdout on the
; pipe, reads everything the child wrote and forwards it with a prefix.
	.data
path:	.asciz "/boot/hello.aelf"
	.align 8
fds:	.word 0, 0
fdmap:	.word -1, 0, 2
status:	.word 0
prefix:	.ascii "pipe_pair got: "
prefix_end:
	.bss
buf:	.space 128

	.text
	.func _start
_start:
	la a0, fds
	li t1, 14               ; pipe
	syscall
	bnez a0, fail
	la t0, fds
	lw s0, 0(t0)            ; read end
	lw s1, 4(t0)            ; write end
	la t0, fdmap
	sw s1, 4(t0)            ; child's stdout = write end
	la a0, path
	li a1, 0
	li a2, 0
	la a3, fdmap
	li t1, 15               ; spawn
	syscall
	blez a0, fail
	mov s2, a0
	mov a0, s1
	li t1, 4                ; close our write end: EOF once the child exits
	syscall
	li s3, 0                ; bytes read
1:	mov a0, s0
	la a1, buf
	add a1, a1, s3
	li a2, 128
	sub a2, a2, s3
	li t1, 1                ; read
	syscall
	blez a0, 2f
	add s3, s3, a0
	j 1b
2:	bltz a0, fail
	mov a0, s2
	la a1, status
	li a2, 0
	li t1, 16
	syscall
	li a0, 1
	la a1, prefix
	li a2, prefix_end - prefix
	li t1, 2
	syscall
	li a0, 1
	la a1, buf
	mov a2, s3
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
