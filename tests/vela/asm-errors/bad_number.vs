	li r3, 0x1g
; expect: bad_number.vs:1:9: error: invalid number '0x1g'
