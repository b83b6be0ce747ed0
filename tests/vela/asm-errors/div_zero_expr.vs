	.equ X, 4 / (2 - 2)
; expect: div_zero_expr.vs:1:12: error: division by zero in expression
