; trap_cfi: an indirect jump to an instruction that is neither a function
; entry nor an address-taken label -> CFI trap (addr = the target).
	.text
	.func _start
_start:
	li t0, not_a_target     ; li (not la) does not mark the label
	jr t0
not_a_target:
	li a0, 0
	call exit
	.endfunc
	.include "lib.inc"
