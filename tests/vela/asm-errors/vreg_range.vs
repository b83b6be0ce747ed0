	v.zero vr8
; expect: vreg_range.vs:1:9: error: unknown register 'vr8'
