; args: check the argument block the loader wrote (docs/syscalls.md, "Program
; start") against R3-R5 and SP, then print argc, every argv string and every
; envp string in brackets. tests/vela/run-examples.sh runs it under vela-run,
; both backends, with empty, spaced and non-ASCII arguments and --env.
	.memsize 65536
	.include "../../examples/vela/lib.inc"

	.text
	.global _start
	.func _start
_start:
	li s4, 1                ; s4: the number of the check that failed
	ld t0, 0(sp)
	bne t0, a0, bad         ; header argc == R3
	li s4, 2
	ld t0, 8(sp)
	bne t0, a1, bad         ; header argv == R4
	li s4, 3
	ld t0, 24(sp)
	bne t0, a2, bad         ; header envp == R5
	li s4, 4
	andi t0, sp, 15
	bnez t0, bad            ; SP 16-byte aligned
	li s4, 5
	sub t0, a1, sp
	addi t0, t0, -32
	li t1, 16
	bgeu t0, t1, bad        ; the header sits just below the arrays
	li s4, 6
	slli t0, a0, 3
	add t0, t0, a1          ; &argv[argc]
	ld t1, 0(t0)
	bnez t1, bad            ; argv ends with 0
	li s4, 7
	addi t0, t0, 8
	bne t0, a2, bad         ; envp follows argv's 0
	li s4, 8
	ld t1, 16(sp)           ; envc
	slli t1, t1, 3
	add t0, t1, a2          ; &envp[envc]
	ld t1, 0(t0)
	bnez t1, bad            ; envp ends with 0
	li s4, 9
	addi t0, t0, 8          ; the strings follow envp's 0
	ld t1, 0(a1)            ; argv[0]
	bne t0, t1, bad
	mov s0, a0
	mov s1, a1
	mov s2, a2
	ld s3, 16(sp)
	la a0, s_argc
	li a1, 5
	call print_str
	mov a0, s0
	call print_u64_nl
	la a0, s_argv
	mov a1, s1
	call print_vec
	la a0, s_envc
	li a1, 5
	call print_str
	mov a0, s3
	call print_u64_nl
	la a0, s_envp
	mov a1, s2
	call print_vec
	la a0, s_ok
	li a1, s_ok_end - s_ok
	call print_str
	li a0, 0
	call exit
bad:
	la a0, s_bad
	li a1, s_bad_end - s_bad
	call print_str
	mov a0, s4
	call print_u64_nl
	li a0, 1
	call exit
	.endfunc

; print_vec(a0 = 4-character name, a1 = 0-terminated array of string
; addresses): one line NAME[i]=[string] per entry
	.func print_vec
print_vec:
	addi sp, sp, -32
	sd lr, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	mov s0, a0
	mov s1, a1
	li s2, 0                ; index
1:	slli t0, s2, 3
	add t0, t0, s1
	ld t0, 0(t0)
	beqz t0, 3f
	mov a0, s0
	li a1, 4
	call print_str
	li a0, '['
	call print_char
	mov a0, s2
	call print_u64
	la a0, s_mid
	li a1, 3
	call print_str
	slli t0, s2, 3
	add t0, t0, s1
	ld a0, 0(t0)            ; the string and its length
	mov a1, a0
2:	lbu t0, 0(a1)
	beqz t0, 4f
	addi a1, a1, 1
	j 2b
4:	sub a1, a1, a0
	call print_str
	la a0, s_end
	li a1, 2
	call print_str
	addi s2, s2, 1
	j 1b
3:	ld s2, 24(sp)
	ld s1, 16(sp)
	ld s0, 8(sp)
	ld lr, 0(sp)
	addi sp, sp, 32
	ret
	.endfunc

	.data
s_argc:	.ascii "argc="
s_envc:	.ascii "envc="
s_argv:	.ascii "argv"
s_envp:	.ascii "envp"
s_mid:	.ascii "]=["
s_end:	.ascii "]\n"
s_ok:	.ascii "layout ok\n"
s_ok_end:
s_bad:	.ascii "layout bad: check "
s_bad_end:
