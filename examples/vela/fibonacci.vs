; fibonacci: print fib(0) .. fib(20), one per line, iteratively; then
; fib(90) to exercise 64-bit arithmetic.
	.text
	.func _start
_start:
	li s0, 0                ; fib(i)
	li s1, 1                ; fib(i+1)
	li s2, 0                ; i
	li s3, 21
loop:
	mov a0, s0
	call print_u64_nl
	add t0, s0, s1
	mov s0, s1
	mov s1, t0
	addi s2, s2, 1
	blt s2, s3, loop
	; fib(90) = 2880067194370816120
	li s0, 0
	li s1, 1
	li s2, 90
1:	add t0, s0, s1
	mov s0, s1
	mov s1, t0
	addi s2, s2, -1
	bnez s2, 1b
	mov a0, s0
	call print_u64_nl
	li a0, 0
	call exit
	.endfunc

	.include "lib.inc"
