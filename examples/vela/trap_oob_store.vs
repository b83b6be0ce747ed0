; trap_oob_store: an 8-byte store that straddles the end of the sandbox.
	.memsize 0x10000
	.text
	.func _start
_start:
	li t0, 0x10000 - 4
	sw t0, 0(t0)            ; fits: fine
	sd t0, 0(t0)            ; 8 bytes at mem_size-4 -> OOB_STORE addr 0xfffc
	li a0, 0
	call exit
	.endfunc
	.include "lib.inc"
