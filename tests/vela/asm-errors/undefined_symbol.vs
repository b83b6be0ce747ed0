	j nowhere
; expect: undefined_symbol.vs:1:4: error: undefined symbol 'nowhere'
