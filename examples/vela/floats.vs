; floats: VELA-F. Values are IEEE-754 bit patterns in ordinary R registers
; (f32 sign-extended in the low 32 bits). Harmonic sum in f64, a square root,
; f32 rounding, a NaN compare, a saturating and finally a trapping conversion
; (FLOAT_RANGE; the trap's address is the operand's bit pattern).
	.text
	.func _start
_start:
	li s0, 0                ; sum = +0.0 (the bit pattern of +0.0 is 0)
	li s1, 1                ; k
	li s2, 1000
	li t0, 1
	fcvt.d.l s3, t0         ; 1.0
1:	fcvt.d.l t0, s1
	fdiv.d t0, s3, t0       ; 1/k
	fadd.d s0, s0, t0
	addi s1, s1, 1
	ble s1, s2, 1b
	li t0, 1000000
	fcvt.d.l t0, t0
	fmul.d t0, s0, t0
	fcvt.l.d a0, t0         ; trunc(H(1000) * 1e6)
	call print_u64_nl       ; 7485470

	li t0, 2
	fcvt.d.l t0, t0
	fsqrt.d t0, t0
	li t1, 1000000000
	fcvt.d.l t1, t1
	fmul.d t0, t0, t1
	fcvt.l.d a0, t0         ; trunc(sqrt(2) * 1e9)
	call print_u64_nl       ; 1414213562

	li t0, 16777217         ; 2^24 + 1 is not an f32: rounds to even, 2^24
	fcvt.s.l t0, t0
	fcvt.l.s a0, t0
	call print_u64_nl       ; 16777216

	li t0, 0
	fdiv.d t0, t0, t0       ; 0/0 = NaN
	feq.d a0, t0, t0        ; a NaN equals nothing, not even itself
	call print_u64_nl       ; 0
	li t0, 0
	fdiv.d t0, t0, t0
	fle.d a0, t0, s3        ; unordered: false
	flt.d t1, s3, s0        ; 1.0 < H(1000): true
	add a0, a0, t1
	call print_u64_nl       ; 1

	li s4, 10000000000
	fcvt.d.l s4, s4         ; 1e10
	fsat.w.d a0, s4         ; saturates at INT32_MAX
	call print_u64_nl       ; 2147483647
	fcvt.w.d a0, s4         ; out of range for i32: FLOAT_RANGE trap
	li a0, 0
	call exit
	.endfunc

	.include "lib.inc"
