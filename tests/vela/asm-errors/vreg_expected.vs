	v.add.d vr1, r2, vr3
; expect: vreg_expected.vs:1:15: error: expected vector register, found 'r2'
