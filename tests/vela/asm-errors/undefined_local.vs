	j 1f
; expect: undefined_local.vs:1:4: error: undefined local label '1f'
