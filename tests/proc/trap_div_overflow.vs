; trap_div_overflow: INT64_MIN / -1 -> DIV_OVERFLOW at pc 0x18.
	.text
	.func _start
_start:
	li a0, 1
	slli a0, a0, 63         ; INT64_MIN
	li a1, -1
	nop
	nop
	nop
	div a2, a0, a1
	li t1, 0
	syscall
	.endfunc
