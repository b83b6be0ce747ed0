	.align 3
; expect: bad_align.vs:1:9: error: alignment 3 is not a power of two up to 4096
