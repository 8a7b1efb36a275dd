/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_MATH64_H
#define _LINUX_COMPAT_MATH64_H

#include <linux/types.h>

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}
static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}
static inline s64 div_s64(s64 dividend, s32 divisor)
{
	return dividend / divisor;
}
static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}
static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}
#define do_div(n, base)                                                                     \
	({                                                                                  \
		u32 __base = (base);                                                        \
		u32 __rem = (u32)((n) % __base);                                            \
		(n) = (n) / __base;                                                         \
		__rem;                                                                      \
	})
#define DIV64_U64_ROUND_UP(ll, d) (((ll) + (d) - 1) / (d))
static inline u64 mul_u64_u32_div(u64 a, u32 mul, u32 divisor)
{
	return (u64)(((unsigned __int128)a * mul) / divisor);
}

#endif
