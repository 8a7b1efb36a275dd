// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "coro.h"

#ifdef CORO_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef CORO_TSAN
#include <sanitizer/tsan_interface.h>
#endif
#ifdef CXLSIM_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
/* Without the header the client requests are no-ops, as they are outside valgrind. */
#define VALGRIND_STACK_REGISTER(start, end) 0u
#define VALGRIND_STACK_DEREGISTER(id) ((void)(id))
#endif

#ifdef CORO_ASAN
/*
 * The sanitizer tells the coro we switched to the bounds of the stack we
 * left.  The host's bounds are only known that way: without them, switching
 * back would give the thread an empty stack, so LeakSanitizer would not scan
 * the host's frames and would report what only they still point to.
 */
static void learn_bounds(struct coro *c, const void *bottom, size_t size)
{
	struct coro *from = c->resumed_by;

	if (from && !from->stack_bottom) {
		from->stack_bottom = bottom;
		from->stack_size = size;
	}
}
#endif

#ifndef CXLSIM_NO_ASM_SWITCH
void cxlsim__coro_switch(void **save_sp, void *new_sp);
void cxlsim__coro_trampoline(void);
#endif

void coro_init_host(struct coro *host)
{
	memset(host, 0, sizeof(*host));
#ifdef CORO_TSAN
	host->tsan_fiber = __tsan_get_current_fiber();
#endif
}

void coro_destroy(struct coro *c)
{
#ifdef CORO_TSAN
	if (c->tsan_owned && c->tsan_fiber)
		__tsan_destroy_fiber(c->tsan_fiber);
	c->tsan_fiber = NULL;
	c->tsan_owned = false;
#endif
	(void)c;
}

#ifdef CXLSIM_NO_ASM_SWITCH
/* makecontext passes int arguments only: split the pointers. */
static void uc_entry(unsigned int fhi, unsigned int flo, unsigned int ahi, unsigned int alo)
{
	void (*fn)(void *) = (void (*)(void *))(((uintptr_t)fhi << 32) | flo);
	void *arg = (void *)(((uintptr_t)ahi << 32) | alo);

	fn(arg);
	abort();
}
#endif

/* Every task starts here: finish the sanitizer's switch before any task code runs. */
static void coro_entry(void *p)
{
	struct coro *c = p;
#ifdef CORO_ASAN
	const void *old_bottom;
	size_t old_size;

	__sanitizer_finish_switch_fiber(NULL, &old_bottom, &old_size);
	learn_bounds(c, old_bottom, old_size);
#endif
	c->fn(c->arg);
	abort();
}

void coro_init(struct coro *c, struct coro_stack *stack, void (*fn)(void *), void *arg)
{
	memset(c, 0, sizeof(*c));
	c->fn = fn;
	c->arg = arg;
	/* From here on the architecture code starts coro_entry(c). */
	fn = coro_entry;
	arg = c;
	c->stack_bottom = stack->base;
	c->stack_size = stack->size;
#ifdef CXLSIM_NO_ASM_SWITCH
	uintptr_t f = (uintptr_t)fn, a = (uintptr_t)arg;

	getcontext(&c->uc);
	c->uc.uc_stack.ss_sp = stack->base;
	c->uc.uc_stack.ss_size = stack->size;
	c->uc.uc_link = NULL;
	makecontext(&c->uc, (void (*)(void))uc_entry, 4, (unsigned int)(f >> 32),
		    (unsigned int)f, (unsigned int)(a >> 32), (unsigned int)a);
#elif defined(__x86_64__)
	uintptr_t top = ((uintptr_t)stack->base + stack->size) & ~(uintptr_t)15;
	/* r15 r14 r13 r12 rbx rbp ret, laid so the trampoline starts 16-byte aligned */
	uintptr_t *frame = (uintptr_t *)(top - 16 - 7 * sizeof(uintptr_t));

	memset(frame, 0, 7 * sizeof(uintptr_t));
	frame[2] = (uintptr_t)fn;	/* r13 */
	frame[3] = (uintptr_t)arg;	/* r12 */
	frame[6] = (uintptr_t)cxlsim__coro_trampoline;
	c->sp = frame;
#elif defined(__aarch64__)
	uintptr_t top = ((uintptr_t)stack->base + stack->size) & ~(uintptr_t)15;
	uintptr_t *frame = (uintptr_t *)(top - 160);

	memset(frame, 0, 160);
	frame[0] = (uintptr_t)arg;	/* x19 */
	frame[1] = (uintptr_t)fn;	/* x20 */
	frame[11] = (uintptr_t)cxlsim__coro_trampoline;	/* x30 */
	c->sp = frame;
#else
#error "no task switch for this architecture: build with CXLSIM_NO_ASM_SWITCH"
#endif
#ifdef CORO_TSAN
	c->tsan_fiber = __tsan_create_fiber(0);
	c->tsan_owned = true;
#endif
}

