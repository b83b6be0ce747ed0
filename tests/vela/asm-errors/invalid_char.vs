	add r3, r4, @
; expect: invalid_char.vs:1:14: error: invalid character '@'
