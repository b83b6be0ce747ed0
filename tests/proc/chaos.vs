; chaos: sums 1..1000 while asking for a fresh ISA-ASLR draw (CHAOS) every 100
; iterations; the result must be the same as without: prints 500500.
	.text
	.func _start
_start:
	li s0, 0                ; sum
	li s1, 1                ; i
	li s2, 1001
1:	add s0, s0, s1
	li t0, 100
	remu t0, s1, t0
	bnez t0, 2f
	chaos
2:	addi s1, s1, 1
	bltu s1, s2, 1b
	mov a0, s0
	call print_u64
	li a0, '\n'
	call print_char
	li a0, 0
	call exit
	.endfunc

	.include "../../examples/vela/lib.inc"
