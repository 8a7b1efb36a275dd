// SPDX-License-Identifier: LGPL-2.1-or-later
/* Sleeping primitives, workqueues, async domain, time and lifetime tracking. */
#include <stdlib.h>
#include <string.h>

#include "sim_test_util.h"

struct shared {
	struct sim_mutex a, b;
	struct sim_completion done;
	int inside, max_inside, counter;
};

static void critical(void *arg)
{
	struct shared *sh = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 3; i++) {
		sim_mutex_lock(s, &sh->a);
		sh->inside++;
		if (sh->inside > sh->max_inside)
			sh->max_inside = sh->inside;
		sim_sched_point(s, "inside", 0);
		sh->counter++;
		sh->inside--;
		sim_mutex_unlock(s, &sh->a);
	}
}

CXLSIM_TEST(mutex_excludes_on_every_schedule)
{
	uint64_t seed;

	for (seed = 0; seed < 200; seed++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(seed, &st);
		struct shared sh = { 0 };
		int i;

		sim_mutex_init(s, &sh.a, "a");
		for (i = 0; i < 4; i++)
			sim_spawnf(s, critical, &sh, "t%d", i);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sh.max_inside, 1);
		assert_int_equal(sh.counter, 12);
		assert_int_equal(sim_violation_count(s), 0);
		free_sim(s, st);
	}
}

static void lock_ab(void *arg)
{
	struct shared *sh = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &sh->a);
	sim_mutex_lock(s, &sh->b);
	sim_mutex_unlock(s, &sh->b);
	sim_mutex_unlock(s, &sh->a);
}

static void lock_ba(void *arg)
{
	struct shared *sh = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &sh->b);
	sim_mutex_lock(s, &sh->a);
	sim_mutex_unlock(s, &sh->a);
	sim_mutex_unlock(s, &sh->b);
}

CXLSIM_TEST(lock_order_inversion_found_and_reported)
{
	uint64_t seed;
	int deadlocks = 0, clean = 0;

	for (seed = 0; seed < 200; seed++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(seed, &st);
		struct shared sh = { 0 };

		sim_mutex_init(s, &sh.a, "lock_a");
		sim_mutex_init(s, &sh.b, "lock_b");
		sim_spawn(s, "ab", lock_ab, &sh);
		sim_spawn(s, "ba", lock_ba, &sh);
		assert_int_equal(sim_run(s), 0);
		if (count_violations(s, "no-deadlock")) {
			const char *msg = sim_str(s, sim_violation_get(s, 0)->msg);

			assert_non_null(strstr(msg, "lock cycle"));
			deadlocks++;
		} else {
			clean++;
		}
		free_sim(s, st);
	}
	assert_true(deadlocks > 0);
	assert_true(clean > 0);
}

static void self_deadlock(void *arg)
{
	struct shared *sh = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &sh->a);
	sim_mutex_lock(s, &sh->a);
}

CXLSIM_TEST(recursive_lock_reported)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);
	struct shared sh = { 0 };

	sim_mutex_init(s, &sh.a, "a");
	sim_spawn(s, "t", self_deadlock, &sh);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-deadlock"), 1);
	free_sim(s, st);
}

static void waits_forever(void *arg)
{
	struct shared *sh = arg;

	sim_wait_for_completion(sim_current(), &sh->done);
}

CXLSIM_TEST(global_deadlock_names_blocked_tasks)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);
	struct shared sh = { 0 };
	const char *msg;

	sim_completion_init(s, &sh.done, "never_done");
	sim_spawn(s, "waiter", waits_forever, &sh);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-deadlock"), 1);
	msg = sim_str(s, sim_violation_get(s, 0)->msg);
	assert_non_null(strstr(msg, "waiter waits on completion never_done"));
	free_sim(s, st);
}

static void completer(void *arg)
{
	struct shared *sh = arg;

	sh->counter = 42;
	sim_complete_all(sim_current(), &sh->done);
}

CXLSIM_TEST(completion_wakes_all_waiters)
{
	uint64_t seed;

	for (seed = 0; seed < 50; seed++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(seed, &st);
		struct shared sh = { 0 };

		sim_completion_init(s, &sh.done, "done");
		sim_spawn(s, "w1", waits_forever, &sh);
		sim_spawn(s, "w2", waits_forever, &sh);
		sim_spawn(s, "c", completer, &sh);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(sh.counter, 42);
		free_sim(s, st);
	}
}

struct wq_test {
	struct sim_work w[4];
	struct sim_delayed_work dw;
	struct sim_workqueue *wq;
	char order[16];
	int n;
	uint64_t fired_at;
};

static struct wq_test *the_wq_test;

static void record_work(struct sim_work *w)
{
	struct wq_test *t = the_wq_test;

	t->order[t->n++] = (char)('0' + (w - t->w));
	sim_sched_point(sim_current(), "in-work", 0);
}

static void queue_four(void *arg)
{
	struct wq_test *t = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 4; i++)
		assert_true(sim_queue_work(s, t->wq, &t->w[i]));
	assert_false(sim_queue_work(s, t->wq, &t->w[3]) && t->w[3].running == false &&
		     t->w[3].pending == false);
	sim_flush_workqueue(s, t->wq);
	assert_int_equal(t->n, 4);
}

CXLSIM_TEST(ordered_workqueue_runs_in_order)
{
	uint64_t seed;

	for (seed = 0; seed < 50; seed++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(seed, &st);
		struct wq_test t = { 0 };
		int i;

		the_wq_test = &t;
		t.wq = sim_alloc_workqueue(s, "ordered", SIM_WQ_ORDERED);
		for (i = 0; i < 4; i++)
			sim_init_work(s, &t.w[i], "w", record_work);
		sim_spawn(s, "q", queue_four, &t);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_string_equal(t.order, "0123");
		free_sim(s, st);
	}
}

