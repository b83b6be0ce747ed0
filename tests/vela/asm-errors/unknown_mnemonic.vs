	frobnicate r1, r2
; expect: unknown_mnemonic.vs:1:2: error: unknown instruction 'frobnicate'
