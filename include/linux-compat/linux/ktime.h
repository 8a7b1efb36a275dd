/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every clock reads the run's virtual time, so traces do not depend on the host. */
#ifndef _LINUX_COMPAT_KTIME_H
#define _LINUX_COMPAT_KTIME_H

#include <linux/types.h>
#include <linux/jiffies.h>

typedef s64 ktime_t;

#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define NSEC_PER_SEC 1000000000L
#define USEC_PER_MSEC 1000L
#define USEC_PER_SEC 1000000L
#define MSEC_PER_SEC 1000L

u64 linux_now_ns(void);
static inline ktime_t ktime_get(void)
{
	return (ktime_t)linux_now_ns();
}
#define ktime_get_boottime ktime_get
#define ktime_get_raw ktime_get
#define ktime_get_real ktime_get
static inline u64 ktime_get_ns(void)
{
	return linux_now_ns();
}
#define ktime_get_real_ns ktime_get_ns
#define ktime_get_boottime_ns ktime_get_ns
#define ktime_get_raw_ns ktime_get_ns
static inline time64_t __linux_seconds(void)
{
	return (time64_t)(linux_now_ns() / NSEC_PER_SEC);
}
#define ktime_get_seconds __linux_seconds
#define ktime_get_real_seconds __linux_seconds
#define ktime_add(a, b) ((a) + (b))
#define ktime_sub(a, b) ((a) - (b))
#define ktime_add_ns(k, ns) ((k) + (ns))
#define ktime_add_us(k, us) ((k) + (us) * NSEC_PER_USEC)
#define ktime_add_ms(k, ms) ((k) + (ms) * NSEC_PER_MSEC)
#define ktime_to_ns(k) ((s64)(k))
#define ktime_to_us(k) ((s64)(k) / NSEC_PER_USEC)
#define ktime_to_ms(k) ((s64)(k) / NSEC_PER_MSEC)
#define ms_to_ktime(ms) ((ktime_t)(ms) * NSEC_PER_MSEC)
#define ns_to_ktime(ns) ((ktime_t)(ns))
#define ktime_compare(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)
#define ktime_after(a, b) ((a) > (b))
#define ktime_before(a, b) ((a) < (b))
#define ktime_ms_delta(a, b) ktime_to_ms((a) - (b))
#define ktime_us_delta(a, b) ktime_to_us((a) - (b))

#endif
