	add r3 r4, r5
; expect: missing_comma.vs:1:9: error: expected ',' before 'r4'
