	.endfunc
; expect: endfunc_alone.vs:1:2: error: '.endfunc' without '.func'
