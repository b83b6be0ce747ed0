; matmul: C = A * B for N x N 64-bit integer matrices (i-k-j order), REP times;
; checksum = sum of all C entries after the last repetition plus REP sums.
	.equ N, 160
	.equ REP, 4
	.memsize 0x100000
	.data
	.align 8
reps:	.dword REP
	.bss
	.align 8
ma:	.space N * N * 8
mb:	.space N * N * 8
mc:	.space N * N * 8

	.text
	.func _start
_start:
	la s0, ma
	la s1, mb
	la s2, mc
	li t0, 0                ; A[i] = (i * 7 + 3) & 255, B[i] = (i * 13 + 1) & 255
	li t1, N * N
1:	li a0, 7
	mul a0, a0, t0
	addi a0, a0, 3
	andi a0, a0, 255
	slli a1, t0, 3
	add a2, s0, a1
	sd a0, 0(a2)
	li a0, 13
	mul a0, a0, t0
	addi a0, a0, 1
	andi a0, a0, 255
	add a2, s1, a1
	sd a0, 0(a2)
	addi t0, t0, 1
	blt t0, t1, 1b
	li s4, 0
rep:	mov a0, s2              ; C = 0
	li t0, N * N
2:	sd zero, 0(a0)
	addi a0, a0, 8
	addi t0, t0, -1
	bnez t0, 2b
	li s3, 0                ; i
3:	li a1, 0                ; k
	li a0, N * 8
	mul r1, s3, a0          ; row offset i*N*8
4:	slli a0, a1, 3
	add a0, a0, r1
	add a0, s0, a0
	ld a3, 0(a0)            ; A[i][k]
	li a0, N * 8
	mul a2, a1, a0
	add a2, s1, a2          ; &B[k][0]
	add a4, s2, r1          ; &C[i][0]
	li t0, N
5:	ld a5, 0(a2)
	mul a5, a5, a3
	ld t1, 0(a4)
	add t1, t1, a5
	sd t1, 0(a4)
	addi a2, a2, 8
	addi a4, a4, 8
	addi t0, t0, -1
	bnez t0, 5b
	addi a1, a1, 1
	li a0, N
	blt a1, a0, 4b
	addi s3, s3, 1
	blt s3, a0, 3b
	mov a0, s2              ; sum C
	li t0, N * N
6:	ld a1, 0(a0)
	add s4, s4, a1
	addi a0, a0, 8
	addi t0, t0, -1
	bnez t0, 6b
	la a0, reps
	ld a1, 0(a0)
	addi a1, a1, -1
	sd a1, 0(a0)
	bnez a1, rep
	mov a0, s4
	call finish
	.endfunc
	.include "bench.inc"
