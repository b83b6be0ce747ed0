a:	nop
a:	nop
; expect: redefinition.vs:2:1: error: redefinition of 'a'
