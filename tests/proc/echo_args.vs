; echo_args: prints argc, then each argument on its own line, then the
; environment; the loader passes argc in a0, argv in a1, envp in a2.
	.text
	.func _start
_start:
	mov s0, a0              ; argc
	mov s1, a1              ; argv
	mov s2, a2              ; envp
	mov a0, s0
	call print_u64
	li a0, '\n'
	call print_char
1:	ld a0, 0(s1)
	beqz a0, 2f
	call puts_nl
	addi s1, s1, 8
	j 1b
2:	ld a0, 0(s2)
	beqz a0, 3f
	call puts_nl
	addi s2, s2, 8
	j 2b
3:	li a0, 0
	call exit
	.endfunc

; puts_nl(a0 = NUL-terminated string): prints it and a newline
	.func puts_nl
puts_nl:
	addi sp, sp, -16
	sd lr, 0(sp)
	mov a1, a0
4:	lbu a2, 0(a1)
	beqz a2, 5f
	addi a1, a1, 1
	j 4b
5:	sub a1, a1, a0
	call print_str
	li a0, '\n'
	call print_char
	ld lr, 0(sp)
	addi sp, sp, 16
	ret
	.endfunc

	.include "../../examples/vela/lib.inc"
