/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Compiler attributes and annotations (compiler_types.h, compiler_attributes.h,
 * compiler.h).  The sparse annotations (__user, __iomem, __rcu...) mean nothing
 * to gcc and clang and expand to nothing, as in a kernel build.
 */
#ifndef _LINUX_COMPAT_COMPILER_H
#define _LINUX_COMPAT_COMPILER_H

#include <sys/cdefs.h>

#include <linux/kconfig.h>

/* The C library defines some of the same names (sys/cdefs.h): ours win. */
#undef __always_inline
#undef __attribute_const__
#undef __packed
#undef __weak
#undef __pure
#undef __malloc
#undef __cold

#define __user
#define __iomem
#define __force
#define __rcu
#define __percpu
#define __kernel
#define __safe
#define __bitwise
#define __private
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __cond_acquires(x)
#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __ref
#define __refdata
#define __devinit
#define __ro_after_init
#define __read_mostly
#define __must_check __attribute__((warn_unused_result))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __used __attribute__((used))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __always_inline inline __attribute__((always_inline))
#define __weak __attribute__((weak))
#define __pure __attribute__((pure))
#define __cold __attribute__((cold))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __scanf(a, b) __attribute__((format(scanf, a, b)))
#define __section(s) __attribute__((section(s)))
#define __malloc __attribute__((malloc))
#define __nonstring
#define __counted_by(m)
#define __counted_by_le(m)
#define __randomize_layout
#define __no_randomize_layout
#define __designated_init
#define __visible
#define __assume_aligned(a, ...)
#define __alloc_size(...)
#define __realloc_size(...)
#define __attribute_const__ __attribute__((const))
#define __no_sanitize_address
#define notrace
#define noinline __attribute__((noinline))
#define noinline_for_stack noinline
#define asmlinkage
#ifndef fallthrough
#define fallthrough __attribute__((fallthrough))
#endif

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)                                                                  \
	do {                                                                                \
		*(volatile __typeof__(x) *)&(x) = (val);                                    \
	} while (0)
#define data_race(expr) (expr)
#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() smp_mb()
#define smp_wmb() smp_mb()
#define smp_mb__before_atomic() smp_mb()
#define smp_mb__after_atomic() smp_mb()
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define __must_be_array(a) 0
#define __is_constexpr(x) __builtin_constant_p(x)
#define is_signed_type(type) (((type)(-1)) < (type)1)
#define is_unsigned_type(type) (!is_signed_type(type))
#define typeof_member(T, m) __typeof__(((T *)0)->m)

#define OPTIMIZER_HIDE_VAR(var) __asm__("" : "=r"(var) : "0"(var))
#define unreachable() __builtin_unreachable()

#endif /* _LINUX_COMPAT_COMPILER_H */
