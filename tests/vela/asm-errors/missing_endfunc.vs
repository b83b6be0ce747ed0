	.func f
f:	ret
; expect: missing_endfunc.vs:1: error: missing '.endfunc' for 'f'
