	.global missing
	nop
; expect: global_undefined.vs:1: error: symbol 'missing' is declared but never defined
