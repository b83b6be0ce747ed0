; strings: strlen, strcmp, strcpy and an in-place reverse on NUL-terminated
; strings in the sandbox.
	.data
str1:	.asciz "security first"
str2:	.asciz "security"
str3:	.asciz "security first"
	.bss
	.align 8
buf:	.space 64

	.text
	.func _start
_start:
	la a0, str1
	call strlen
	call print_u64_nl       ; 14
	la a0, str1
	la a1, str2
	call strcmp
	call print_i64          ; > 0
	call newline
	la a0, str2
	la a1, str1
	call strcmp
	call print_i64          ; < 0
	call newline
	la a0, str1
	la a1, str3
	call strcmp
	call print_i64          ; 0
	call newline
	la a0, buf
	la a1, str1
	call strcpy
	la a0, buf
	call reverse
	la a0, buf
	call strlen
	mov a1, a0
	la a0, buf
	call print_str
	call newline
	li a0, 0
	call exit
	.endfunc

; strlen(a0) -> a0
	.func strlen
strlen:
	mov t0, a0
1:	lbu t1, 0(t0)
	beqz t1, 2f
	addi t0, t0, 1
	j 1b
2:	sub a0, t0, a0
	ret
	.endfunc

; strcmp(a0, a1) -> difference of the first differing bytes
	.func strcmp
strcmp:
1:	lbu t0, 0(a0)
	lbu t1, 0(a1)
	bne t0, t1, 2f
	beqz t0, 2f
	addi a0, a0, 1
	addi a1, a1, 1
	j 1b
2:	sub a0, t0, t1
	ret
	.endfunc

; strcpy(a0 = dst, a1 = src)
	.func strcpy
strcpy:
1:	lbu t0, 0(a1)
	sb t0, 0(a0)
	addi a0, a0, 1
	addi a1, a1, 1
	bnez t0, 1b
	ret
	.endfunc

; reverse(a0): reverse a string in place
	.func reverse
reverse:
	addi sp, sp, -16
	sd lr, 0(sp)
	sd a0, 8(sp)
	call strlen
	ld a1, 8(sp)            ; left
	add a2, a1, a0
	addi a2, a2, -1         ; right
1:	bgeu a1, a2, 2f
	lbu t0, 0(a1)
	lbu t1, 0(a2)
	sb t1, 0(a1)
	sb t0, 0(a2)
	addi a1, a1, 1
	addi a2, a2, -1
	j 1b
2:	ld lr, 0(sp)
	addi sp, sp, 16
	ret
	.endfunc

	.include "lib.inc"
