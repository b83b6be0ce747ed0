	slliw r3, r4, 32
; expect: shiftw_range.vs:1:16: error: immediate 32 out of range for 'slliw' (0..31)
