/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Scope-based cleanup with the kernel's interface (include/linux/cleanup.h),
 * written on the compiler's cleanup attribute:
 *   DEFINE_FREE(name, type, free) + __free(name): run free on the variable
 *     (as _T) when it leaves scope; no_free_ptr()/return_ptr() hand it out.
 *   DEFINE_CLASS(name, type, exit, init, args...) + CLASS(name, var)(args):
 *     a constructor/destructor pair.
 *   DEFINE_GUARD(name, type, lock, unlock): guard(name)(obj) holds the lock to
 *     the end of the scope, scoped_guard(name, obj) { } for one block;
 *     DEFINE_GUARD_COND adds a conditional (trylock/interruptible) flavour
 *     for scoped_cond_guard().
 *   DEFINE_LOCK_GUARD_0/1: guards whose state is a small struct.
 */
#ifndef _LINUX_COMPAT_CLEANUP_H
#define _LINUX_COMPAT_CLEANUP_H

#include <linux/compiler.h>

#include "sim/sim.h"

/*
 * The site of the guard being constructed: CLASS() sets it where the guard
 * is declared, the first lock its constructor takes uses it (linux_site()),
 * and every constructor clears it, so a lock report names the kernel
 * function and line of guard(mutex)(...), not this header's.
 */
extern _Thread_local const struct sim_site *linux_guard_site;
static inline const struct sim_site *linux_site(const struct sim_site *here)
{
	const struct sim_site *site = linux_guard_site;

	if (!site)
		return here;
	linux_guard_site = NULL;
	return site;
}

#define __cleanup(func) __attribute__((__cleanup__(func)))

#define DEFINE_FREE(_name, _type, _free)                                                    \
	static inline void __free_##_name(void *p)                                          \
	{                                                                                   \
		_type _T = *(_type *)p;                                                     \
		_free;                                                                      \
	}
#define __free(_name) __cleanup(__free_##_name)

#define __get_and_null(p, nullvalue)                                                        \
	({                                                                                  \
		__auto_type __ptr = &(p);                                                   \
		__auto_type __val = *__ptr;                                                 \
		*__ptr = nullvalue;                                                         \
		__val;                                                                      \
	})
#define no_free_ptr(p) ((__typeof__(p))__must_check_fn((void *)__get_and_null(p, NULL)))
static inline __attribute__((warn_unused_result)) const volatile void *
__must_check_fn(const volatile void *val)
{
	return val;
}
#define return_ptr(p) return no_free_ptr(p)
#define take_fd(fd) __get_and_null(fd, -EBADF)
#define retain_and_null_ptr(p) ((void)__get_and_null(p, NULL))

#define DEFINE_CLASS(_name, _type, _exit, _init, _init_args...)                             \
	typedef _type class_##_name##_t;                                                    \
	static inline void class_##_name##_destructor(_type *p)                             \
	{                                                                                   \
		_type _T = *p;                                                              \
		_exit;                                                                      \
	}                                                                                   \
	static inline _type class_##_name##_constructor(_init_args)                         \
	{                                                                                   \
		_type t = _init;                                                            \
		linux_guard_site = NULL;                                                    \
		return t;                                                                   \
	}

#define EXTEND_CLASS(_name, ext, _init, _init_args...)                                      \
	typedef class_##_name##_t class_##_name##ext##_t;                                   \
	static inline void class_##_name##ext##_destructor(class_##_name##_t *p)            \
	{                                                                                   \
		class_##_name##_destructor(p);                                              \
	}                                                                                   \
	static inline class_##_name##_t class_##_name##ext##_constructor(_init_args)        \
	{                                                                                   \
		class_##_name##_t t = _init;                                                \
		linux_guard_site = NULL;                                                    \
		return t;                                                                   \
	}

#define CLASS(_name, var)                                                                   \
	class_##_name##_t var __maybe_unused __cleanup(class_##_name##_destructor) =        \
		(linux_guard_site = SIM_SITE_HERE, class_##_name##_constructor)

#define DEFINE_GUARD(_name, _type, _lock, _unlock)                                          \
	DEFINE_CLASS(_name, _type, if (_T) { _unlock; }, ({ _lock; _T; }), _type _T);       \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)                 \
	{                                                                                   \
		return (void *)(unsigned long)*_T;                                          \
	}

