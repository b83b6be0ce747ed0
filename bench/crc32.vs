; crc32: table-driven CRC-32 (IEEE, reflected, poly 0xEDB88320) of a LEN-byte
; pseudo-random buffer, REP times; checksum = sum of the CRCs.
	.equ LEN, 1048576
	.equ REP, 6
	.memsize 0x200000
	.bss
	.align 8
table:	.space 256 * 4
buf:	.space LEN

	.text
	.func _start
_start:
	la s0, table
	li t0, 0                ; build the table
	li a5, 0xEDB88320
1:	mov a0, t0
	li t1, 8
2:	andi a1, a0, 1
	srli a0, a0, 1
	beqz a1, 3f
	xor a0, a0, a5
3:	addi t1, t1, -1
	bnez t1, 2b
	slli a1, t0, 2
	add a1, s0, a1
	sw a0, 0(a1)
	addi t0, t0, 1
	li a2, 256
	blt t0, a2, 1b
	la s1, buf              ; fill the buffer
	li t0, 0
	li t1, 99
	li a4, 6364136223846793005
	li a3, 1442695040888963407
	li a2, LEN
4:	mul t1, t1, a4
	add t1, t1, a3
	srli a0, t1, 56
	add a1, s1, t0
	sb a0, 0(a1)
	addi t0, t0, 1
	blt t0, a2, 4b
	li s3, REP
	li s4, 0
	li s2, 0xffffffff
rep:	mov a0, s2              ; crc = ~0
	mov t0, s1
	li a2, LEN
	add a2, s1, a2
5:	lbu a1, 0(t0)
	xor a1, a1, a0
	andi a1, a1, 255
	slli a1, a1, 2
	add a1, s0, a1
	lwu a1, 0(a1)
	srli a0, a0, 8
	xor a0, a0, a1
	addi t0, t0, 1
	bltu t0, a2, 5b
	xor a0, a0, s2
	add s4, s4, a0
	addi s3, s3, -1
	bnez s3, rep
	mov a0, s4
	call finish
	.endfunc
	.include "bench.inc"
