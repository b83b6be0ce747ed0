r5:	nop
; expect: register_label.vs:1:1: error: register name 'r5' cannot be a label
