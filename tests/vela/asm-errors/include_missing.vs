	.include "does-not-exist.inc"
; expect: include_missing.vs:1:11: error: cannot open include file 'does-not-exist.inc'
