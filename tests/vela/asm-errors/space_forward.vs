	.data
	.space N
	.equ N, 4
; expect: space_forward.vs:2:9: error: expression must be constant here (no forward references)
