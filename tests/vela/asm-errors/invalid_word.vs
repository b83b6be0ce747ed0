	.word 0
; expect: invalid_word.vs:1:8: error: '.word 0x0' in .text is not a valid instruction: undefined opcode
