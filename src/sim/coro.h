/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Stackful coroutines: the execution contexts tasks run on.  One assembly
 * switch per architecture, ucontext where there is none, the sanitizer
 * fiber annotations so AddressSanitizer follows the stack changes, and
 * every stack registered with valgrind (when its header was there at build
 * time) so memcheck takes a switch for one and not for a huge frame.
 */
#ifndef CXLSIM_SIM_CORO_H
#define CXLSIM_SIM_CORO_H

#include <stdbool.h>
#include <stddef.h>

#ifdef CXLSIM_NO_ASM_SWITCH
#include <ucontext.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORO_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define CORO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CORO_TSAN 1
#endif
#endif

struct coro_stack {
	void *base;		/* lowest usable byte, just above the guard page */
	size_t size;		/* usable bytes */
	struct coro_stack *next_free;
	unsigned int valgrind_id;	/* from VALGRIND_STACK_REGISTER, where built with it */
};

struct coro {
#ifdef CXLSIM_NO_ASM_SWITCH
	ucontext_t uc;
#else
	void *sp;
#endif
	const void *stack_bottom;	/* for the sanitizer; NULL for the host until learned */
	size_t stack_size;
	void *fake_stack;
	struct coro *resumed_by;	/* the last coro that switched to this one */
	void (*fn)(void *);
	void *arg;
#ifdef CORO_TSAN
	void *tsan_fiber;
	bool tsan_owned;
#endif
};

/* The host context: whatever thread called into the runtime. */
void coro_init_host(struct coro *host);
void coro_destroy(struct coro *c);
/* Prepare @c to run @fn(@arg) on @stack when first switched to. */
void coro_init(struct coro *c, struct coro_stack *stack, void (*fn)(void *), void *arg);
/*
 * Save the running context into @from and resume @to.  @from_dying says the
 * caller will never be resumed (its stack is about to be recycled).
 */
void coro_switch(struct coro *from, struct coro *to, bool from_dying);

/* Guard-paged stacks, pooled. */
struct coro_stack_pool {
	struct coro_stack *free;
	size_t stack_size;
	size_t nr_mapped;
	size_t nr_in_use;
};

void coro_stack_pool_init(struct coro_stack_pool *p, size_t stack_size);
void coro_stack_pool_destroy(struct coro_stack_pool *p);
struct coro_stack *coro_stack_get(struct coro_stack_pool *p);
void coro_stack_put(struct coro_stack_pool *p, struct coro_stack *st);

#endif /* CXLSIM_SIM_CORO_H */
