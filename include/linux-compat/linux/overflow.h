/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_OVERFLOW_H
#define _LINUX_COMPAT_OVERFLOW_H

#include <linux/limits.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d) __builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)
#define overflows_type(n, T) ({ __typeof__(T) __t; __builtin_add_overflow(n, 0, &__t); })

static inline size_t size_mul(size_t a, size_t b)
{
	size_t r;

	return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}
static inline size_t size_add(size_t a, size_t b)
{
	size_t r;

	return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}
static inline size_t size_sub(size_t a, size_t b)
{
	size_t r;

	return (a == SIZE_MAX || b == SIZE_MAX || __builtin_sub_overflow(a, b, &r)) ? SIZE_MAX : r;
}
#define array_size(a, b) size_mul(a, b)
#define array3_size(a, b, c) size_mul(size_mul(a, b), c)
#define struct_size(p, member, count)                                                       \
	size_add(sizeof(*(p)), size_mul(sizeof(*(p)->member), (count)))
#define struct_size_t(type, member, count) struct_size((type *)NULL, member, count)
#define flex_array_size(p, member, count) size_mul(sizeof(*(p)->member), (count))

#endif
