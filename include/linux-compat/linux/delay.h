/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sleeps take virtual time and are scheduling points; busy-waits take virtual time only. */
#ifndef _LINUX_COMPAT_DELAY_H
#define _LINUX_COMPAT_DELAY_H

#include <linux/types.h>

void msleep(unsigned int msecs);
unsigned long msleep_interruptible(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
void fsleep(unsigned long usecs);
void ssleep(unsigned int seconds);
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);
#define mdelay(n) udelay((n) * 1000UL)

#endif
