	.data
	.byte 256
; expect: byte_range.vs:2:8: error: value 256 does not fit in '.byte'
