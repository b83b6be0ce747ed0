; recursion: factorial(20) and the Ackermann function A(2, 3) by plain
; recursion, each frame saving lr on the stack (returns are checked against
; the shadow stack).
	.text
	.func _start
_start:
	li a0, 20
	call fact
	call print_u64_nl       ; 2432902008176640000
	li a0, 2
	li a1, 3
	call ack
	call print_u64_nl       ; 9
	li a0, 0
	call exit
	.endfunc

; fact(a0) -> a0
	.func fact
fact:
	li t0, 1
	bgtu a0, t0, 1f
	li a0, 1
	ret
1:	addi sp, sp, -16
	sd lr, 0(sp)
	sd a0, 8(sp)
	addi a0, a0, -1
	call fact
	ld t0, 8(sp)
	mul a0, a0, t0
	ld lr, 0(sp)
	addi sp, sp, 16
	ret
	.endfunc

; ack(a0 = m, a1 = n) -> a0
	.func ack
ack:
	bnez a0, 1f
	addi a0, a1, 1
	ret
1:	addi sp, sp, -16
	sd lr, 0(sp)
	sd a0, 8(sp)
	bnez a1, 2f
	addi a0, a0, -1
	li a1, 1
	call ack
	j 3f
2:	addi a1, a1, -1
	call ack                ; A(m, n-1)
	mov a1, a0
	ld a0, 8(sp)
	addi a0, a0, -1
	call ack                ; A(m-1, A(m, n-1))
3:	ld lr, 0(sp)
	addi sp, sp, 16
	ret
	.endfunc

	.include "lib.inc"
