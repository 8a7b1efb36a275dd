// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The thread executor: the runtime's primitives on real threads.  Named
 * tsan_* so that `make check TSAN=1` runs them under ThreadSanitizer.
 * Task bodies never call cmocka's assertions (they longjmp on the test's
 * thread); they record, and the test checks after the run.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_test_util.h"

static struct sim *new_thr_sim(uint64_t max_steps)
{
	struct sim_opts o = { .executor = SIM_EXEC_THREADS, .max_steps = max_steps };
	struct sim *s;

	assert_int_equal(sim_new(&s, &o), 0);
	return s;
}

struct contention {
	struct sim_mutex m;
	int inside, max_inside, counter, iters;
};

static void contend(void *arg)
{
	struct contention *c = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < c->iters; i++) {
		sim_mutex_lock(s, &c->m);
		c->inside++;
		if (c->inside > c->max_inside)
			c->max_inside = c->inside;
		sim_sched_point(s, "inside", 0);
		c->counter++;
		c->inside--;
		sim_mutex_unlock(s, &c->m);
	}
}

CXLSIM_TEST(tsan_threads_mutex_excludes_under_contention)
{
	struct sim *s = new_thr_sim(0);
	struct contention c = { .iters = 200 };
	int i;

	sim_mutex_init(s, &c.m, "m");
	for (i = 0; i < 8; i++)
		sim_spawnf(s, contend, &c, "t%d", i);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	assert_int_equal(c.max_inside, 1);
	assert_int_equal(c.counter, 8 * 200);
	assert_false(sim_mutex_is_locked(&c.m));
	for (i = 0; i < 8; i++)
		assert_int_equal(sim_task_state(sim_task_at(s, (size_t)i)), SIM_TASK_DONE);
	/* Reusable: a second run in the same simulation. */
	sim_reset(s);
	c = (struct contention){ .iters = 50 };
	sim_mutex_init(s, &c.m, "m");
	for (i = 0; i < 4; i++)
		sim_spawnf(s, contend, &c, "t%d", i);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(c.counter, 4 * 50);
	sim_destroy(s);
}

struct compl
{
	struct sim_completion done, one;
	int woken, woken_one, value, seen[3];
};

static void wait_all(void *arg)
{
	struct compl *c = arg;
	struct sim *s = sim_current();
	int me;

	sim_wait_for_completion(s, &c->done);
	me = c->woken++;
	c->seen[me] = c->value;
}

static void complete_it(void *arg)
{
	struct compl *c = arg;
	struct sim *s = sim_current();

	sim_sched_point(s, "before", 0);
	c->value = 42;
	sim_complete_all(s, &c->done);
	sim_complete(s, &c->one);
}

static void wait_one(void *arg)
{
	struct compl *c = arg;

	sim_wait_for_completion(sim_current(), &c->one);
	c->woken_one++;
}

CXLSIM_TEST(tsan_threads_completion_wakes_waiters)
{
	int round;

	for (round = 0; round < 20; round++) {
		struct sim *s = new_thr_sim(0);
		struct compl c = { 0 };

		sim_completion_init(s, &c.done, "done");
		sim_completion_init(s, &c.one, "one");
		sim_spawn(s, "w1", wait_all, &c);
		sim_spawn(s, "w2", wait_all, &c);
		sim_spawn(s, "w3", wait_one, &c);
		sim_spawn(s, "c", complete_it, &c);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(c.woken, 2);
		assert_int_equal(c.woken_one, 1);
		assert_int_equal(c.seen[0], 42);
		assert_int_equal(c.seen[1], 42);
		sim_destroy(s);
	}
}

struct wqt {
	struct sim_work w[6];
	struct sim_delayed_work dw;
	struct sim_workqueue *ordered, *unbound;
	char order[8];
	int n, unbound_runs, queued_ok;
	uint64_t fired_at, slept_until;
};

static struct wqt *cur_wqt;

static void ordered_fn(struct sim_work *w)
{
	struct wqt *t = cur_wqt;

	t->order[t->n++] = (char)('0' + (w - t->w));
	sim_sched_point(sim_current(), "in-work", 0);
}

static void unbound_fn(struct sim_work *w)
{
	sim_sched_point(sim_current(), "in-work", 0);
	cur_wqt->unbound_runs++;
}

static void delayed_fn(struct sim_work *w)
{
	cur_wqt->fired_at = sim_now(sim_current());
}

static void queue_all(void *arg)
{
	struct wqt *t = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 4; i++)
		t->queued_ok += sim_queue_work(s, t->ordered, &t->w[i]);
	for (i = 4; i < 6; i++)
		t->queued_ok += sim_queue_work(s, t->unbound, &t->w[i]);
	t->queued_ok += sim_queue_delayed_work(s, sim_system_wq(s), &t->dw, 5000000000ULL);
	sim_flush_workqueue(s, t->ordered);
	sim_flush_work(s, &t->w[4]);
	sim_flush_work(s, &t->w[5]);
	sim_sleep_ns(s, 1000000);
	t->slept_until = sim_now(s);
}

