	li r3, 0x10000000000000000
; expect: number_too_big.vs:1:9: error: number '0x10000000000000000' does not fit in 64 bits
