	.data
	.ascii "a\qb"
; expect: bad_escape.vs:2:9: error: invalid escape sequence in string
