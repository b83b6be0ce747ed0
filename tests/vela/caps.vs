; caps: a program using the NET-gated net.send opcode. vela-run must refuse
; to load it without NET (tests/vela/run-examples.sh), before running.
	.text
_start:
	net.send                ; the host shim has no network: a0 = -ENOSYS
	li t1, 0
	syscall                 ; exit(a0): status (-38) & 0xff = 218
