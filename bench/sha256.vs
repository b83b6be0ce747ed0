; sha256: the SHA-256 compression function over NB pseudo-random 64-byte blocks
; (message words from an LCG, no padding: a pure compression benchmark);
; checksum = sum of H[i] * (i + 1) over the final state.
; 32-bit words live in the low half of registers; W-form ops keep them exact.
	.equ NB, 40000
	.memsize 0x10000
	.data
	.align 8
ktab:
	.word 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
	.word 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
	.word 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
	.word 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
	.word 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
	.word 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
	.word 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
	.word 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
	.word 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
	.word 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
	.word 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
	.word 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
	.word 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
	.word 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
	.word 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
	.word 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
wtab:	.space 256
hst:
	.word 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
	.word 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	.align 8
lcg:	.dword 777
nblk:	.dword NB

	.text
	.func _start
_start:
block:	la s4, wtab             ; W[0..15] from the LCG
	la t0, lcg
	ld t1, 0(t0)
	li s2, 6364136223846793005
	li s3, 1442695040888963407
	li a0, 16
1:	mul t1, t1, s2
	add t1, t1, s3
	srli lr, t1, 32
	sw lr, 0(s4)
	addi s4, s4, 4
	addi a0, a0, -1
	bnez a0, 1b
	sd t1, 0(t0)
2:	lw t0, -8(s4)           ; W[i] = s1(W[i-2]) + W[i-7] + s0(W[i-15]) + W[i-16]
	srliw t1, t0, 17
	slliw lr, t0, 15
	or t1, t1, lr
	srliw lr, t0, 19
	slliw s3, t0, 13
	or lr, lr, s3
	xor t1, t1, lr
	srliw lr, t0, 10
	xor t1, t1, lr
	lw t0, -60(s4)
	srliw lr, t0, 7
	slliw s3, t0, 25
	or lr, lr, s3
	srliw s3, t0, 18
	slliw s2, t0, 14
	or s3, s3, s2
	xor lr, lr, s3
	srliw s3, t0, 3
	xor lr, lr, s3
	addw t1, t1, lr
	lw t0, -28(s4)
	addw t1, t1, t0
	lw t0, -64(s4)
	addw t1, t1, t0
	sw t1, 0(s4)
	addi s4, s4, 4
	la t0, hst
	bltu s4, t0, 2b
	la t0, hst              ; a..h = H
	lw a0, 0(t0)
	lw a1, 4(t0)
	lw a2, 8(t0)
	lw a3, 12(t0)
	lw a4, 16(t0)
	lw a5, 20(t0)
	lw s0, 24(t0)
	lw s1, 28(t0)
	la s4, ktab
3:	srliw t0, a4, 6         ; T1 = h + S1(e) + ch(e, f, g) + K[i] + W[i]
	slliw t1, a4, 26
	or t0, t0, t1
	srliw t1, a4, 11
	slliw lr, a4, 21
	or t1, t1, lr
	xor t0, t0, t1
	srliw t1, a4, 25
	slliw lr, a4, 7
	or t1, t1, lr
	xor t0, t0, t1
	and t1, a4, a5
	xori lr, a4, -1
	and lr, lr, s0
	xor t1, t1, lr
	addw t0, t0, t1
	addw t0, t0, s1
	lw t1, 0(s4)
	addw t0, t0, t1
	lw t1, 256(s4)
	addw s2, t0, t1
	srliw t0, a0, 2         ; T2 = S0(a) + maj(a, b, c)
	slliw t1, a0, 30
	or t0, t0, t1
	srliw t1, a0, 13
	slliw lr, a0, 19
	or t1, t1, lr
	xor t0, t0, t1
	srliw t1, a0, 22
	slliw lr, a0, 10
	or t1, t1, lr
	xor t0, t0, t1
	or t1, a1, a2
	and t1, t1, a0
	and lr, a1, a2
	or t1, t1, lr
	addw t0, t0, t1
	mov s1, s0
	mov s0, a5
	mov a5, a4
	addw a4, a3, s2
	mov a3, a2
	mov a2, a1
	mov a1, a0
	addw a0, s2, t0
	addi s4, s4, 4
	la t1, wtab
	bltu s4, t1, 3b
	la t0, hst              ; H += a..h
	lw t1, 0(t0)
	addw t1, t1, a0
	sw t1, 0(t0)
	lw t1, 4(t0)
	addw t1, t1, a1
	sw t1, 4(t0)
	lw t1, 8(t0)
	addw t1, t1, a2
	sw t1, 8(t0)
	lw t1, 12(t0)
	addw t1, t1, a3
	sw t1, 12(t0)
	lw t1, 16(t0)
	addw t1, t1, a4
	sw t1, 16(t0)
	lw t1, 20(t0)
	addw t1, t1, a5
	sw t1, 20(t0)
	lw t1, 24(t0)
	addw t1, t1, s0
	sw t1, 24(t0)
	lw t1, 28(t0)
	addw t1, t1, s1
	sw t1, 28(t0)
	la t0, nblk
	ld t1, 0(t0)
	addi t1, t1, -1
	sd t1, 0(t0)
	bnez t1, block
	la t0, hst              ; checksum
	li a0, 0
	li a1, 1
4:	lwu t1, 0(t0)
	mul t1, t1, a1
	add a0, a0, t1
	addi t0, t0, 4
	addi a1, a1, 1
	li a2, 9
	blt a1, a2, 4b
	call finish
	.endfunc
	.include "bench.inc"
