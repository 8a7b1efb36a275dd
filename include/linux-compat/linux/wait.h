/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Wait queues are the runtime's: sleeping is a scheduling point.  Set up on first use per run. */
#ifndef _LINUX_COMPAT_WAIT_H
#define _LINUX_COMPAT_WAIT_H

#include <linux/types.h>
#include <linux/spinlock.h>

#include "sim/sim.h"

struct wait_queue_head {
	struct sim_waitq wq;
	const char *name;
	bool ready;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(wqname) { .name = #wqname }
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
void __linux_init_waitqueue_head(wait_queue_head_t *wq, const char *name);
#define init_waitqueue_head(wq) __linux_init_waitqueue_head((wq), #wq)
/* The runtime's wait queue under @wq, set up if this run has not yet. */
struct sim_waitq *linux_waitq(wait_queue_head_t *wq);
void wake_up(wait_queue_head_t *wq);
#define wake_up_all wake_up
#define wake_up_interruptible wake_up
#define wake_up_interruptible_all wake_up

#define wait_event(wq_head, condition)                                                      \
	do {                                                                                \
		struct sim_waitq *__wq = linux_waitq(&(wq_head));                           \
		sim_wait_event(sim_current(), __wq, (condition));                           \
	} while (0)
#define wait_event_interruptible(wq_head, condition) ({ wait_event(wq_head, condition); 0; })
#define wait_event_killable(wq_head, condition) ({ wait_event(wq_head, condition); 0; })
/* No timers run while a task waits on a condition here: timeouts never expire early. */
#define wait_event_timeout(wq_head, condition, timeout) ({ wait_event(wq_head, condition); 1L; })
#define wait_event_interruptible_timeout(wq_head, condition, timeout)                       \
	({ wait_event(wq_head, condition); 1L; })

#endif