CXLSIM_TEST(tsan_threads_workqueues_and_virtual_time)
{
	int round;

	for (round = 0; round < 10; round++) {
		struct sim *s = new_thr_sim(0);
		struct wqt t = { 0 };
		int i;

		cur_wqt = &t;
		t.ordered = sim_alloc_workqueue(s, "ordered", SIM_WQ_ORDERED);
		t.unbound = sim_alloc_workqueue(s, "unbound", 0);
		for (i = 0; i < 4; i++)
			sim_init_work(s, &t.w[i], "o", ordered_fn);
		for (i = 4; i < 6; i++)
			sim_init_work(s, &t.w[i], "u", unbound_fn);
		sim_init_delayed_work(s, &t.dw, "timeout", delayed_fn);
		sim_spawn(s, "q", queue_all, &t);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(t.queued_ok, 7);
		assert_string_equal(t.order, "0123");
		assert_int_equal(t.unbound_runs, 2);
		assert_true(t.slept_until >= 1000000);
		/* Every task idle: the host advanced virtual time to the timer. */
		assert_true(t.fired_at >= 5000000000ULL);
		assert_true(t.fired_at < 6000000000ULL);
		sim_destroy(s);
	}
}

static int async_done;

static void async_item(void *data, sim_async_cookie_t cookie)
{
	sim_sched_point(sim_current(), "async-body", 0);
	async_done++;
}

static void async_parent(void *arg)
{
	struct sim *s = sim_current();
	int *after = arg, i;

	for (i = 0; i < 8; i++)
		sim_async_schedule(s, "item", async_item, NULL);
	sim_async_synchronize_full(s);
	*after = async_done;
}

CXLSIM_TEST(tsan_threads_async_synchronize_full)
{
	int round;

	for (round = 0; round < 20; round++) {
		struct sim *s = new_thr_sim(0);
		int after = -1;

		async_done = 0;
		sim_spawn(s, "parent", async_parent, &after);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(after, 8);
		assert_int_equal(sim_async_pending(s), 0);
		sim_destroy(s);
	}
}

struct dl {
	struct sim_mutex a, b;
	struct sim_completion x, y, never;
	int reached;
};

static void waits_forever(void *arg)
{
	struct dl *d = arg;

	sim_wait_for_completion(sim_current(), &d->never);
	d->reached++;
}

CXLSIM_TEST(tsan_threads_deadlock_reported)
{
	struct sim *s = new_thr_sim(0);
	struct dl d = { 0 };
	const struct sim_violation *v;

	sim_completion_init(s, &d.never, "never");
	sim_spawn(s, "w1", waits_forever, &d);
	sim_spawn(s, "w2", waits_forever, &d);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-deadlock"), 1);
	v = sim_violation_get(s, 0);
	assert_non_null(strstr(sim_str(s, v->msg), "w1 waits on completion never"));
	assert_non_null(strstr(sim_str(s, v->msg), "w2 waits on completion never"));
	assert_int_equal(d.reached, 0);
	assert_int_equal(sim_task_state(sim_task_at(s, 0)), SIM_TASK_BLOCKED);
	sim_destroy(s);
}

static void lock_ab(void *arg)
{
	struct dl *d = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &d->a);
	sim_complete(s, &d->x);
	sim_wait_for_completion(s, &d->y);
	sim_mutex_lock(s, &d->b);
	d->reached++;
}

static void lock_ba(void *arg)
{
	struct dl *d = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &d->b);
	sim_complete(s, &d->y);
	sim_wait_for_completion(s, &d->x);
	sim_mutex_lock(s, &d->a);
	d->reached++;
}

CXLSIM_TEST(tsan_threads_lock_cycle_reported)
{
	int round;

	for (round = 0; round < 10; round++) {
		struct sim *s = new_thr_sim(0);
		struct dl d = { 0 };

		sim_mutex_init(s, &d.a, "a");
		sim_mutex_init(s, &d.b, "b");
		sim_completion_init(s, &d.x, "x");
		sim_completion_init(s, &d.y, "y");
		sim_spawn(s, "ab", lock_ab, &d);
		sim_spawn(s, "ba", lock_ba, &d);
		assert_int_equal(sim_run(s), 0);
		assert_true(count_violations(s, "no-deadlock") >= 1);
		assert_non_null(strstr(sim_str(s, sim_violation_get(s, 0)->msg), "lock cycle"));
		assert_int_equal(d.reached, 0);
		assert_true(sim_stopped(s));
		sim_destroy(s);
	}
}

static void spin(void *arg)
{
	for (;;)
		sim_sched_point(sim_current(), "spin", 0);
}

CXLSIM_TEST(tsan_threads_step_bound_stops_every_thread)
{
	struct sim *s = new_thr_sim(5000);
	struct dl d = { 0 };

	sim_completion_init(s, &d.never, "never");
	sim_spawn(s, "spin1", spin, NULL);
	sim_spawn(s, "spin2", spin, NULL);
	sim_spawn(s, "waiter", waits_forever, &d);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-livelock"), 1);
	assert_int_equal(count_violations(s, "no-deadlock"), 0);
	assert_true(sim_steps(s) > 5000);
	sim_destroy(s);
}

static void spawner(void *arg)
{
	struct sim *s = sim_current();
	struct contention *c = arg;
	struct sim_task *t[16];
	int i;

	for (i = 0; i < 16; i++)
		t[i] = sim_spawnf(s, contend, c, "child%d", i);
	for (i = 0; i < 16; i++)
		sim_task_join(s, t[i]);
	c->inside = -100;
}

CXLSIM_TEST(tsan_threads_spawn_and_join_from_tasks)
{
	struct sim *s = new_thr_sim(0);
	struct contention c = { .iters = 20 };

	sim_mutex_init(s, &c.m, "m");
	sim_spawn(s, "parent", spawner, &c);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	assert_int_equal(c.counter, 16 * 20);
	assert_int_equal(c.inside, -100);
	assert_int_equal(sim_task_count(s), 17);
	sim_destroy(s);
}
