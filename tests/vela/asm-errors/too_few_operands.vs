	add r3, r4
; expect: too_few_operands.vs:1:12: error: too few operands for 'add'
