	beq r1, r2, 2
; expect: branch_misaligned.vs:1:14: error: branch target 0x2 is not a multiple of 4
