; trap_time: TIME.BIND gives the program 1000 budget points; the endless
; loop below spends one per backward branch and traps with TIME.
	.text
	.func _start
_start:
	li t0, 1000
	time.bind t0
	li a0, 0
1:	addi a0, a0, 1
	j 1b
	.endfunc
