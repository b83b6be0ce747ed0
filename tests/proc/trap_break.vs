; trap_break: BREAK 7 -> BREAK trap carrying its code.
	.text
	.func _start
_start:
	nop
	break 7
	.endfunc
