/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Task switch for x86-64 (System V).  Only the callee-saved registers need
 * saving: every switch happens at a call boundary.
 *
 * void cxlsim__coro_switch(void **save_sp, void *new_sp)
 */
	.text
	.globl	cxlsim__coro_switch
	.hidden	cxlsim__coro_switch
	.type	cxlsim__coro_switch, @function
cxlsim__coro_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	cxlsim__coro_switch, .-cxlsim__coro_switch

/*
 * First frame of every task: the initial stack holds fn in r13 and its
 * argument in r12.  The entry function never returns.
 */
	.globl	cxlsim__coro_trampoline
	.hidden	cxlsim__coro_trampoline
	.type	cxlsim__coro_trampoline, @function
cxlsim__coro_trampoline:
	.cfi_startproc
	.cfi_undefined rip
	movq	%r12, %rdi
	callq	*%r13
	ud2
	.cfi_endproc
	.size	cxlsim__coro_trampoline, .-cxlsim__coro_trampoline

	.section .note.GNU-stack,"",@progbits
