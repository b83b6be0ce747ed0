; quicksort: sort N pseudo-random signed 64-bit values (LCG), REP times;
; checksum = sum of a[i] * (i + 1) over the sorted array.
	.equ N, 200000
	.equ REP, 3
	.memsize 0x400000
	.bss
	.align 8
arr:	.space N * 8

	.text
	.func _start
_start:
	li s3, REP
	li s4, 0
	li s1, 12345            ; LCG state
rep:	la s0, arr
	li t0, 0
	li a5, 6364136223846793005
	li a4, 1442695040888963407
1:	mul s1, s1, a5
	add s1, s1, a4
	srai a0, s1, 20
	slli a1, t0, 3
	add a1, s0, a1
	sd a0, 0(a1)
	addi t0, t0, 1
	li a2, N
	blt t0, a2, 1b
	mov a0, s0
	li a1, 0
	li a2, N - 1
	call qsort
	li t0, 0
2:	slli a1, t0, 3
	add a1, s0, a1
	ld a0, 0(a1)
	addi t0, t0, 1
	mul a0, a0, t0
	add s4, s4, a0
	li a2, N
	blt t0, a2, 2b
	addi s3, s3, -1
	bnez s3, rep
	mov a0, s4
	call finish
	.endfunc

; qsort(a0 = base, a1 = lo, a2 = hi), Lomuto partition, recursion on the smaller side
	.func qsort
qsort:
	addi sp, sp, -32
	sd lr, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	mov s0, a0
	mov s1, a1
	mov s2, a2
top:	bge s1, s2, 9f
	slli t0, s2, 3
	add t0, s0, t0
	ld a3, 0(t0)            ; pivot = base[hi]
	addi a4, s1, -1         ; i
	mov a5, s1              ; j
2:	slli t0, a5, 3
	add t0, s0, t0
	ld t1, 0(t0)
	bgt t1, a3, 3f
	addi a4, a4, 1
	slli a0, a4, 3
	add a0, s0, a0
	ld a1, 0(a0)
	sd t1, 0(a0)
	sd a1, 0(t0)
3:	addi a5, a5, 1
	blt a5, s2, 2b
	addi a4, a4, 1          ; pivot into place
	slli a0, a4, 3
	add a0, s0, a0
	slli t0, s2, 3
	add t0, s0, t0
	ld a1, 0(a0)
	ld t1, 0(t0)
	sd t1, 0(a0)
	sd a1, 0(t0)
	; recurse on [lo, i-1], loop on [i+1, hi]
	addi sp, sp, -16
	sd a4, 0(sp)
	mov a0, s0
	mov a1, s1
	addi a2, a4, -1
	call qsort
	ld a4, 0(sp)
	addi sp, sp, 16
	addi s1, a4, 1
	j top
9:	ld s2, 24(sp)
	ld s1, 16(sp)
	ld s0, 8(sp)
	ld lr, 0(sp)
	addi sp, sp, 32
	ret
	.endfunc
	.include "bench.inc"
