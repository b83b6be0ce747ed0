; exit42: exits with status 42 (the spawn and wait test's child).
	.text
	.func _start
_start:
	li a0, 42
	li t1, 0
	syscall
	.endfunc
