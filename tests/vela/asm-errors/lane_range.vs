	v.get.w r3, vr1, 4
; expect: lane_range.vs:1:19: error: immediate 4 out of range for 'v.get.w' (0..3)
