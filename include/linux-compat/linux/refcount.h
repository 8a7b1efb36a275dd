/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* refcount_t: an atomic count whose misuse (increment from 0, underflow) WARNs. */
#ifndef _LINUX_COMPAT_REFCOUNT_H
#define _LINUX_COMPAT_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/bug.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}
static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}
static inline void refcount_inc(refcount_t *r)
{
	WARN_ON(atomic_fetch_add(1, &r->refs) == 0);
}
static inline bool refcount_inc_not_zero(refcount_t *r)
{
	return atomic_add_unless(&r->refs, 1, 0);
}
static inline void refcount_add(int i, refcount_t *r)
{
	WARN_ON(atomic_fetch_add(i, &r->refs) == 0);
}
static inline bool refcount_sub_and_test(int i, refcount_t *r)
{
	int n = atomic_sub_return(i, &r->refs);

	WARN_ON(n < 0);
	return n == 0;
}
static inline bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}
static inline void refcount_dec(refcount_t *r)
{
	WARN_ON(refcount_dec_and_test(r));
}

#endif
