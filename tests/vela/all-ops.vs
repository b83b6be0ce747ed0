; all-ops: every VELA opcode at least once (tests/vela/roundtrip.sh checks
; coverage), with edge-case operands. Assembled, disassembled, reassembled.
	.database 0x2000
	.text
	.func _start
_start:
	add r3, r4, r5
	sub r4, r5, r6
	and r5, r6, r7
	or r6, r7, r8
	xor r7, r8, r9
	sll r8, r9, r10
	srl r9, r10, r11
	sra r10, r11, r12
	rol r11, r12, r13
	ror r12, r13, r14
	slt r13, r14, r15
	sltu r14, r15, r0
	mul r15, r0, r1
	mulh r0, r1, r2
	mulhu r1, r2, r3
	div r2, r3, r4
	divu r3, r4, r5
	rem r4, r5, r6
	remu r5, r6, r7
	addw r6, r7, r8
	subw r7, r8, r9
	sllw r8, r9, r10
	srlw r9, r10, r11
	sraw r10, r11, r12
	mulw r11, r12, r13
	divw r12, r13, r14
	divuw r13, r14, r15
	remw r14, r15, r0
	remuw r15, r0, r1
	addi r0, r1, -2048
	andi r1, r2, -2048
	ori r2, r3, -2048
	xori r3, r4, -2048
	slti r4, r5, -2048
	sltiu r5, r6, -2048
	addiw r6, r7, -2048
	popcnt r7, r15
	slli r8, r9, 63
	srli r9, r10, 63
	srai r10, r11, 63
	slliw r11, r12, 31
	srliw r12, r13, 31
	sraiw r13, r14, 31
	clz r14, r15
	ctz r15, r15
	li r0, -131072
	shori r1, 0x3ffff
	lb r2, 2047(r3)
	lbu r3, 2047(r4)
	lh r4, 2047(r5)
	lhu r5, 2047(r6)
	lw r6, 2047(r7)
	lwu r7, 2047(r8)
	ld r8, 2047(r9)
	sb r9, -8(r2)
	sh r10, -8(r2)
	sw r11, -8(r2)
	sd r12, -8(r2)
	beq r13, r14, _start
	bne r14, r15, _start
	blt r15, r0, _start
	bge r0, r1, _start
	bltu r1, r2, _start
	bgeu r2, r3, _start
	j end
	call end
	jr r5
	callr r6
	ret
	nop
	syscall
	halt
	break 16777215
	v.zero vr7
	v.add.d vr2, vr3, vr4
	v.add.q vr3, vr4, vr5
	v.and vr4, vr5, vr6
	v.or vr5, vr6, vr7
	v.xor vr6, vr7, vr0
	v.load vr7, -2048(r2)
	v.store vr0, 16(sp)
	v.scalar.w vr1, r4
	v.get.w r5, vr2, 3
	v.splat.w vr3, r6
	chaos
	time.bind r8
	proof.path r9, r0, r11
	fs.open
	fs.read
	fs.create
	fs.write
	fs.unlink
	net.connect
	net.send
	net.recv
	crypto.hash
	crypto.rand
	crypto.verify
	; VELA-F: floating point on the R registers (section 10)
	fadd.s r3, r8, r14
	fsub.s r4, r9, r15
	fmul.s r5, r10, r0
	fdiv.s r6, r11, sp
	fmin.s r7, r12, lr
	fmax.s r8, r13, r3
	fsqrt.s r9, r14
	fcvt.d.s r10, r15
	fadd.d r11, r0, r6
	fsub.d r12, sp, r7
	fmul.d r13, lr, r8
	fdiv.d r14, r3, r9
	fmin.d r15, r4, r10
	fmax.d r0, r5, r11
	fsqrt.d sp, r6
	fcvt.s.d lr, r7
	feq.s r3, r8, r14
	flt.s r4, r9, r15
	fle.s r5, r10, r0
	feq.d r6, r11, sp
	flt.d r7, r12, lr
	fle.d r8, r13, r3
	fcvt.w.s r9, r14
	fcvt.wu.s r10, r15
	fcvt.l.s r11, r0
	fcvt.lu.s r12, sp
	fcvt.w.d r13, lr
	fcvt.wu.d r14, r3
	fcvt.l.d r15, r4
	fcvt.lu.d r0, r5
	fsat.w.s sp, r6
	fsat.wu.s lr, r7
	fsat.l.s r3, r8
	fsat.lu.s r4, r9
	fsat.w.d r5, r10
	fsat.wu.d r6, r11
	fsat.l.d r7, r12
	fsat.lu.d r8, r13
	fcvt.s.w r9, r14
	fcvt.s.wu r10, r15
	fcvt.s.l r11, r0
	fcvt.s.lu r12, sp
	fcvt.d.w r13, lr
	fcvt.d.wu r14, r3
	fcvt.d.l r15, r4
	fcvt.d.lu r0, r5
	; pseudo-instructions and constants of every length
	li r3, 131071
	li r3, 0x12345678
	li r3, -1
	li r3, 0x123456789abc
	li r3, 0x7fffffffffffffff
	li r3, 0x8000000000000000
	la r4, table
	mov r5, r6
	not r5, r6
	neg r5, r6
	seqz r5, r6
	snez r5, r6
	zext.w r5, r6
	beqz r5, _start
	bgt r5, r6, end
	ble r5, r6, _start
end:
	halt
	.endfunc
	.data
table:
	.word 1, -1, 0x7fffffff
	.half 0xffff
	.byte -128, 255
	.align 8
	.dword _start
	.ascii "a\"b\n\x41"
	.bss
	.space 100
