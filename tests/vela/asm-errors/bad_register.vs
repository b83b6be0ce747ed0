	add r3, r16, r4
; expect: bad_register.vs:1:10: error: unknown register 'r16'
