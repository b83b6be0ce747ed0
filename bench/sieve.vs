; sieve: count the primes below N with the sieve of Eratosthenes, REP times.
	.equ N, 2000000
	.equ REP, 6
	.memsize 0x400000
	.bss
flags:	.space N

	.text
	.func _start
_start:
	li s3, REP
	li s4, 0                ; total count
rep:	la s0, flags
	li t0, 0                ; clear: flags[i] = 1 for i >= 2
	li t1, N
	li a0, 1
1:	add a1, s0, t0
	sb a0, 0(a1)
	addi t0, t0, 1
	blt t0, t1, 1b
	sb zero, 0(s0)
	sb zero, 1(s0)
	li a2, 2                ; p
2:	mul a3, a2, a2
	bge a3, t1, 5f
	add a1, s0, a2
	lbu a4, 0(a1)
	beqz a4, 4f
3:	add a1, s0, a3          ; strike p*p, p*p+p, ...
	sb zero, 0(a1)
	add a3, a3, a2
	blt a3, t1, 3b
4:	addi a2, a2, 1
	j 2b
5:	li t0, 0                ; count
6:	add a1, s0, t0
	lbu a4, 0(a1)
	add s4, s4, a4
	addi t0, t0, 1
	blt t0, t1, 6b
	addi s3, s3, -1
	bnez s3, rep
	mov a0, s4
	call finish
	.endfunc
	.include "bench.inc"
