	li r3, A
	.equ A, B + 1
	.equ B, 5
	halt
; expect: equ_order.vs:1:9: error: 'A' is used before its .equ, which depends on a later definition
