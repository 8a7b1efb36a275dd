/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_CONTAINER_OF_H
#define _LINUX_COMPAT_CONTAINER_OF_H

#include <stddef.h>

#undef container_of
#define container_of(ptr, type, member)                                                     \
	({                                                                                  \
		void *__mptr = (void *)(ptr);                                               \
		((type *)((char *)__mptr - offsetof(type, member)));                        \
	})
#define container_of_const(ptr, type, member)                                               \
	_Generic(ptr, const __typeof__(*(ptr)) *: ((const type *)container_of(ptr, type, member)), \
		 default: ((type *)container_of(ptr, type, member)))

#endif
