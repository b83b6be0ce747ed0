; trap_oob_load: read one byte past the end of the sandbox -> OOB_LOAD.
	.memsize 0x10000
	.text
	.func _start
_start:
	li s0, 0x10000          ; mem_size: the first address outside
	li a0, 7
	call print_u64_nl       ; output before the trap is kept
	lb a0, 0(s0)            ; traps at this pc with addr 0x10000
	li a0, 0
	call exit
	.endfunc
	.include "lib.inc"
