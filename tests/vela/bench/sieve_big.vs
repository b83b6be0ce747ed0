; bench: sieve of Eratosthenes over 1,000,000 bytes, run 5 times; exits
; with the number of primes below 1,000,000 modulo 256 (78498 % 256 = 162).
	.equ N, 1000000
	.memsize 0x200000
	.bss
flags:	.space N
	.text
	.func _start
_start:
	li s4, 5
again:	la s0, flags
	li t0, 0                ; clear
	li t1, N
0:	add a0, s0, t0
	sb zero, 0(a0)
	addi t0, t0, 1
	blt t0, t1, 0b
	li s1, 2
outer:	mul t0, s1, s1
	li t1, N
	bge t0, t1, count
	add a0, s0, s1
	lbu a0, 0(a0)
	bnez a0, next
	mul s2, s1, s1
1:	add a0, s0, s2
	li a1, 1
	sb a1, 0(a0)
	add s2, s2, s1
	blt s2, t1, 1b
next:	addi s1, s1, 1
	j outer
count:	li s1, 2
	li s3, 0
2:	add a0, s0, s1
	lbu a0, 0(a0)
	bnez a0, 3f
	addi s3, s3, 1
3:	addi s1, s1, 1
	blt s1, t1, 2b
	addi s4, s4, -1
	bnez s4, again
	mov a0, s3
	halt
	.endfunc
