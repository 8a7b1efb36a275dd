/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_RCUWAIT_H
#define _LINUX_COMPAT_RCUWAIT_H

#include <linux/wait.h>

struct rcuwait {
	wait_queue_head_t wq;
};
#define __RCUWAIT_INITIALIZER(name) { .wq = __WAIT_QUEUE_HEAD_INITIALIZER(name) }
static inline void rcuwait_init(struct rcuwait *w)
{
	__linux_init_waitqueue_head(&w->wq, "rcuwait");
}
static inline int rcuwait_wake_up(struct rcuwait *w)
{
	wake_up(&w->wq);
	return 1;
}
#define rcuwait_wait_event(w, condition, state) ({ wait_event((w)->wq, condition); 0; })

#endif
