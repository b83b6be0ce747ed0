; strsearch: count the occurrences of an 8-byte pattern in a LEN-byte text over
; the alphabet a-d (LCG), naive search, REP times.
	.equ LEN, 1048576
	.equ REP, 8
	.memsize 0x200000
	.data
pat:	.ascii "abcaabdc"
	.bss
text:	.space LEN

	.text
	.func _start
_start:
	la s0, text
	li t0, 0
	li t1, 4242
	li a4, 6364136223846793005
	li a3, 1442695040888963407
	li a2, LEN
1:	mul t1, t1, a4
	add t1, t1, a3
	srli a0, t1, 62
	addi a0, a0, 'a'
	add a1, s0, t0
	sb a0, 0(a1)
	addi t0, t0, 1
	blt t0, a2, 1b
	la s1, pat
	lbu s2, 0(s1)           ; first pattern byte
	li s3, REP
	li s4, 0
rep:	mov t0, s0
	li a2, LEN - 8
	add a2, s0, a2          ; last start
2:	lbu a0, 0(t0)
	bne a0, s2, 4f
	li a3, 1                ; compare the rest
3:	add a4, t0, a3
	lbu a0, 0(a4)
	add a5, s1, a3
	lbu a1, 0(a5)
	bne a0, a1, 4f
	addi a3, a3, 1
	li a5, 8
	blt a3, a5, 3b
	addi s4, s4, 1
4:	addi t0, t0, 1
	bleu t0, a2, 2b
	addi s3, s3, -1
	bnez s3, rep
	mov a0, s4
	call finish
	.endfunc
	.include "bench.inc"
