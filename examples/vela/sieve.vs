; sieve: the primes below 200 by the sieve of Eratosthenes, on a byte array
; in .bss; prints them on one line and exits with the count (46).
	.equ N, 200

	.bss
flags:	.space N

	.text
	.func _start
_start:
	la s0, flags
	li s1, 2                ; i
outer:
	mul t0, s1, s1
	li t1, N
	bge t0, t1, collect     ; i*i >= N: done
	add t1, s0, s1
	lbu t1, 0(t1)
	bnez t1, next           ; already composite
	mul s2, s1, s1          ; j = i*i
	li t1, N
mark:	add t0, s0, s2
	li a0, 1
	sb a0, 0(t0)
	add s2, s2, s1
	blt s2, t1, mark
next:	addi s1, s1, 1
	j outer
collect:
	li s1, 2
	li s3, 0                ; count
2:	add t0, s0, s1
	lbu t0, 0(t0)
	bnez t0, 3f
	addi s3, s3, 1
	mov a0, s1
	call print_u64
	li a0, ' '
	call print_char
3:	addi s1, s1, 1
	li t1, N
	blt s1, t1, 2b
	call newline
	mov a0, s3
	call exit
	.endfunc

	.include "lib.inc"
