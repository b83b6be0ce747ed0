	li r3, (1 + 2
; expect: paren_expr.vs:1:15: error: expected ')' in expression
