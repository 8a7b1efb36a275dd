// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Workqueues on the runtime's (src/sim/workqueue.c): a work item's function
 * runs in a worker task, queueing and flushing are scheduling points.  Every
 * work_struct carries a runtime delayed work, set up on first use in a run.
 */
#include <linux/workqueue.h>
#include <linux/async.h>
#include <linux/sprintf.h>
#include <linux/printk.h>
#include <linux/jiffies.h>

static void work_trampoline(struct sim_work *w)
{
	struct work_struct *work = container_of(w, struct work_struct, sdw.work);

	work->func(work);
}

static struct sim_delayed_work *sdw(struct work_struct *work)
{
	if (!work->ready) {
		sim_init_delayed_work(sim_current(), &work->sdw, work->name ? work->name : "work",
				      work_trampoline);
		work->ready = true;
	}
	return &work->sdw;
}

void __linux_init_work(struct work_struct *work, work_func_t func, const char *name)
{
	memset(work, 0, sizeof(*work));
	work->func = func;
	work->name = name;
}

static struct sim_workqueue *swq(struct workqueue_struct *wq)
{
	return (struct sim_workqueue *)wq;
}

struct workqueue_struct *linux_system_wq(int which)
{
	struct sim *s = sim_current();

	return (struct workqueue_struct *)(which ? sim_system_unbound_wq(s) : sim_system_wq(s));
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	char name[64];
	va_list ap;

	va_start(ap, max_active);
	linux_vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	return (struct workqueue_struct *)sim_alloc_workqueue(
		sim_current(), name, (flags & __WQ_ORDERED) || max_active == 1 ? SIM_WQ_ORDERED : 0);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	/* Owned by the simulation; what is queued is finished first, as the kernel does. */
	sim_flush_workqueue(sim_current(), swq(wq));
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return sim_queue_work(sim_current(), swq(wq), &sdw(work)->work);
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay)
{
	struct sim *s = sim_current();

	if (!delay)
		return sim_queue_work(s, swq(wq), &sdw(&dwork->work)->work);
	return sim_queue_delayed_work(s, swq(wq), sdw(&dwork->work), jiffies_to_nsecs(delay));
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
		      unsigned long delay)
{
	bool pending = sim_cancel_delayed_work(sim_current(), sdw(&dwork->work));

	queue_delayed_work(wq, dwork, delay);
	return pending;
}

bool flush_work(struct work_struct *work)
{
	return sim_flush_work(sim_current(), &sdw(work)->work);
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	return flush_work(&dwork->work);
}

void flush_workqueue(struct workqueue_struct *wq)
{
	sim_flush_workqueue(sim_current(), swq(wq));
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	return sim_cancel_delayed_work(sim_current(), sdw(&dwork->work));
}

bool cancel_work(struct work_struct *work)
{
	return cancel_delayed_work(to_delayed_work(work));
}

bool cancel_work_sync(struct work_struct *work)
{
	struct sim *s = sim_current();
	bool pending = sim_cancel_delayed_work(s, sdw(work));

	sim_flush_work(s, &work->sdw.work);
	return pending;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return cancel_work_sync(&dwork->work);
}

bool work_pending(const struct work_struct *work)
{
	return work->ready && sim_work_pending(&work->sdw.work);
}

bool work_busy(struct work_struct *work)
{
	return work->ready && (work->sdw.work.pending || work->sdw.work.running);
}

/* ---- the async domain ---- */

async_cookie_t __linux_async_schedule(async_func_t func, void *data, const char *name)
{
	return sim_async_schedule(sim_current(), name, (sim_async_fn)func, data);
}

void async_synchronize_full(void)
{
	sim_async_synchronize_full(sim_current());
}