#define DEFINE_GUARD_COND(_name, _ext, _condlock)                                           \
	EXTEND_CLASS(_name, _ext, ({                                                        \
			     void *_t = _T;                                                 \
			     if (_T && !(_condlock))                                        \
				     _t = NULL;                                             \
			     _t;                                                            \
		     }),                                                                    \
		     class_##_name##_t _T)                                                  \
	static inline void *class_##_name##_ext##_lock_ptr(class_##_name##_t *_T)           \
	{                                                                                   \
		return class_##_name##_lock_ptr(_T);                                        \
	}

#define guard(_name) CLASS(_name, __UNIQUE_ID(guard))
#define __guard_ptr(_name) class_##_name##_lock_ptr

#define scoped_guard(_name, args...)                                                        \
	for (CLASS(_name, scope)(args), *done = NULL; __guard_ptr(_name)(&scope) && !done;  \
	     done = (void *)1)

#define scoped_cond_guard(_name, _fail, args...)                                            \
	for (CLASS(_name, scope)(args), *done = NULL; !done; done = (void *)1)              \
		if (!__guard_ptr(_name)(&scope))                                            \
			_fail;                                                              \
		else

#define __DEFINE_UNLOCK_GUARD(_name, _type, _unlock, ...)                                   \
	typedef struct {                                                                    \
		_type *lock;                                                                \
		__VA_ARGS__;                                                                \
	} class_##_name##_t;                                                                \
	static inline void class_##_name##_destructor(class_##_name##_t *_T)                \
	{                                                                                   \
		if (_T->lock) {                                                             \
			_unlock;                                                            \
		}                                                                           \
	}                                                                                   \
	static inline void *class_##_name##_lock_ptr(class_##_name##_t *_T)                 \
	{                                                                                   \
		return (void *)_T->lock;                                                    \
	}

#define __DEFINE_LOCK_GUARD_1(_name, _type, _lock)                                          \
	static inline class_##_name##_t class_##_name##_constructor(_type *l)               \
	{                                                                                   \
		class_##_name##_t _t = { .lock = l }, *_T = &_t;                            \
		_lock;                                                                      \
		linux_guard_site = NULL;                                                    \
		return _t;                                                                  \
	}
#define __DEFINE_LOCK_GUARD_0(_name, _lock)                                                 \
	static inline class_##_name##_t class_##_name##_constructor(void)                   \
	{                                                                                   \
		class_##_name##_t _t = { .lock = (void *)1 }, *_T __maybe_unused = &_t;     \
		_lock;                                                                      \
		linux_guard_site = NULL;                                                    \
		return _t;                                                                  \
	}
#define DEFINE_LOCK_GUARD_1(_name, _type, _lock, _unlock, ...)                              \
	__DEFINE_UNLOCK_GUARD(_name, _type, _unlock, __VA_ARGS__)                           \
	__DEFINE_LOCK_GUARD_1(_name, _type, _lock)
#define DEFINE_LOCK_GUARD_0(_name, _lock, _unlock, ...)                                     \
	__DEFINE_UNLOCK_GUARD(_name, void, _unlock, __VA_ARGS__)                            \
	__DEFINE_LOCK_GUARD_0(_name, _lock)
#define DEFINE_LOCK_GUARD_1_COND(_name, _ext, _condlock)                                    \
	EXTEND_CLASS(_name, _ext, ({                                                        \
			     class_##_name##_t _t = { .lock = l }, *_T = &_t;               \
			     if (_T->lock && !(_condlock))                                  \
				     _T->lock = NULL;                                       \
			     _t;                                                            \
		     }),                                                                    \
		     __typeof__(((class_##_name##_t *)0)->lock) l)                          \
	static inline void *class_##_name##_ext##_lock_ptr(class_##_name##_t *_T)           \
	{                                                                                   \
		return class_##_name##_lock_ptr(_T);                                        \
	}

#endif /* _LINUX_COMPAT_CLEANUP_H */
