// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Workqueues and the async domain, on tasks.
 *
 * An unbound workqueue runs each work item in a task of its own, so items
 * interleave with everything else as they can in the kernel; a work item is
 * never run twice at once (queueing it while it runs marks it pending and its
 * running task runs it again).  An ordered workqueue has one worker that runs
 * items in queueing order.
 */
#include <stdlib.h>

#include "sim_internal.h"

void cxlsim__workqueues_init(struct sim *s)
{
	INIT_LIST_HEAD(&s->workqueues);
	s->system_wq = sim_alloc_workqueue(s, "events", 0);
	s->system_unbound_wq = sim_alloc_workqueue(s, "events_unbound", 0);
}

void cxlsim__workqueues_free(struct sim *s)
{
	struct sim_workqueue *wq, *n;

	list_for_each_entry_safe(wq, n, &s->workqueues, all_node)
		free(wq);
	INIT_LIST_HEAD(&s->workqueues);
	s->system_wq = s->system_unbound_wq = NULL;
}

struct sim_workqueue *sim_alloc_workqueue(struct sim *s, const char *name, unsigned int flags)
{
	struct sim_workqueue *wq = calloc(1, sizeof(*wq));

	if (!wq)
		return NULL;
	wq->name = sim_intern(s, name);
	wq->flags = flags;
	INIT_LIST_HEAD(&wq->pending);
	sim_waitq_init(s, &wq->idle, name);
	list_add_tail(&wq->all_node, &s->workqueues);
	return wq;
}

uint32_t sim_workqueue_busy(const struct sim *s)
{
	const struct sim_workqueue *wq;

	list_for_each_entry(wq, &s->workqueues, all_node)
		if (wq->active)
			return wq->name;
	return 0;
}

struct sim_workqueue *sim_system_wq(struct sim *s)
{
	return s->system_wq;
}

struct sim_workqueue *sim_system_unbound_wq(struct sim *s)
{
	return s->system_unbound_wq;
}

void sim_init_work(struct sim *s, struct sim_work *w, const char *name, sim_work_fn fn)
{
	w->fn = fn;
	w->wq = NULL;
	INIT_LIST_HEAD(&w->entry);
	w->name = sim_intern(s, name);
	w->pending = false;
	w->running = false;
	w->ambient = false;
	sim_waitq_init_id(&w->done, w->name);
	/*
	 * Two keys for the footprints: the name for the work's state (pending,
	 * running, its queue), and "NAME/busy" for what a flush waits on,
	 * written only when the work goes from idle to busy or back.  A flush
	 * is then independent of what does not change that (starting a queued
	 * work, queueing it again while it runs).  Works are set up on every
	 * run: the second name is formatted only when footprints are recorded.
	 */
	if (sim_footprints(s))
		w->done.key = sim_internf(s, "%s/busy", name);
}

bool sim_work_pending(const struct sim_work *w)
{
	return w->pending;
}

static void work_finished(struct sim *s, struct sim_workqueue *wq)
{
	sim_touch(s, wq->name, true);
	if (!--wq->active)
		sim_waitq_wake_all(s, &wq->idle);
}

static void run_one(struct sim *s, struct sim_work *w)
{
	sim_touch(s, w->name, true);
	w->pending = false;
	w->running = true;
	sim_trace(s, "work-start", w->name, 0, 0);
	if (w->ambient)
		sim_ambient_push(s, w->ambient_key);
	else
		sim_ambient_suspend(s);
	w->fn(w);
	sim_ambient_pop(s);
	sim_trace(s, "work-end", w->name, 0, 0);
	sim_touch(s, w->name, true);
	w->running = false;
	/* Queued again while it ran, a flusher wakes only to wait again. */
	sim_waitq_wake_all(s, &w->done);
}

static void unbound_worker(void *arg)
{
	struct sim_work *w = arg;
	struct sim *s = sim_current();

	do {
		struct sim_workqueue *wq = w->wq;

		run_one(s, w);
		work_finished(s, wq);
	} while (w->pending);
}

static void ordered_worker(void *arg)
{
	struct sim_workqueue *wq = arg;
	struct sim *s = sim_current();

	while (!list_empty(&wq->pending)) {
		struct sim_work *w = list_first_entry(&wq->pending, struct sim_work, entry);

		list_del_init(&w->entry);
		run_one(s, w);
		work_finished(s, wq);
	}
	wq->worker = NULL;
}

/* The key @w's function will run under: that of the code queueing it. */
static void work_set_ambient(struct sim *s, struct sim_work *w)
{
	w->ambient = sim_ambient_now(s, &w->ambient_key);
}

/* Queued again before it ran: it runs for both queuers, under both keys.  True if that changed. */
static bool work_add_ambient(struct sim *s, struct sim_work *w)
{
	uint32_t key;

	if (!sim_ambient_now(s, &key) ||
	    (w->ambient && (w->ambient_key == key || w->ambient_key == SIM_TOUCH_ALL)))
		return false;
	w->ambient_key = w->ambient ? SIM_TOUCH_ALL : key;
	w->ambient = true;
	return true;
}

