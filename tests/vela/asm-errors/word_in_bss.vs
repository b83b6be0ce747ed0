	.bss
	.word 1
; expect: word_in_bss.vs:2:2: error: '.word' in .bss (only .space and .align)
