; quicksort: sort 20 signed 64-bit numbers (Lomuto partition, recursive)
; and print them.
	.data
	.align 8
arr:	.dword 42, -7, 19, 0, 88, 3, -120, 55, 7, 7, 1000, -1, 64, 23, 5, 99, -50, 12, 31, 2
arr_end:

	.text
	.func _start
_start:
	la a0, arr
	li a1, 0
	li a2, (arr_end - arr) / 8 - 1
	call qsort
	la s0, arr
	la s1, arr_end
1:	ld a0, 0(s0)
	call print_i64
	li a0, ' '
	call print_char
	addi s0, s0, 8
	bltu s0, s1, 1b
	call newline
	li a0, 0
	call exit
	.endfunc

; qsort(a0 = base, a1 = lo, a2 = hi): sorts base[lo..hi] (inclusive)
	.func qsort
qsort:
	bge a1, a2, 9f
	addi sp, sp, -32
	sd lr, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	mov s0, a0
	mov s1, a1
	mov s2, a2
	; partition: pivot = base[hi]
	slli t0, s2, 3
	add t0, s0, t0
	ld a3, 0(t0)            ; pivot
	addi a4, s1, -1         ; i
	mov a5, s1              ; j
2:	bge a5, s2, 4f
	slli t0, a5, 3
	add t0, s0, t0
	ld t1, 0(t0)
	bgt t1, a3, 3f
	addi a4, a4, 1          ; swap base[i], base[j]
	slli a0, a4, 3
	add a0, s0, a0
	ld a1, 0(a0)
	sd t1, 0(a0)
	sd a1, 0(t0)
3:	addi a5, a5, 1
	j 2b
4:	addi a4, a4, 1          ; swap base[i+1], base[hi]
	slli a0, a4, 3
	add a0, s0, a0
	slli t0, s2, 3
	add t0, s0, t0
	ld a1, 0(a0)
	ld t1, 0(t0)
	sd t1, 0(a0)
	sd a1, 0(t0)
	; recurse on both sides of the pivot at a4
	addi sp, sp, -16
	sd a4, 0(sp)
	mov a0, s0
	mov a1, s1
	addi a2, a4, -1
	call qsort
	ld a4, 0(sp)
	addi sp, sp, 16
	mov a0, s0
	addi a1, a4, 1
	mov a2, s2
	call qsort
	ld s2, 24(sp)
	ld s1, 16(sp)
	ld s0, 8(sp)
	ld lr, 0(sp)
	addi sp, sp, 32
9:	ret
	.endfunc

	.include "lib.inc"
