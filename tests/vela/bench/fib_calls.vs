; bench: naive recursive fib(27) = 196418: calls, returns (shadow stack),
; stack loads and stores. Exits with 196418 % 256 = 66.
	.text
	.func _start
_start:
	li a0, 27
	call fib
	halt
	.endfunc
	.func fib
fib:	li t0, 2
	bltu a0, t0, 1f
	addi sp, sp, -16
	sd lr, 0(sp)
	sd a0, 8(sp)
	addi a0, a0, -1
	call fib
	ld t0, 8(sp)
	sd a0, 8(sp)
	addi a0, t0, -2
	call fib
	ld t0, 8(sp)
	add a0, a0, t0
	ld lr, 0(sp)
	addi sp, sp, 16
1:	ret
	.endfunc
