; vecsum: VELA-2. Sum 64 32-bit values four lanes at a time with v.load and
; v.add.d, add 1 to every element with v.splat.w, and combine with v.add.q,
; v.and, v.or, v.xor, v.zero, v.scalar.w, v.get.w and v.store.
	.equ N, 64
	.bss
	.align 16
vals:	.space N * 4
out:	.space 16

	.text
	.func _start
_start:
	la s0, vals
	li t0, 0                ; vals[i] = i * 3
1:	slli t1, t0, 2
	add t1, s0, t1
	li a0, 3
	mul a0, a0, t0
	sw a0, 0(t1)
	addi t0, t0, 1
	li a0, N
	blt t0, a0, 1b

	v.zero vr0              ; accumulator
	li a0, 1
	v.splat.w vr7, a0       ; {1, 1, 1, 1}
	mov t0, s0
	addi t1, s0, N * 4
2:	v.load vr1, 0(t0)
	v.add.d vr1, vr1, vr7   ; element + 1
	v.add.d vr0, vr0, vr1
	addi t0, t0, 16
	bltu t0, t1, 2b
	; horizontal sum of the four lanes
	li s1, 0
	li s2, 0
3:	v.get.w a0, vr0, 0
	v.get.w a1, vr0, 1
	v.get.w a2, vr0, 2
	v.get.w a3, vr0, 3
	add a0, a0, a1
	add a0, a0, a2
	add a0, a0, a3
	call print_u64_nl       ; sum(3i + 1, i < 64) = 6112

	; 64-bit lanes: {5, 0} + {5, 0} -> lane 0 = 10
	li a0, 5
	v.scalar.w vr2, a0
	v.add.q vr3, vr2, vr2
	v.get.w a0, vr3, 0
	call print_u64_nl       ; 10
	; bitwise ops: (0xff & 0x0f) | 0x30 ^ 0x03
	li a0, 0xff
	v.splat.w vr4, a0
	li a0, 0x0f
	v.splat.w vr5, a0
	v.and vr4, vr4, vr5
	li a0, 0x30
	v.splat.w vr5, a0
	v.or vr4, vr4, vr5
	li a0, 0x03
	v.splat.w vr5, a0
	v.xor vr4, vr4, vr5
	la a1, out
	v.store vr4, 0(a1)
	lw a0, 12(a1)
	call print_u64_nl       ; 0x3c = 60
	li a0, 0
	call exit
	.endfunc

	.include "lib.inc"
