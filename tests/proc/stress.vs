; stress: 100,000 system calls with random numbers and arguments from a fixed
; seed (xorshift64). Calls that could block or end the process are steered:
; exit is never chosen, nanosleep sleeps under 1 us, descriptors written,
; closed or replaced are >= 3 (fd 1 carries the final report). Exits 0.
	.equ CALLS, 100000
	.data
msg:	.ascii "stress: 100000 calls made\n"
msg_end:
	.align 8
state:	.dword 0x9e3779b97f4a7c15

	.text
	.func _start
_start:
	li s0, CALLS
loop:
	call rand
	li t0, 26
	remu s1, a0, t0         ; number 0..25 (25 is unknown: ENOSYS)
	beqz s1, loop           ; never exit
	call rand
	mov s2, a0
	call rand
	mov s3, a0
	call rand
	mov s4, a0
	; half of the pointers fall inside the 64 KiB sandbox, half anywhere
	andi t0, s4, 1
	beqz t0, 1f
	li t0, 0xffff
	and s3, s3, t0
1:	andi t0, s4, 2
	beqz t0, 2f
	li t0, 63
	and s2, s2, t0          ; small descriptor numbers
2:	li t0, 20
	bne s1, t0, 3f
	li t0, 1023
	and s2, s2, t0          ; nanosleep: under 1 us
3:	li t0, 2                ; write, close, lseek: fd >= 3
	beq s1, t0, 4f
	li t0, 4
	beq s1, t0, 4f
	j 5f
4:	ori s2, s2, 3
5:	li t0, 13               ; dup2: new fd >= 3
	bne s1, t0, 6f
	ori s3, s3, 3
6:	li t0, 1                ; read: never from fd 0 (the console would block)
	bne s1, t0, 7f
	ori s2, s2, 1
7:	li t0, 14               ; pipe: no pipes (a read could block on our own pipe)
	beq s1, t0, loop
	li t0, 16               ; waitpid: WNOHANG
	bne s1, t0, 8f
	li s4, 1
8:	mov a0, s2
	mov a1, s3
	andi a2, s4, 0x7ff
	mov a3, s4
	mov t1, s1
	syscall
	addi s0, s0, -1
	bnez s0, loop
	li a0, 1
	la a1, msg
	li a2, msg_end - msg
	li t1, 2
	syscall
	li a0, 0
	li t1, 0
	syscall
	.endfunc

; rand() -> a0: xorshift64
	.func rand
rand:
	la t0, state
	ld a0, 0(t0)
	slli a1, a0, 13
	xor a0, a0, a1
	srli a1, a0, 7
	xor a0, a0, a1
	slli a1, a0, 17
	xor a0, a0, a1
	sd a0, 0(t0)
	ret
	.endfunc
