; nocap_spawn: calls spawn with a constant number while its executable grants
; no PROC capability: the kernel must refuse to load it (translation time).
	.text
	.func _start
_start:
	li a0, 0
	li t1, 15
	syscall
	li t1, 0
	syscall
	.endfunc
