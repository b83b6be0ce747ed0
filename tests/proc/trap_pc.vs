; trap_pc: runs past the last instruction -> PC trap with the pc after the code.
	.text
	.func _start
_start:
	li a0, 1
	nop
	.endfunc
