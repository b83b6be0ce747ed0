; trap_call_depth: unbounded recursion without stack use fills the shadow
; stack -> CALL_DEPTH at the call.
	.text
	.func _start
_start:
	call _start
	.endfunc
