; nbody: fixed-point (Q16.16 in 64-bit) gravity-like simulation of NB bodies,
; softened 1/(r^2 + eps) force with one division per pair, STEPS steps;
; checksum = sum of the final positions and velocities (as unsigned).
	.equ NB, 8
	.equ STEPS, 30000
	.memsize 0x10000
	.bss
	.align 8
px:	.space NB * 8
py:	.space NB * 8
vx:	.space NB * 8
vy:	.space NB * 8

	.text
	.func _start
_start:
	li t0, 0                ; px = (i * 37 % 17) << 16, py = (i * 11 % 13) << 16, v = 0
1:	li a0, 37
	mul a0, a0, t0
	li a1, 17
	rem a0, a0, a1
	slli a0, a0, 16
	la a2, px
	slli a3, t0, 3
	add a2, a2, a3
	sd a0, 0(a2)
	li a0, 11
	mul a0, a0, t0
	li a1, 13
	rem a0, a0, a1
	slli a0, a0, 16
	la a2, py
	add a2, a2, a3
	sd a0, 0(a2)
	addi t0, t0, 1
	li a1, NB
	blt t0, a1, 1b
	li r1, STEPS
step:	li s0, 0                ; i
2:	li s1, 0                ; j
	slli t1, s0, 3
	la a0, px
	add a0, a0, t1
	ld s2, 0(a0)            ; xi
	la a0, py
	add a0, a0, t1
	ld s3, 0(a0)            ; yi
	li s4, 0                ; ax
	li t0, 0                ; ay
3:	beq s0, s1, 4f
	slli a5, s1, 3
	la a0, px
	add a0, a0, a5
	ld a1, 0(a0)
	sub a1, a1, s2          ; dx
	la a0, py
	add a0, a0, a5
	ld a2, 0(a0)
	sub a2, a2, s3          ; dy
	mul a3, a1, a1
	mul a4, a2, a2
	add a3, a3, a4
	srai a3, a3, 16         ; r2 in Q16.16
	li a4, 0x4000           ; eps = 0.25
	add a3, a3, a4
	slli a1, a1, 8          ; force components: d * 2^8 / r2 (Q16.16 * 2^-8)
	div a1, a1, a3
	slli a2, a2, 8
	div a2, a2, a3
	add s4, s4, a1
	add t0, t0, a2
4:	addi s1, s1, 1
	li a0, NB
	blt s1, a0, 3b
	la a0, vx               ; v += a (Q16.16 * 2^-8 scaled)
	add a0, a0, t1
	ld a1, 0(a0)
	add a1, a1, s4
	sd a1, 0(a0)
	la a0, vy
	add a0, a0, t1
	ld a1, 0(a0)
	add a1, a1, t0
	sd a1, 0(a0)
	addi s0, s0, 1
	li a0, NB
	blt s0, a0, 2b
	li t0, 0                ; x += v >> 4
5:	slli a5, t0, 3
	la a0, vx
	add a0, a0, a5
	ld a1, 0(a0)
	srai a1, a1, 4
	la a0, px
	add a0, a0, a5
	ld a2, 0(a0)
	add a2, a2, a1
	sd a2, 0(a0)
	la a0, vy
	add a0, a0, a5
	ld a1, 0(a0)
	srai a1, a1, 4
	la a0, py
	add a0, a0, a5
	ld a2, 0(a0)
	add a2, a2, a1
	sd a2, 0(a0)
	addi t0, t0, 1
	li a1, NB
	blt t0, a1, 5b
	addi r1, r1, -1
	bnez r1, step
	li a0, 0                ; checksum
	li t0, 0
6:	slli a5, t0, 3
	la a1, px
	add a1, a1, a5
	ld a2, 0(a1)
	add a0, a0, a2
	la a1, py
	add a1, a1, a5
	ld a2, 0(a1)
	add a0, a0, a2
	la a1, vx
	add a1, a1, a5
	ld a2, 0(a1)
	add a0, a0, a2
	la a1, vy
	add a1, a1, a5
	ld a2, 0(a1)
	add a0, a0, a2
	addi t0, t0, 1
	li a1, NB
	blt t0, a1, 6b
	call finish
	.endfunc
	.include "bench.inc"
