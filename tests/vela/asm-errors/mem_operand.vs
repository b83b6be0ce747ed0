	ld r3, 8(r4
; expect: mem_operand.vs:1:13: error: expected ')' after the base register
