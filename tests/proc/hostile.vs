; hostile: every system call with hostile pointers, lengths and descriptors.
; Each row of the table is: number, a0, a1, a2, a3, expected result. The
; program runs every row, prints each mismatch, then exits with the number of
; mismatches. Built with mem_size 64 KiB (sandbox addresses 0..0xffff),
; capabilities FS_READ and FS_WRITE but not PROC or CRYPTO, and started with
; fd 0 = console (read only), fd 1 = a pipe's write end, fd 2 = console.
; The numbers come from the table, so none is proven at load: the run-time
; capability check is what refuses spawn, kill and crypto.hash here.
	.equ MEM, 0x10000
	.equ ROW, 48
	.equ EFAULT, -14
	.equ EBADF, -9
	.equ EINVAL, -22
	.equ ENOENT, -2
	.equ EPERM, -1
	.equ ENOTDIR, -20
	.equ ESPIPE, -29
	.equ EROFS, -30
	.equ ECHILD, -10
	.equ ENOMEM, -12
	.equ ERANGE, -34
	.equ ENOSYS, -38
	.equ ENAMETOOLONG, -36
	.equ KERNEL, 0xffff800000000000
	.equ ALL1, 0xffffffffffffffff

	.data
nope:	.asciz "/nope"
boot:	.asciz "/boot"
afile:	.asciz "/boot/hello.aelf"
empty:	.asciz ""
	.align 8
buf:	.space 64
longp:	.space 300              ; filled with 'a' at start: no NUL in 256 bytes
	.align 8
table:
	; write
	.dword 2, 1, buf, 0, 0, 0
	.dword 2, 1, ALL1, 1, 0, EFAULT
	.dword 2, 1, 0xfff0, 0x20, 0, EFAULT
	.dword 2, 1, MEM, 1, 0, EFAULT
	.dword 2, 1, KERNEL, 1, 0, EFAULT
	.dword 2, 1, 0, ALL1, 0, EFAULT
	.dword 2, 1, 1, ALL1, 0, EFAULT
	.dword 2, 1, 0x8000, 0x8001, 0, EFAULT
	.dword 2, ALL1, buf, 1, 0, EBADF
	.dword 2, 99, buf, 1, 0, EBADF
	.dword 2, 31, buf, 1, 0, EBADF
	.dword 2, 0, buf, 1, 0, EBADF
	; read
	.dword 1, 0, ALL1, 1, 0, EFAULT
	.dword 1, 0, MEM, 1, 0, EFAULT
	.dword 1, -5, buf, 1, 0, EBADF
	.dword 1, 1, buf, 1, 0, EBADF
	.dword 1, 0x100000000, buf, 1, 0, EBADF
	; open
	.dword 3, ALL1, 0, 0, 0, EFAULT
	.dword 3, MEM, 0, 0, 0, EFAULT
	.dword 3, nope, 0x7fffffff, 0, 0, EINVAL
	.dword 3, nope, 3, 0, 0, EINVAL
	.dword 3, longp, 0, 0, 0, ENAMETOOLONG
	.dword 3, nope, 0, 0, 0, ENOENT
	.dword 3, empty, 0, 0, 0, ENOENT
	.dword 3, afile, 0x41, 0, 0, EROFS
	; close
	.dword 4, ALL1, 0, 0, 0, EBADF
	.dword 4, 32, 0, 0, 0, EBADF
	.dword 4, 0xffffffff, 0, 0, 0, EBADF
	.dword 4, 20, 0, 0, 0, EBADF
	; lseek
	.dword 5, ALL1, 0, 0, 0, EBADF
	.dword 5, 1, 0, 0, 0, ESPIPE
	; stat
	.dword 6, ALL1, buf, 0, 0, EFAULT
	.dword 6, boot, ALL1, 0, 0, EFAULT
	.dword 6, boot, 0xfff0, 0, 0, EFAULT
	.dword 6, nope, buf, 0, 0, ENOENT
	; fstat
	.dword 7, ALL1, buf, 0, 0, EBADF
	.dword 7, 1, ALL1, 0, 0, EFAULT
	.dword 7, 1, 0xffe0, 0, 0, EFAULT
	; unlink, mkdir, rmdir, rename
	.dword 8, ALL1, 0, 0, 0, EFAULT
	.dword 8, afile, 0, 0, 0, EROFS
	.dword 9, ALL1, 0, 0, 0, EFAULT
	.dword 10, KERNEL, 0, 0, 0, EFAULT
	.dword 11, ALL1, nope, 0, 0, EFAULT
	.dword 11, nope, ALL1, 0, 0, EFAULT
	; getdents
	.dword 12, ALL1, buf, 64, 0, EBADF
	.dword 12, 1, buf, 64, 0, ENOTDIR
	; dup2
	.dword 13, ALL1, 3, 0, 0, EBADF
	.dword 13, 1, 32, 0, 0, EBADF
	.dword 13, 1, ALL1, 0, 0, EBADF
	.dword 13, 25, 3, 0, 0, EBADF
	.dword 13, 1, 1, 0, 0, 1
	; pipe
	.dword 14, ALL1, 0, 0, 0, EFAULT
	.dword 14, 0xfffc, 0, 0, 0, EFAULT
	.dword 14, KERNEL, 0, 0, 0, EFAULT
	; spawn and kill need PROC
	.dword 15, afile, 0, 0, 0, EPERM
	.dword 18, 1, 9, 0, 0, EPERM
	; waitpid
	.dword 16, ALL1, 0, 0, 0, ECHILD
	.dword 16, ALL1, 0, 99, 0, EINVAL
	.dword 16, 5, ALL1, 0, 0, EFAULT
	; brk
	.dword 19, 1, 0, 0, 0, ENOMEM
	.dword 19, ALL1, 0, 0, 0, ENOMEM
	.dword 19, 0xfff0, 0, 0, 0, ENOMEM
	; nanosleep
	.dword 20, 0, 0, 0, 0, 0
	.dword 20, 1000, 0, 0, 0, 0
	; clock_gettime
	.dword 21, 5, buf, 0, 0, EINVAL
	.dword 21, 0, ALL1, 0, 0, EFAULT
	.dword 21, 1, 0xfff8, 0, 0, EFAULT
	; getrandom
	.dword 22, ALL1, 1, 0, 0, EFAULT
	.dword 22, buf, 0, 0, 0, 0
	.dword 22, buf, 16, 2, 0, EINVAL
	.dword 22, 0, 0x10001, 0, 0, EFAULT
	.dword 22, buf, 16, 0, 0, 16
	; chdir
	.dword 23, ALL1, 0, 0, 0, EFAULT
	.dword 23, nope, 0, 0, 0, ENOENT
	.dword 23, afile, 0, 0, 0, ENOTDIR
	; getcwd
	.dword 24, buf, 1, 0, 0, ERANGE
	.dword 24, ALL1, 100, 0, 0, EFAULT
	.dword 24, buf, 64, 0, 0, 2
	; unknown numbers and a service without its capability
	.dword 25, 0, 0, 0, 0, ENOSYS
	.dword 1000, 0, 0, 0, 0, ENOSYS
	.dword ALL1, 0, 0, 0, 0, ENOSYS
	.dword 0x1009c, buf, 0, 0, 0, EPERM
	.dword 0x10001, 0, 0, 0, 0, ENOSYS
