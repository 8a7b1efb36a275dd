/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Atomics.  One task runs at a time and none is preempted between scheduling
 * points, so plain arithmetic is exact; the compiler builtins keep them
 * correct under the threaded executor too.
 */
#ifndef _LINUX_COMPAT_ATOMIC_H
#define _LINUX_COMPAT_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>

#define ATOMIC_INIT(i) { (i) }
#define ATOMIC64_INIT(i) { (i) }
#define ATOMIC_LONG_INIT(i) { (i) }

#define __LINUX_ATOMIC_OPS(pfx, T, C)                                                       \
	static inline C pfx##_read(const T *v)                                              \
	{                                                                                   \
		return __atomic_load_n(&v->counter, __ATOMIC_SEQ_CST);                      \
	}                                                                                   \
	static inline void pfx##_set(T *v, C i)                                             \
	{                                                                                   \
		__atomic_store_n(&v->counter, i, __ATOMIC_SEQ_CST);                         \
	}                                                                                   \
	static inline C pfx##_add_return(C i, T *v)                                         \
	{                                                                                   \
		return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                \
	}                                                                                   \
	static inline C pfx##_sub_return(C i, T *v)                                         \
	{                                                                                   \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                \
	}                                                                                   \
	static inline C pfx##_fetch_add(C i, T *v)                                          \
	{                                                                                   \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);                \
	}                                                                                   \
	static inline C pfx##_fetch_or(C i, T *v)                                           \
	{                                                                                   \
		return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);                 \
	}                                                                                   \
	static inline void pfx##_add(C i, T *v)                                             \
	{                                                                                   \
		(void)pfx##_add_return(i, v);                                               \
	}                                                                                   \
	static inline void pfx##_sub(C i, T *v)                                             \
	{                                                                                   \
		(void)pfx##_sub_return(i, v);                                               \
	}                                                                                   \
	static inline void pfx##_inc(T *v)                                                  \
	{                                                                                   \
		pfx##_add(1, v);                                                            \
	}                                                                                   \
	static inline void pfx##_dec(T *v)                                                  \
	{                                                                                   \
		pfx##_sub(1, v);                                                            \
	}                                                                                   \
	static inline C pfx##_inc_return(T *v)                                              \
	{                                                                                   \
		return pfx##_add_return(1, v);                                              \
	}                                                                                   \
	static inline C pfx##_dec_return(T *v)                                              \
	{                                                                                   \
		return pfx##_sub_return(1, v);                                              \
	}                                                                                   \
	static inline bool pfx##_dec_and_test(T *v)                                         \
	{                                                                                   \
		return pfx##_dec_return(v) == 0;                                            \
	}                                                                                   \
	static inline bool pfx##_inc_and_test(T *v)                                         \
	{                                                                                   \
		return pfx##_inc_return(v) == 0;                                            \
	}                                                                                   \
	static inline C pfx##_xchg(T *v, C n)                                               \
	{                                                                                   \
		return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST);               \
	}                                                                                   \
	static inline C pfx##_cmpxchg(T *v, C old, C n)                                     \
	{                                                                                   \
		__atomic_compare_exchange_n(&v->counter, &old, n, false, __ATOMIC_SEQ_CST,  \
					    __ATOMIC_SEQ_CST);                              \
		return old;                                                                 \
	}                                                                                   \
	static inline bool pfx##_try_cmpxchg(T *v, C *old, C n)                             \
	{                                                                                   \
		return __atomic_compare_exchange_n(&v->counter, old, n, false,              \
						   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);     \
	}                                                                                   \
	static inline bool pfx##_add_unless(T *v, C a, C u)                                 \
	{                                                                                   \
		C c = pfx##_read(v);                                                        \
		if (c == u)                                                                 \
			return false;                                                       \
		pfx##_set(v, c + a);                                                        \
		return true;                                                            \
	}
__LINUX_ATOMIC_OPS(atomic, atomic_t, int)
__LINUX_ATOMIC_OPS(atomic64, atomic64_t, long long)
#undef __LINUX_ATOMIC_OPS
#define atomic_inc_not_zero(v) atomic_add_unless((v), 1, 0)
#define atomic_long_read atomic64_read
#define atomic_long_set atomic64_set
#define atomic_long_inc atomic64_inc
#define atomic_long_dec atomic64_dec
#define atomic_long_add atomic64_add
#define atomic_long_sub atomic64_sub
#define atomic_long_inc_return atomic64_inc_return

#define xchg(ptr, v) __atomic_exchange_n((ptr), (v), __ATOMIC_SEQ_CST)
#define cmpxchg(ptr, old, new)                                                              \
	({                                                                                  \
		__typeof__(*(ptr)) __old = (old);                                           \
		__atomic_compare_exchange_n((ptr), &__old, (new), false, __ATOMIC_SEQ_CST,  \
					    __ATOMIC_SEQ_CST);                              \
		__old;                                                                      \
	})
#define try_cmpxchg(ptr, oldp, new)                                                         \
	__atomic_compare_exchange_n((ptr), (oldp), (new), false, __ATOMIC_SEQ_CST,          \
				    __ATOMIC_SEQ_CST)

#endif
