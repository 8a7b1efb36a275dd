/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Task switch for AArch64 (AAPCS64): x19-x30 and d8-d15 are callee-saved.
 *
 * void cxlsim__coro_switch(void **save_sp, void *new_sp)
 */
	.text
	.globl	cxlsim__coro_switch
	.hidden	cxlsim__coro_switch
	.type	cxlsim__coro_switch, %function
cxlsim__coro_switch:
	sub	sp, sp, #160
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mov	x9, sp
	str	x9, [x0]
	mov	sp, x1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	ret
	.size	cxlsim__coro_switch, .-cxlsim__coro_switch

/* First frame of every task: fn in x20, its argument in x19. */
	.globl	cxlsim__coro_trampoline
	.hidden	cxlsim__coro_trampoline
	.type	cxlsim__coro_trampoline, %function
cxlsim__coro_trampoline:
	mov	x0, x19
	blr	x20
	brk	#0
	.size	cxlsim__coro_trampoline, .-cxlsim__coro_trampoline

	.section .note.GNU-stack,"",%progbits
