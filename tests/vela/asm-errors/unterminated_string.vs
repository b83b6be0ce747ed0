	.data
	.ascii "abc
; expect: unterminated_string.vs:2:9: error: missing terminating '"' character