table_end:

msg_fail:	.ascii "hostile: row "
msg_fail_end:
msg_got:	.ascii " got "
msg_got_end:
msg_done:	.ascii "hostile: rows checked, mismatches: "
msg_done_end:

	.text
	.func _start
_start:
	; fill longp with 300 'a' bytes
	la t0, longp
	li a1, 300
	li a2, 'a'
1:	sb a2, 0(t0)
	addi t0, t0, 1
	addi a1, a1, -1
	bnez a1, 1b

	la s0, table
	la s1, table_end
	li s2, 0                ; mismatches
	li s3, 0                ; row index
row:
	bgeu s0, s1, done
	ld t1, 0(s0)
	ld a0, 8(s0)
	ld a1, 16(s0)
	ld a2, 24(s0)
	ld a3, 32(s0)
	syscall
	ld t0, 40(s0)
	beq a0, t0, next
	mov s4, a0
	addi s2, s2, 1
	la a0, msg_fail
	li a1, msg_fail_end - msg_fail
	call print_err
	mov a0, s3
	call print_err_u64
	la a0, msg_got
	li a1, msg_got_end - msg_got
	call print_err
	mov a0, s4
	call print_err_u64
	li a0, '\n'
	call print_err_char
next:
	addi s0, s0, ROW
	addi s3, s3, 1
	j row
done:
	la a0, msg_done
	li a1, msg_done_end - msg_done
	call print_err
	mov a0, s2
	call print_err_u64
	li a0, '\n'
	call print_err_char
	mov a0, s2
	li t1, 0
	syscall
	.endfunc

	.include "errlib.inc"