/* @own_key: take the key of the running code (not for a timer's expiry). */
static bool queue_work(struct sim *s, struct sim_workqueue *wq, struct sim_work *w, bool own_key)
{
	if (w->pending) {
		/* Already queued: the queue stays as it is, a read of it. */
		bool changed = own_key && work_add_ambient(s, w);

		sim_touch(s, w->name, changed);
		sim_touch(s, wq->name, false);
		return false;
	}
	sim_touch(s, w->name, true);
	sim_touch(s, wq->name, true);
	if (!w->running)
		sim_touch(s, w->done.key, true);	/* idle to busy */
	if (own_key)
		work_set_ambient(s, w);
	w->pending = true;
	w->wq = wq;
	wq->active++;
	sim_trace(s, "queue-work", w->name, wq->name, 0);
	/* A worker's own code is ours; each work function runs under its queuer's key. */
	sim_ambient_suspend(s);
	if (wq->flags & SIM_WQ_ORDERED) {
		list_add_tail(&w->entry, &wq->pending);
		if (!wq->worker)
			wq->worker = sim_spawn_id(s, sim_intern_prefixed(s, "kworker/", wq->name),
						  ordered_worker, wq);
	} else if (!w->running) {
		sim_spawn_id(s, sim_intern_prefixed(s, "kworker/u:", w->name), unbound_worker, w);
	}
	sim_ambient_pop(s);
	return true;
}

bool sim_queue_work(struct sim *s, struct sim_workqueue *wq, struct sim_work *w)
{
	return queue_work(s, wq, w, true);
}

/* A delayed work's timer, in scratch memory: the public struct stays runtime-agnostic. */
struct delayed_timer {
	struct sim_timer timer;
	struct sim_delayed_work *dw;
};

void sim_init_delayed_work(struct sim *s, struct sim_delayed_work *dw, const char *name,
			   sim_work_fn fn)
{
	sim_init_work(s, &dw->work, name, fn);
	dw->target = NULL;
	dw->expires = 0;
	dw->timer = NULL;
}

static void delayed_timer_fn(struct sim *s, struct sim_timer *t)
{
	struct delayed_timer *dt = container_of(t, struct delayed_timer, timer);
	struct sim_delayed_work *dw = dt->dw;

	dw->timer = NULL;
	sim_scratch_free(s, dt);
	/* Under the key of whoever queued it, not of the task the timer fired in. */
	queue_work(s, dw->target, &dw->work, false);
}

bool sim_queue_delayed_work(struct sim *s, struct sim_workqueue *wq, struct sim_delayed_work *dw,
			    uint64_t delay_ns)
{
	struct delayed_timer *dt;

	sim_touch(s, dw->work.name, true);
	sim_touch_name(s, "timers", true);
	if (dw->work.pending || dw->timer)
		return false;
	if (!delay_ns)
		return sim_queue_work(s, wq, &dw->work);
	dt = sim_scratch_alloc(s, sizeof(*dt));
	if (!dt)
		return false;
	work_set_ambient(s, &dw->work);
	dt->dw = dw;
	dt->timer.fn = delayed_timer_fn;
	INIT_LIST_HEAD(&dt->timer.node);
	dw->target = wq;
	dw->expires = s->now + delay_ns;
	dw->timer = dt;
	cxlsim__timer_arm(s, &dt->timer, dw->expires);
	sim_trace(s, "queue-delayed-work", dw->work.name, wq->name, (int32_t)(delay_ns / 1000000));
	return true;
}

bool sim_cancel_delayed_work(struct sim *s, struct sim_delayed_work *dw)
{
	struct delayed_timer *dt = dw->timer;

	sim_touch(s, dw->work.name, true);
	sim_touch_name(s, "timers", true);
	if (dt) {
		cxlsim__timer_cancel(s, &dt->timer);
		sim_scratch_free(s, dt);
		dw->timer = NULL;
		return true;
	}
	if (dw->work.pending && (dw->work.wq->flags & SIM_WQ_ORDERED)) {
		list_del_init(&dw->work.entry);
		dw->work.pending = false;
		work_finished(s, dw->work.wq);
		if (!dw->work.running)
			sim_touch(s, dw->work.done.key, true);	/* busy to idle */
		return true;
	}
	return false;
}

bool sim_flush_work(struct sim *s, struct sim_work *w)
{
	bool waited = false;

	/* Idle or busy is all it reads (the key of w->done, see sim_init_work()). */
	sim_touch(s, w->done.key, false);
	while (w->pending || w->running) {
		waited = true;
		sim_waitq_sleep(s, &w->done);
	}
	return waited;
}

void sim_flush_workqueue(struct sim *s, struct sim_workqueue *wq)
{
	sim_touch(s, wq->name, false);
	sim_wait_event(s, &wq->idle, !wq->active);
}

/* ---- async domain ---- */

struct async_entry {
	sim_async_fn fn;
	void *data;
	sim_async_cookie_t cookie;
};

static void async_run(void *arg)
{
	struct async_entry e = *(struct async_entry *)arg;
	struct sim *s = sim_current();

	sim_scratch_free(s, arg);
	e.fn(e.data, e.cookie);
	sim_busy_dec(s, &s->async_pending);
}

sim_async_cookie_t sim_async_schedule(struct sim *s, const char *name, sim_async_fn fn,
				      void *data)
{
	struct async_entry *e = sim_scratch_alloc(s, sizeof(*e));

	if (!e)
		return 0;
	/* The cookie is handed out under the count's key. */
	sim_busy_inc(s, &s->async_pending);
	e->fn = fn;
	e->data = data;
	e->cookie = s->async_next_cookie++;
	if (!sim_spawnf(s, async_run, e, "async:%s", name)) {
		sim_scratch_free(s, e);
		sim_busy_dec(s, &s->async_pending);
		return 0;
	}
	return e->cookie;
}

void sim_async_synchronize_full(struct sim *s)
{
	sim_busy_wait_idle(s, &s->async_pending);
}

unsigned int sim_async_pending(const struct sim *s)
{
	return s->async_pending.count;
}
