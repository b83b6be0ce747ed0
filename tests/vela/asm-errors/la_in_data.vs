	.data
	la r3, x
; expect: la_in_data.vs:2:2: error: instruction 'la' outside .text
