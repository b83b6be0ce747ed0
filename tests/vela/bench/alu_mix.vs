; bench: 3,000,000 iterations of an ALU mix (multiply, shifts, xor, 32-bit
; forms, compare) as in a hash function: xorshift-multiply.
	.text
	.func _start
_start:
	li s0, 3000000
	li s1, 0x9e3779b97f4a7c15
	li s2, 0
1:	xor s2, s2, s1
	slli t0, s2, 13
	xor s2, s2, t0
	srli t0, s2, 7
	xor s2, s2, t0
	mul s2, s2, s1
	addw t1, s2, s0
	sltu t0, t1, s2
	add s2, s2, t0
	addi s0, s0, -1
	bnez s0, 1b
	andi a0, s2, 255
	halt
	.endfunc
