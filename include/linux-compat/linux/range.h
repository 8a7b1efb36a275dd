/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_RANGE_H
#define _LINUX_COMPAT_RANGE_H

#include <linux/types.h>

struct range {
	u64 start;
	u64 end;
};
#define DEFINE_RANGE(_start, _end) ((struct range){ .start = (_start), .end = (_end) })

static inline u64 range_len(const struct range *range)
{
	return range->end - range->start + 1;
}
static inline bool range_contains(const struct range *r1, const struct range *r2)
{
	return r1->start <= r2->start && r1->end >= r2->end;
}
static inline bool range_overlaps(const struct range *r1, const struct range *r2)
{
	return r1->start <= r2->end && r1->end >= r2->start;
}

#endif