CXLSIM_TEST(unbound_workqueue_interleaves_items)
{
	uint64_t seed;
	bool saw_other_order = false;

	for (seed = 0; seed < 50; seed++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(seed, &st);
		struct wq_test t = { 0 };
		int i;

		the_wq_test = &t;
		t.wq = sim_alloc_workqueue(s, "unbound", 0);
		for (i = 0; i < 4; i++)
			sim_init_work(s, &t.w[i], "w", record_work);
		sim_spawn(s, "q", queue_four, &t);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(t.n, 4);
		saw_other_order |= strcmp(t.order, "0123") != 0;
		free_sim(s, st);
	}
	assert_true(saw_other_order);
}

static void delayed_fn(struct sim_work *w)
{
	the_wq_test->fired_at = sim_now(sim_current());
}

static void queue_delayed(void *arg)
{
	struct wq_test *t = arg;
	struct sim *s = sim_current();

	assert_true(sim_queue_delayed_work(s, sim_system_wq(s), &t->dw, 10ULL * 1000000000ULL));
	assert_false(sim_queue_delayed_work(s, sim_system_wq(s), &t->dw, 1));
}

CXLSIM_TEST(delayed_work_fires_on_virtual_time)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);
	struct wq_test t = { 0 };

	the_wq_test = &t;
	sim_init_delayed_work(s, &t.dw, "timeout", delayed_fn);
	sim_spawn(s, "q", queue_delayed, &t);
	assert_int_equal(sim_run(s), 0);
	assert_true(t.fired_at >= 10ULL * 1000000000ULL);
	assert_true(t.fired_at < 11ULL * 1000000000ULL);
	free_sim(s, st);
}

static void queue_then_cancel(void *arg)
{
	struct wq_test *t = arg;
	struct sim *s = sim_current();

	sim_queue_delayed_work(s, sim_system_wq(s), &t->dw, 1000000);
	assert_true(sim_cancel_delayed_work(s, &t->dw));
	sim_sleep_ns(s, 5000000);
}

CXLSIM_TEST(cancelled_delayed_work_never_runs)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);
	struct wq_test t = { 0 };

	the_wq_test = &t;
	sim_init_delayed_work(s, &t.dw, "timeout", delayed_fn);
	sim_spawn(s, "q", queue_then_cancel, &t);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(t.fired_at, 0);
	assert_true(sim_now(s) >= 5000000);
	free_sim(s, st);
}

static int async_done_count;

static void async_item(void *data, sim_async_cookie_t cookie)
{
	sim_sched_point(sim_current(), "async-body", 0);
	async_done_count++;
}

static void async_parent(void *arg)
{
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 5; i++)
		assert_true(sim_async_schedule(s, "item", async_item, NULL) != 0);
	sim_async_synchronize_full(s);
	assert_int_equal(async_done_count, 5);
	assert_int_equal(sim_async_pending(s), 0);
}

CXLSIM_TEST(async_synchronize_full_waits_for_all)
{
	uint64_t seed;

	for (seed = 0; seed < 30; seed++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(seed, &st);

		async_done_count = 0;
		sim_spawn(s, "parent", async_parent, NULL);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		free_sim(s, st);
	}
}

static void use_after_free(void *arg)
{
	struct sim *s = sim_current();
	int *p = sim_kzalloc(s, sizeof(int), "widget");

	assert_true(sim_obj_check(s, p, "widget"));
	sim_kfree(s, p);
	assert_false(sim_obj_live(p));
	assert_false(sim_obj_check(s, p, "widget"));
	sim_kfree(s, p);
}

CXLSIM_TEST(use_after_free_and_double_free_reported)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);

	sim_spawn(s, "t", use_after_free, NULL);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-uaf"), 2);
	assert_int_equal(sim_live_objects(s, NULL), 0);
	free_sim(s, st);
}

static void allocating(void *arg)
{
	struct sim *s = sim_current();
	int *fails = arg, i;

	for (i = 0; i < 8; i++)
		if (!sim_kzalloc(s, 16, "thing"))
			(*fails)++;
}

CXLSIM_TEST(allocation_faults_are_recorded_choices)
{
	struct sim_opts opts = { .faults = SIM_FAULT_ALLOC };
	struct sim_strategy *st;
	struct sim *s;
	int fails = 0;
	char *sched;

	assert_int_equal(sim_new(&s, &opts), 0);
	assert_int_equal(sim_strategy_replay(&st, "AABAB"), 0);
	sim_set_strategy(s, st);
	sim_spawn(s, "t", allocating, &fails);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(fails, 2);
	assert_int_equal(sim_live_objects(s, "thing"), 6);
	assert_int_equal(sim_schedule_encode(sim_schedule_choices(s), sim_schedule_len(s), &sched),
			 0);
	assert_string_equal(sched, "AABABA3");
	free(sched);
	free_sim(s, st);
}

static void leaf(void *arg)
{
	int *n = arg;

	(*n)++;
	sim_sched_point(sim_current(), "leaf", 0);
}

static void many_spawner(void *arg)
{
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 2000; i++) {
		sim_spawn(s, "leaf", leaf, arg);
		if (i % 4 == 0)
			sim_sched_point(s, "spawned", 0);
	}
}

CXLSIM_TEST(thousands_of_tasks_share_pooled_stacks)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(5, &st);
	int n = 0;

	sim_spawn(s, "spawner", many_spawner, &n);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(n, 2000);
	assert_int_equal(sim_violation_count(s), 0);
	free_sim(s, st);
}
