/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_LOG2_H
#define _LINUX_COMPAT_LOG2_H

#include <linux/bitops.h>

static inline int __ilog2_u64(u64 n)
{
	return fls64(n) - 1;
}
#define ilog2(n) __ilog2_u64((u64)(n))
#define is_power_of_2(n) ((n) != 0 && (((n) & ((n) - 1)) == 0))
static inline u64 __roundup_pow_of_two(u64 n)
{
	return n <= 1 ? 1 : 1ULL << fls64(n - 1);
}
#define roundup_pow_of_two(n) __roundup_pow_of_two(n)
#define rounddown_pow_of_two(n) (1ULL << ilog2(n))
#define order_base_2(n) ((n) > 1 ? ilog2((n) - 1) + 1 : 0)

#endif
