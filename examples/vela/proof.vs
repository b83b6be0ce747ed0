; proof: PROOF.PATH asserts ranges; a true assertion is free, a false one
; traps with PROOF (addr = the value). Also shows chaos (a no-op here).
	.text
	.func _start
_start:
	li s0, 0                ; sum of 0..9 with i asserted in [0, 9]
	li s1, 0
	li s2, 9
	chaos
1:	proof.path s1, zero, s2
	add s0, s0, s1
	addi s1, s1, 1
	ble s1, s2, 1b
	mov a0, s0
	call print_u64_nl       ; 45
	li s3, 10
	proof.path s3, zero, s2 ; 10 is not in [0, 9]
	li a0, 0
	call exit
	.endfunc
	.include "lib.inc"
