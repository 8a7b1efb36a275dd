/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Workqueues are the runtime's (src/sim/workqueue.c): every item runs in a
 * worker task, queueing and flushing are scheduling points.  A struct
 * workqueue_struct * is the runtime's workqueue; system_wq and friends are the
 * running simulation's.
 */
#ifndef _LINUX_COMPAT_WORKQUEUE_H
#define _LINUX_COMPAT_WORKQUEUE_H

#include <linux/workqueue_types.h>
#include <linux/compiler.h>

struct workqueue_struct;

struct delayed_work {
	struct work_struct work;
};

#define WQ_UNBOUND (1 << 1)
#define WQ_FREEZABLE (1 << 2)
#define WQ_MEM_RECLAIM (1 << 3)
#define WQ_HIGHPRI (1 << 4)
#define WQ_CPU_INTENSIVE (1 << 5)
#define WQ_SYSFS (1 << 6)
#define WQ_POWER_EFFICIENT (1 << 7)
#define __WQ_ORDERED (1 << 17)
#define WQ_MAX_ACTIVE 512

void __linux_init_work(struct work_struct *work, work_func_t func, const char *name);
#define INIT_WORK(w, f) __linux_init_work((w), (f), #f)
#define INIT_DELAYED_WORK(dw, f) __linux_init_work(&(dw)->work, (f), #f)
#define INIT_WORK_ONSTACK INIT_WORK
#define INIT_DELAYED_WORK_ONSTACK INIT_DELAYED_WORK
#define __WORK_INITIALIZER(n, f) { .func = (f), .name = #f }
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)
#define DECLARE_DELAYED_WORK(n, f) struct delayed_work n = { .work = __WORK_INITIALIZER(n, f) }
#define to_delayed_work(w) container_of(w, struct delayed_work, work)
#define destroy_work_on_stack(w) do { } while (0)
#define destroy_delayed_work_on_stack(w) do { } while (0)

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
	__printf(1, 4);
#define alloc_ordered_workqueue(fmt, flags, args...)                                        \
	alloc_workqueue(fmt, __WQ_ORDERED | (flags), 1, ##args)
#define create_workqueue(name) alloc_workqueue("%s", WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name) alloc_ordered_workqueue("%s", WQ_MEM_RECLAIM, name)
void destroy_workqueue(struct workqueue_struct *wq);
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay);
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
		      unsigned long delay);
#define queue_work_on(cpu, wq, work) queue_work(wq, work)
bool flush_work(struct work_struct *work);
bool flush_delayed_work(struct delayed_work *dwork);
void flush_workqueue(struct workqueue_struct *wq);
#define drain_workqueue flush_workqueue
bool cancel_work_sync(struct work_struct *work);
bool cancel_work(struct work_struct *work);
bool cancel_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work_sync(struct delayed_work *dwork);
bool work_pending(const struct work_struct *work);
#define delayed_work_pending(dw) work_pending(&(dw)->work)
bool work_busy(struct work_struct *work);

struct workqueue_struct *linux_system_wq(int which);
#define system_wq linux_system_wq(0)
#define system_long_wq linux_system_wq(0)
#define system_highpri_wq linux_system_wq(0)
#define system_unbound_wq linux_system_wq(1)
#define system_freezable_wq linux_system_wq(1)
#define system_power_efficient_wq linux_system_wq(1)
#define schedule_work(w) queue_work(system_wq, (w))
#define schedule_delayed_work(dw, d) queue_delayed_work(system_wq, (dw), (d))
#define flush_scheduled_work() flush_workqueue(system_wq)
#define current_work() ((struct work_struct *)0)

#endif
