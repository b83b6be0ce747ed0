; trap_shadow: a function overwrites its return address (as a stack-smashing
; attack would) and returns -> SHADOW trap, addr = the forged lr.
	.text
	.func _start
_start:
	call victim
	li a0, 0
	call exit
	.endfunc
	.func victim
victim:
	la lr, _start           ; forge: "return" to _start
	ret
	.endfunc
	.include "lib.inc"
