/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_MINMAX_H
#define _LINUX_COMPAT_MINMAX_H

#define __linux_cmp(op, x, y)                                                               \
	({                                                                                  \
		__typeof__(x) __x = (x);                                                    \
		__typeof__(y) __y = (y);                                                    \
		__x op __y ? __x : __y;                                                     \
	})
#define min(x, y) __linux_cmp(<, x, y)
#define max(x, y) __linux_cmp(>, x, y)
#define min3(x, y, z) min((__typeof__(x))min(x, y), z)
#define max3(x, y, z) max((__typeof__(x))max(x, y), z)
#define min_t(type, x, y) __linux_cmp(<, (type)(x), (type)(y))
#define max_t(type, x, y) __linux_cmp(>, (type)(x), (type)(y))
#define umin(x, y) min_t(unsigned long long, x, y)
#define umax(x, y) max_t(unsigned long long, x, y)
#define min_not_zero(x, y)                                                                  \
	({                                                                                  \
		__typeof__(x) __a = (x);                                                    \
		__typeof__(y) __b = (y);                                                    \
		__a == 0 ? __b : ((__b == 0) ? __a : min(__a, __b));                        \
	})
#define clamp(val, lo, hi) min((__typeof__(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi) clamp_t(__typeof__(val), val, lo, hi)
#define swap(a, b)                                                                          \
	do {                                                                                \
		__typeof__(a) __tmp = (a);                                                  \
		(a) = (b);                                                                  \
		(b) = __tmp;                                                                \
	} while (0)
#define in_range(val, start, len) ((val) >= (start) && (val) - (start) < (len))

#endif
