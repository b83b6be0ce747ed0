	beq r1, r2, 0x100
	nop
; expect: branch_outside.vs:1:14: error: branch target 0x100 is outside the code
