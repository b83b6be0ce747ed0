; trap_div_zero: rem of INT64_MIN by -1 is 0 (no trap), then a division by
; zero traps with DIV_ZERO.
	.text
	.func _start
_start:
	li a0, 1
	slli a0, a0, 63         ; INT64_MIN
	li a1, -1
	rem a0, a0, a1
	call print_u64_nl       ; 0
	li a0, 10
	li a1, 0
	divu a0, a0, a1         ; DIV_ZERO
	call exit
	.endfunc
	.include "lib.inc"
