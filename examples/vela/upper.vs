; upper: copy stdin to stdout in upper case, counting bytes; exits with the
; count of lines read.
	.bss
buf:	.space 256

	.text
	.func _start
_start:
	li s1, 0                ; lines
loop:
	li a0, STDIN
	la a1, buf
	li a2, 256
	li t1, SYS_READ
	syscall
	blez a0, done
	mov s0, a0              ; bytes in buf
	la t0, buf
	add a4, t0, s0
1:	lbu a3, 0(t0)
	li a5, '\n'
	bne a3, a5, 2f
	addi s1, s1, 1
2:	li a5, 'a'
	bltu a3, a5, 3f
	li a5, 'z'
	bgtu a3, a5, 3f
	addi a3, a3, 'A' - 'a'
	sb a3, 0(t0)
3:	addi t0, t0, 1
	bltu t0, a4, 1b
	la a0, buf
	mov a1, s0
	call print_str
	j loop
done:
	mov a0, s1
	call exit
	.endfunc

	.include "lib.inc"