void coro_switch(struct coro *from, struct coro *to, bool from_dying)
{
#ifdef CORO_ASAN
	to->resumed_by = from;
	__sanitizer_start_switch_fiber(from_dying ? NULL : &from->fake_stack, to->stack_bottom,
				       to->stack_size);
#endif
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
#ifdef CXLSIM_NO_ASM_SWITCH
	swapcontext(&from->uc, &to->uc);
#else
	cxlsim__coro_switch(&from->sp, to->sp);
#endif
#ifdef CORO_ASAN
	/* Back on @from: learn the host's stack bounds the first time. */
	const void *old_bottom;
	size_t old_size;

	__sanitizer_finish_switch_fiber(from->fake_stack, &old_bottom, &old_size);
	learn_bounds(from, old_bottom, old_size);
#endif
	(void)from_dying;
}

static size_t page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? (size_t)ps : 4096;
}

void coro_stack_pool_init(struct coro_stack_pool *p, size_t stack_size)
{
	size_t ps = page_size();

	memset(p, 0, sizeof(*p));
	p->stack_size = (stack_size + ps - 1) & ~(ps - 1);
}

struct coro_stack *coro_stack_get(struct coro_stack_pool *p)
{
	struct coro_stack *st = p->free;
	size_t ps;
	void *map;

	if (st) {
		p->free = st->next_free;
		goto out;
	}
	/* Only for a new mapping: sysconf() was a percent of a minimal schedule. */
	ps = page_size();
	st = malloc(sizeof(*st));
	if (!st)
		return NULL;
	map = mmap(NULL, p->stack_size + ps, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED) {
		free(st);
		return NULL;
	}
	/* The lowest page is the guard: a stack overflow faults instead of corrupting. */
	if (mprotect(map, ps, PROT_NONE)) {
		munmap(map, p->stack_size + ps);
		free(st);
		return NULL;
	}
	st->base = (char *)map + ps;
	st->size = p->stack_size;
	st->next_free = NULL;
	/*
	 * Once per mapping, for as long as it lives: a pooled stack keeps its id
	 * when it is handed to the next task.
	 */
	st->valgrind_id = VALGRIND_STACK_REGISTER(st->base, (char *)st->base + st->size);
	p->nr_mapped++;
out:
#ifdef CORO_ASAN
	/*
	 * A task that exited or was abandoned leaves its last frames' redzones
	 * poisoned, and a new mapping may reuse an old one's addresses.
	 */
	ASAN_UNPOISON_MEMORY_REGION(st->base, st->size);
#endif
	p->nr_in_use++;
	return st;
}

void coro_stack_put(struct coro_stack_pool *p, struct coro_stack *st)
{
	st->next_free = p->free;
	p->free = st;
	p->nr_in_use--;
}

void coro_stack_pool_destroy(struct coro_stack_pool *p)
{
	size_t ps = page_size();
	struct coro_stack *st;

	while ((st = p->free)) {
		p->free = st->next_free;
		VALGRIND_STACK_DEREGISTER(st->valgrind_id);
		munmap((char *)st->base - ps, st->size + ps);
		free(st);
	}
	p->nr_mapped = 0;
}
