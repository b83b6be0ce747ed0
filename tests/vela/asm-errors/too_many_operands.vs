	add r3, r4, r5, r6
; expect: too_many_operands.vs:1:16: error: unexpected ',' after the operands of 'add'
