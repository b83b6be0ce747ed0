	.frob 1
; expect: unknown_directive.vs:1:2: error: unknown directive '.frob'
