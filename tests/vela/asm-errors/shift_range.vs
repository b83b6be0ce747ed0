	slli r3, r4, 64
; expect: shift_range.vs:1:15: error: immediate 64 out of range for 'slli' (0..63)
