; indirect: function pointers through callr (function entries are valid
; targets) and a jump table of address-taken labels through jr.
	.data
	.align 8
ops:	.dword add_op, mul_op, sub_op   ; .dword of code labels marks them as targets
	.text
	.func _start
_start:
	li s0, 0
1:	la t0, ops
	slli t1, s0, 3
	add t0, t0, t1
	ld t0, 0(t0)
	li a0, 6
	li a1, 7
	callr t0
	call print_u64_nl       ; 13, 42, 1
	addi s0, s0, 1
	li t0, 3
	blt s0, t0, 1b
	; jump table: case 2
	li a0, 2
	la t0, case0
	slli a0, a0, 3          ; each case is 2 instructions (8 bytes)
	add t0, t0, a0
	jr t0                   ; case0..case2 are marked by .target below
	.target case0, case1, case2
case0:	li a0, 100
	j 2f
case1:	li a0, 101
	j 2f
case2:	li a0, 102
	j 2f
2:	call print_u64_nl       ; 102
	li a0, 0
	call exit
	.endfunc

	.func add_op
add_op:	add a0, a0, a1
	ret
	.endfunc
	.func mul_op
mul_op:	mul a0, a0, a1
	ret
	.endfunc
	.func sub_op
sub_op:	sub a0, a1, a0
	ret
	.endfunc

	.include "lib.inc"
