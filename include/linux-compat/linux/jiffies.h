/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* jiffies are virtual time: HZ of them per virtual second since the run began. */
#ifndef _LINUX_COMPAT_JIFFIES_H
#define _LINUX_COMPAT_JIFFIES_H

#include <linux/types.h>

#define HZ 1000
#define MAX_JIFFY_OFFSET ((long)(~0UL >> 1) - 1)
unsigned long linux_jiffies(void);
#define jiffies linux_jiffies()
#define jiffies_64 ((u64)linux_jiffies())
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return m;
}
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j;
}
static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return (u + 999) / 1000;
}
static inline u64 jiffies_to_nsecs(unsigned long j)
{
	return (u64)j * 1000000ULL;
}
#define secs_to_jiffies(s) ((unsigned long)(s) * HZ)
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)

#endif
