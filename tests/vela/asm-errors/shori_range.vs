	shori r3, -1
; expect: shori_range.vs:1:12: error: immediate -1 out of range for 'shori' (0..262143)
