	.data
	nop
; expect: insn_in_data.vs:2:2: error: instruction 'nop' outside .text
