/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Scope-based cleanup in the spirit of include/linux/cleanup.h, on the
 * compiler's cleanup attribute: __free(name) runs a destructor when the
 * variable leaves scope, no_free_ptr()/return_ptr() hand ownership out, and
 * guard(name)(lock) holds a lock to the end of the scope.
 */
#ifndef CXLSIM_BUS_CLEANUP_H
#define CXLSIM_BUS_CLEANUP_H

#include "bus/device.h"

#define DEFINE_FREE(_name, _type, _free)                                                \
	static inline void __free_##_name(void *p)                                     \
	{                                                                               \
		_type _T = *(_type *)p;                                                 \
		_free;                                                                  \
	}

#define __free(_name) __attribute__((cleanup(__free_##_name)))

#define no_free_ptr(p)                                                                  \
	({                                                                              \
		__typeof__(p) __ptr = (p);                                              \
		(p) = NULL;                                                             \
		__ptr;                                                                  \
	})

#define return_ptr(p) return no_free_ptr(p)

#define __CLEANUP_CAT2(a, b) a##b
#define __CLEANUP_CAT(a, b) __CLEANUP_CAT2(a, b)
#define __UNIQUE_ID(prefix) __CLEANUP_CAT(__UNIQUE_ID_##prefix, __COUNTER__)

/* DEFINE_GUARD(name, type, lock, unlock): guard(name)(obj) locks now, unlocks at scope end. */
#define DEFINE_GUARD(_name, _type, _lock, _unlock)                                      \
	typedef _type class_##_name##_t;                                                \
	static inline void class_##_name##_destructor(_type *p)                         \
	{                                                                               \
		_type _T = *p;                                                          \
		if (_T) {                                                               \
			_unlock;                                                        \
		}                                                                       \
	}                                                                               \
	static inline _type class_##_name##_constructor(_type _T)                       \
	{                                                                               \
		_lock;                                                                  \
		return _T;                                                              \
	}

#define guard(_name)                                                                    \
	class_##_name##_t __UNIQUE_ID(guard)                                            \
		__attribute__((cleanup(class_##_name##_destructor), unused)) =          \
			class_##_name##_constructor

/*
 * The device guard records its caller as the lock's site: the constructor is
 * a macro over one that takes the site, so guard(device)(dev) expands it
 * where the guard is written.
 */
typedef struct device *class_device_t;
static inline void class_device_destructor(struct device **p)
{
	if (*p)
		device_unlock(*p);
}
static inline struct device *class_device_constructor_at(struct device *dev,
							 const struct sim_site *site)
{
	device_lock_at(dev, site);
	return dev;
}
#define class_device_constructor(dev) class_device_constructor_at((dev), SIM_SITE_HERE)

DEFINE_FREE(put_device, struct device *, if (_T) put_device(_T))

#endif /* CXLSIM_BUS_CLEANUP_H */
