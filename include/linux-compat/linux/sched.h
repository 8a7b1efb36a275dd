/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_SCHED_H
#define _LINUX_COMPAT_SCHED_H
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#define TASK_RUNNING 0x0
#define TASK_INTERRUPTIBLE 0x1
#define TASK_UNINTERRUPTIBLE 0x2
#define TASK_KILLABLE 0x102
#define MAX_SCHEDULE_TIMEOUT ((long)(~0UL >> 1))
/* No task is ever signalled. */
#define signal_pending(p) 0
#define fatal_signal_pending(p) 0
#define current ((void *)0)
#define set_current_state(s) do { } while (0)
#define __set_current_state(s) do { } while (0)
long schedule_timeout(long timeout);
#define schedule_timeout_interruptible schedule_timeout
#define schedule_timeout_uninterruptible schedule_timeout
#define schedule() ((void)schedule_timeout(1))
#endif
