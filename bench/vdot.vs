; vdot: VELA-2 masked dot product: sum of a[i] * m[i] with m[i] in {0, 1}
; (as a[i] & -m[i]) over N 32-bit lanes, four at a time with v.load, v.and and
; v.add.d; REP times; checksum = the 32-bit lane sums, added up (64-bit).
	.equ N, 65536
	.equ REP, 400
	.memsize 0x100000
	.bss
	.align 16
va:	.space N * 4
vm:	.space N * 4

	.text
	.func _start
_start:
	la s0, va
	la s1, vm
	li t0, 0
	li t1, 31337
	li a4, 6364136223846793005
	li a3, 1442695040888963407
1:	mul t1, t1, a4
	add t1, t1, a3
	srli a0, t1, 40         ; a[i]: 24-bit value
	slli a1, t0, 2
	add a2, s0, a1
	sw a0, 0(a2)
	srli a0, t1, 13
	andi a0, a0, 1
	sub a0, zero, a0        ; mask 0 or -1
	add a2, s1, a1
	sw a0, 0(a2)
	addi t0, t0, 1
	li a2, N
	blt t0, a2, 1b
	li s3, REP
	li s4, 0
rep:	v.zero vr0
	mov t0, s0
	mov t1, s1
	li a2, N * 4
	add a2, s0, a2
2:	v.load vr1, 0(t0)
	v.load vr2, 0(t1)
	v.and vr1, vr1, vr2
	v.add.d vr0, vr0, vr1
	v.load vr3, 16(t0)
	v.load vr4, 16(t1)
	v.and vr3, vr3, vr4
	v.add.d vr0, vr0, vr3
	addi t0, t0, 32
	addi t1, t1, 32
	bltu t0, a2, 2b
	v.get.w a0, vr0, 0      ; lanes are sign-extended: take the low 32 bits
	slli a0, a0, 32
	srli a0, a0, 32
	add s4, s4, a0
	v.get.w a0, vr0, 1
	slli a0, a0, 32
	srli a0, a0, 32
	add s4, s4, a0
	v.get.w a0, vr0, 2
	slli a0, a0, 32
	srli a0, a0, 32
	add s4, s4, a0
	v.get.w a0, vr0, 3
	slli a0, a0, 32
	srli a0, a0, 32
	add s4, s4, a0
	addi s3, s3, -1
	bnez s3, rep
	mov a0, s4
	call finish
	.endfunc
	.include "bench.inc"
