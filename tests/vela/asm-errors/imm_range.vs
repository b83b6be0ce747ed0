	addi r3, r4, 5000
; expect: imm_range.vs:1:15: error: immediate 5000 out of range for 'addi' (-2048..2047)
