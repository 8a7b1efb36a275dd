// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The dfs strategy: exhaustive, and its reductions sound.  On scenarios
 * small enough for plain DFS, sleep sets and source-DPOR must reach exactly
 * the end states (shared values and violations) plain DFS reaches, while
 * running fewer schedules; shards must cover the space between them; a
 * checkpoint must resume where the search stopped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_test_util.h"

/* ---- scenarios: tasks over shared values, footprints named by hand ---- */

struct world {
	int x, y, z, w, v;
	struct sim_mutex m, m2;
	struct sim_completion done;
	uint32_t kx, ky, kz, kw, kv;
};

static struct world W;

static void touch_write(uint32_t key, int *var, int value)
{
	struct sim *s = sim_current();

	sim_touch(s, key, true);
	*var = value;
	sim_sched_point(s, "write", key);
}

static int touch_read(uint32_t key, const int *var)
{
	sim_touch(sim_current(), key, false);
	return *var;
}

static void a_task(void *arg)
{
	touch_write(W.kx, &W.x, W.x * 2);
	touch_write(W.ky, &W.y, touch_read(W.ky, &W.y) + 1);
}

static void b_task(void *arg)
{
	touch_write(W.ky, &W.y, touch_read(W.ky, &W.y) * 3);
	touch_write(W.kz, &W.z, touch_read(W.kx, &W.x));
}

static void c_task(void *arg)
{
	/* Independent of a and b: only the reductions can see that. */
	touch_write(W.kw, &W.w, 5);
	touch_write(W.kw, &W.w, touch_read(W.kw, &W.w) + 1);
	touch_write(W.kw, &W.w, touch_read(W.kw, &W.w) + 1);
}

static void values_setup(struct sim *s)
{
	sim_spawn(s, "a", a_task, NULL);
	sim_spawn(s, "b", b_task, NULL);
	sim_spawn(s, "c", c_task, NULL);
}

static void locked_add(void *arg)
{
	struct sim *s = sim_current();
	int add = (int)(intptr_t)arg;

	sim_mutex_lock(s, &W.m);
	touch_write(W.kx, &W.x, touch_read(W.kx, &W.x) * 10 + add);
	sim_mutex_unlock(s, &W.m);
	if (add == 1)
		sim_complete(s, &W.done);
}

static void child_task(void *arg)
{
	touch_write(W.kv, &W.v, touch_read(W.kx, &W.x));
}

static void waiter_task(void *arg)
{
	struct sim *s = sim_current();

	sim_wait_for_completion(s, &W.done);
	/* Spawned only now: it cannot run before the completion. */
	sim_spawn(s, "child", child_task, NULL);
	touch_write(W.ky, &W.y, touch_read(W.kx, &W.x));
}

static void sync_setup(struct sim *s)
{
	sim_mutex_init(s, &W.m, "m");
	sim_completion_init(s, &W.done, "done");
	sim_spawn(s, "add1", locked_add, (void *)(intptr_t)1);
	sim_spawn(s, "add2", locked_add, (void *)(intptr_t)2);
	sim_spawn(s, "waiter", waiter_task, NULL);
}

static void ab_task(void *arg)
{
	struct sim *s = sim_current();
	bool flip = arg != NULL;

	sim_mutex_lock(s, flip ? &W.m2 : &W.m);
	sim_mutex_lock(s, flip ? &W.m : &W.m2);
	touch_write(W.kx, &W.x, W.x + 1);
	sim_mutex_unlock(s, flip ? &W.m : &W.m2);
	sim_mutex_unlock(s, flip ? &W.m2 : &W.m);
}

static void deadlock_setup(struct sim *s)
{
	sim_mutex_init(s, &W.m, "m1");
	sim_mutex_init(s, &W.m2, "m2");
	sim_spawn(s, "ab", ab_task, NULL);
	sim_spawn(s, "ba", ab_task, (void *)1);
}

/*
 * Work items and the async domain: a flush and a synchronize read only
 * whether the work or the domain is busy (one key each, written only when
 * that changes), so a flush is independent of a work starting or being
 * queued again while it runs.  The flusher records whether it waited, the
 * synchronizer what it saw once the wait returned: a footprint that misses
 * what the wait reads loses one of those values.
 */
static struct sim_work WK;

static void count_work(struct sim_work *w)
{
	touch_write(W.kx, &W.x, touch_read(W.kx, &W.x) + 1);
}

static void queuer_task(void *arg)
{
	struct sim *s = sim_current();

	sim_queue_work(s, sim_system_unbound_wq(s), &WK);
	touch_write(W.kw, &W.w, 1);
	/* Again: a no-op while still queued, a second run once it started. */
	sim_queue_work(s, sim_system_unbound_wq(s), &WK);
}

static void flusher_task(void *arg)
{
	bool waited = sim_flush_work(sim_current(), &WK);

	touch_write(W.kz, &W.z, waited);
}

static void work_setup(struct sim *s)
{
	sim_init_work(s, &WK, "count_work", count_work);
	/* The flusher first: the first schedule flushes an idle work. */
	sim_spawn(s, "flusher", flusher_task, NULL);
	sim_spawn(s, "queuer", queuer_task, NULL);
}

static void async_add(void *data, sim_async_cookie_t cookie)
{
	touch_write(W.kx, &W.x, touch_read(W.kx, &W.x) + (int)(intptr_t)data);
}

static void scheduler_task(void *arg)
{
	struct sim *s = sim_current();

	sim_async_schedule(s, "one", async_add, (void *)(intptr_t)1);
	touch_write(W.kw, &W.w, 1);
	sim_async_schedule(s, "ten", async_add, (void *)(intptr_t)10);
}

static void synchronizer_task(void *arg)
{
	sim_async_synchronize_full(sim_current());
	touch_write(W.kz, &W.z, touch_read(W.kx, &W.x) * 10 + touch_read(W.kw, &W.w));
}

static void async_setup(struct sim *s)
{
	sim_spawn(s, "scheduler", scheduler_task, NULL);
	sim_spawn(s, "synchronizer", synchronizer_task, NULL);
}

/*
 * Ambient keys: code under "drv" writes x without naming it.  A work item
 * runs under the key of the code that queued it, whatever task its worker
 * was spawned from; a task that cleared its keys (sim_ambient_clear())
 * names all it touches from then on.
 */
static void drv_multiply(void *arg)
{
	struct sim *s = sim_current();

	sim_ambient_push(s, sim_intern(s, "drv"));
	sim_sched_point(s, "drv", 0);
	W.x = W.x * 3;
	sim_ambient_pop(s);
}

static void drv_work(struct sim_work *w)
{
	W.x = W.x + 1;
}

static void drv_queuer(void *arg)
{
	struct sim *s = sim_current();

	sim_ambient_push(s, sim_intern(s, "drv"));
	sim_queue_work(s, sim_system_unbound_wq(s), &WK);
	sim_ambient_pop(s);
	sim_ambient_clear(s);
	/* Named from here on: independent of the others but for v. */
	touch_write(W.kv, &W.v, touch_read(W.kv, &W.v) + 1);
	touch_write(W.kv, &W.v, touch_read(W.kv, &W.v) + 1);
}

static void v_reader(void *arg)
{
	touch_write(W.kz, &W.z, touch_read(W.kv, &W.v));
}

static void ambient_setup(struct sim *s)
{
	sim_init_work(s, &WK, "drv_work", drv_work);
	sim_spawn(s, "queuer", drv_queuer, NULL);
	sim_spawn(s, "multiply", drv_multiply, NULL);
	sim_spawn(s, "reader", v_reader, NULL);
}

/* Two tasks of one name, each on a value of its own (two uevents of one modalias). */
static void own_value(void *arg)
{
	if (arg)
		touch_write(W.kv, &W.v, 1);
	else
		touch_write(W.kw, &W.w, 1);
}

static void same_name_setup(struct sim *s)
{
	sim_spawn(s, "udev:cxl:t3", own_value, NULL);
	sim_spawn(s, "udev:cxl:t3", own_value, (void *)1);
}

typedef void (*scenario_fn)(struct sim *s);

/* ---- the search ---- */

static void end_state(struct sim *s, char *buf, size_t len)
{
	size_t i, off;

	off = (size_t)snprintf(buf, len, "x=%d y=%d z=%d w=%d v=%d", W.x, W.y, W.z, W.w, W.v);
	for (i = 0; i < sim_violation_count(s) && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, " %s",
					sim_violation_get(s, i)->property);
}

static void run_once(struct sim *s, scenario_fn setup)
{
	sim_reset(s);
	memset(&W, 0, sizeof(W));
	W.x = 1;
	W.y = 1;
	W.kx = sim_intern(s, "x");
	W.ky = sim_intern(s, "y");
	W.kz = sim_intern(s, "z");
	W.kw = sim_intern(s, "w");
	W.kv = sim_intern(s, "v");
	setup(s);
	assert_int_equal(sim_run(s), 0);
}

/* Explore everything @st allows; with @stop_after > 0, stop there (the strategy keeps its place). */
static bool search(struct sim *s, struct sim_strategy *st, scenario_fn setup, struct end_states *o,
		   uint64_t stop_after)
{
	char buf[256];
	bool more;

	sim_set_strategy(s, st);
	do {
		run_once(s, setup);
		if (sim_strategy_dfs_counts(st)) {
			end_state(s, buf, sizeof(buf));
			end_states_add(o, buf);
			o->schedules++;
		}
		more = sim_strategy_dfs_next(st);
	} while (more && (!stop_after || o->schedules < stop_after));
	end_states_sort(o);
	return more;
}

static void explore_opts(const struct sim_dfs_opts *opts, scenario_fn setup, struct end_states *o,
			 struct sim_dfs_stats *stats)
{
	struct sim_strategy *st = sim_strategy_dfs(opts);
	struct sim *s;

	assert_non_null(st);
	assert_int_equal(sim_new(&s, NULL), 0);
	assert_false(search(s, st, setup, o, 0));
	sim_strategy_dfs_stats(st, stats);
	assert_true(stats->exhausted);
	sim_destroy(s);
	sim_strategy_destroy(st);
}

static void explore_with(scenario_fn setup, bool por, bool dpor, struct end_states *o,
			 struct sim_dfs_stats *stats)
{
	struct sim_dfs_opts opts = { .por = por, .dpor = dpor, .preemption_bound = -1 };

	explore_opts(&opts, setup, o, stats);
}

/* Plain, sleep sets, source-DPOR: the same end states; fewer schedules with each reduction. */
static void check_reductions(scenario_fn setup, size_t min_outcomes)
{
	struct end_states plain = { 0 }, sleep = { 0 }, source = { 0 };
	struct sim_dfs_stats sp, ss, sd;

	explore_with(setup, false, false, &plain, &sp);
	explore_with(setup, true, false, &sleep, &ss);
	explore_with(setup, true, true, &source, &sd);
	assert_true(plain.n >= min_outcomes);
	assert_same_end_states(&plain, &sleep);
	assert_same_end_states(&plain, &source);
	assert_true(ss.complete < sp.complete);
	assert_true(sd.complete <= ss.complete);
	end_states_free(&plain);
	end_states_free(&sleep);
	end_states_free(&source);
}

CXLSIM_TEST(dfs_reductions_reach_the_same_end_states_on_shared_values)
{
	check_reductions(values_setup, 3);
}

CXLSIM_TEST(dfs_reductions_reach_the_same_end_states_with_locks_completions_spawns)
{
	check_reductions(sync_setup, 2);
}

CXLSIM_TEST(dfs_reductions_reach_the_same_end_states_with_work_items)
{
	/* One run of the work or two, the flush waiting or not. */
	check_reductions(work_setup, 4);
}

CXLSIM_TEST(dfs_reductions_reach_the_same_end_states_with_the_async_domain)
{
	check_reductions(async_setup, 2);
}

CXLSIM_TEST(dfs_reductions_reach_the_same_end_states_under_ambient_keys)
{
	/* x = 4 or 6 (work before or after the multiply), z = 0, 1 or 2. */
	check_reductions(ambient_setup, 6);
}

CXLSIM_TEST(dfs_reductions_keep_the_lock_order_deadlock)
{
	struct end_states plain = { 0 }, source = { 0 };
	struct sim_dfs_stats sp, sd;
	bool found = false;
	size_t i;

	explore_with(deadlock_setup, false, false, &plain, &sp);
	explore_with(deadlock_setup, true, true, &source, &sd);
	assert_same_end_states(&plain, &source);
	for (i = 0; i < source.n; i++)
		found |= strstr(source.v[i], "no-deadlock") != NULL;
	assert_true(found);
	end_states_free(&plain);
	end_states_free(&source);
}

static const scenario_fn all_scenarios[] = {
	values_setup, sync_setup, deadlock_setup, work_setup, async_setup, ambient_setup,
};

CXLSIM_TEST(dfs_exact_bound_reaches_what_a_plain_bounded_search_reaches)
{
	size_t i;
	int b;

	for (i = 0; i < sizeof(all_scenarios) / sizeof(all_scenarios[0]); i++) {
		for (b = 0; b <= 2; b++) {
			struct sim_dfs_opts plain = { .preemption_bound = b };
			struct sim_dfs_opts sleep = { .por = true, .preemption_bound = b,
						      .exact_bound = true };
			struct sim_dfs_opts source = { .por = true, .dpor = true,
						       .preemption_bound = b, .exact_bound = true };
			struct end_states op = { 0 }, os = { 0 }, od = { 0 };
			struct sim_dfs_stats sp, ss, sd;

			explore_opts(&plain, all_scenarios[i], &op, &sp);
			explore_opts(&sleep, all_scenarios[i], &os, &ss);
			explore_opts(&source, all_scenarios[i], &od, &sd);
			assert_same_end_states(&op, &os);
			assert_same_end_states(&op, &od);
			assert_true(sd.complete <= sp.complete);
			end_states_free(&op);
			end_states_free(&os);
			end_states_free(&od);
		}
	}
}

CXLSIM_TEST(dfs_heuristic_bound_can_miss_what_the_bound_allows)
{
	struct sim_dfs_opts plain = { .preemption_bound = 0 };
	struct sim_dfs_opts fast = { .por = true, .dpor = true, .preemption_bound = 0 };
	struct end_states op = { 0 }, of = { 0 };
	struct sim_dfs_stats sp, sf;

	/*
	 * Why --exact-bound exists: without a preemption, a and b still run
	 * in either order, but the reduced search reverses their race only by
	 * a preemption, which the bound forbids.
	 */
	explore_opts(&plain, values_setup, &op, &sp);
	explore_opts(&fast, values_setup, &of, &sf);
	assert_true(of.n < op.n);
	end_states_free(&op);
	end_states_free(&of);
}

CXLSIM_TEST(dfs_tasks_of_one_name_do_not_conflict_by_ending)
{
	struct end_states o = { 0 };
	struct sim_dfs_stats st;

	/* Their ends write keys of their own ("NAME", "NAME#2"): one schedule is all. */
	explore_with(same_name_setup, true, true, &o, &st);
	assert_int_equal(st.complete, 1);
	assert_int_equal(o.n, 1);
	end_states_free(&o);
}

CXLSIM_TEST(dfs_plain_counts_every_interleaving)
{
	struct end_states o = { 0 };
	struct sim_dfs_stats st;

	/*
	 * a, b and c take 3, 3 and 4 steps (each write ends one, exit the
	 * last): 10!/(3!3!4!) = 4200 orders of steps.
	 */
	explore_with(values_setup, false, false, &o, &st);
	assert_int_equal(st.complete, 4200);
	assert_int_equal(st.pruned, 0);
	end_states_free(&o);
}

CXLSIM_TEST(dfs_shards_cover_the_space_between_them)
{
	struct end_states whole = { 0 }, uni = { 0 };
	struct sim_dfs_stats st;
	unsigned int i, k;
	uint64_t total = 0;

	explore_with(values_setup, true, true, &whole, &st);
	for (i = 0; i < 3; i++) {
		struct sim_dfs_opts opts = { .por = true, .dpor = true, .preemption_bound = -1,
					     .shard = i, .nr_shards = 3, .shard_depth = 1 };
		struct sim_strategy *sst = sim_strategy_dfs(&opts);
		struct end_states part = { 0 };
		struct sim *s;

		assert_int_equal(sim_new(&s, NULL), 0);
		search(s, sst, values_setup, &part, 0);
		total += part.schedules;
		for (k = 0; k < part.n; k++)
			end_states_add(&uni, part.v[k]);
		end_states_free(&part);
		sim_destroy(s);
		sim_strategy_destroy(sst);
	}
	end_states_sort(&uni);
	/* A shard may own only prefixes the sleep sets prove redundant: the union is what counts. */
	assert_same_end_states(&whole, &uni);
	assert_true(total >= whole.schedules);
	end_states_free(&whole);
	end_states_free(&uni);
}

/* A search rooted at @root (@n choices) on @setup; false when the prefix does not fit. */
static bool rooted(scenario_fn setup, bool por, bool dpor, const uint32_t *root, size_t n,
		   struct end_states *o, struct sim_dfs_stats *stats)
{
	struct sim_dfs_opts opts = { .por = por, .dpor = dpor, .preemption_bound = -1,
				     .root = root, .root_len = n };
	struct sim_strategy *st = sim_strategy_dfs(&opts);
	struct sim *s;

	assert_non_null(st);
	assert_int_equal(sim_new(&s, NULL), 0);
	search(s, st, setup, o, 0);
	sim_strategy_dfs_stats(st, stats);
	sim_destroy(s);
	sim_strategy_destroy(st);
	return stats->exhausted;
}

/*
 * Rooted at each prefix of two choices, the plain searches split the 4200
 * interleavings between them, and each reduced search below a prefix
 * reaches what the plain one below it reaches: races cannot reach into the
 * prefix, and nothing outside it sleeps.
 */
CXLSIM_TEST(dfs_rooted_searches_partition_the_space_and_stay_sound)
{
	struct end_states whole = { 0 }, uni = { 0 };
	struct sim_dfs_stats st;
	uint64_t total = 0;
	unsigned int fitting = 0, k;
	uint32_t root[2];

	explore_with(values_setup, false, false, &whole, &st);
	for (root[0] = 0; root[0] < 4; root[0]++) {
		for (root[1] = 0; root[1] < 4; root[1]++) {
			struct end_states plain = { 0 }, source = { 0 };
			struct sim_dfs_stats sp, sd;
			bool fits = rooted(values_setup, false, false, root, 2, &plain, &sp);

			assert_int_equal(rooted(values_setup, true, true, root, 2, &source, &sd), fits);
			if (fits) {
				fitting++;
				total += sp.complete;
				assert_same_end_states(&plain, &source);
				assert_true(sd.complete <= sp.complete);
				for (k = 0; k < plain.n; k++)
					end_states_add(&uni, plain.v[k]);
			} else {
				/* A choice the run does not offer: said, and nothing counted. */
				assert_true(sp.root_unfit);
				assert_int_equal(sp.root_fit, root[0] < 3 ? 1 : 0);
				assert_int_equal(sp.complete, 0);
			}
			end_states_free(&plain);
			end_states_free(&source);
		}
	}
	/* Three tasks, each of which can go first and be followed by each: 3 x 3. */
	assert_int_equal(fitting, 9);
	/* A prefix longer than any run: the search stops there, having counted nothing. */
	{
		const uint32_t longer[16] = { 0 };
		struct end_states o = { 0 };

		assert_false(rooted(values_setup, true, true, longer, 16, &o, &st));
		assert_true(st.root_unfit);
		assert_true(st.root_fit < 16);
		assert_int_equal(st.complete, 0);
		assert_int_equal(o.n, 0);
		end_states_free(&o);
	}
	assert_int_equal(total, whole.schedules);
	end_states_sort(&uni);
	assert_same_end_states(&whole, &uni);
	end_states_free(&whole);
	end_states_free(&uni);
}

/* Shards of a search below a prefix split that subtree, not the tree above it. */
CXLSIM_TEST(dfs_shards_of_a_rooted_search_split_its_subtree)
{
	static const uint32_t root[] = { 1, 2 };
	struct end_states whole = { 0 }, uni = { 0 };
	struct sim_dfs_stats st;
	unsigned int i, k, busy = 0;

	assert_true(rooted(values_setup, true, true, root, 2, &whole, &st));
	for (i = 0; i < 3; i++) {
		struct sim_dfs_opts opts = { .por = true, .dpor = true, .preemption_bound = -1,
					     .shard = i, .nr_shards = 3, .shard_depth = 1,
					     .root = root, .root_len = 2 };
		struct sim_strategy *sst = sim_strategy_dfs(&opts);
		struct end_states part = { 0 };
		struct sim *s;

		assert_int_equal(sim_new(&s, NULL), 0);
		assert_false(search(s, sst, values_setup, &part, 0));
		sim_strategy_dfs_stats(sst, &st);
		assert_true(st.exhausted);
		/* Split below the prefix: more than one shard gets work. */
		busy += part.schedules > 0;
		for (k = 0; k < part.n; k++)
			end_states_add(&uni, part.v[k]);
		end_states_free(&part);
		sim_destroy(s);
		sim_strategy_destroy(sst);
	}
	end_states_sort(&uni);
	assert_same_end_states(&whole, &uni);
	assert_true(busy >= 2);
	end_states_free(&whole);
	end_states_free(&uni);
}

CXLSIM_TEST(dfs_checkpoint_resumes_where_it_stopped)
{
	struct sim_dfs_opts opts = { .por = true, .dpor = true, .preemption_bound = -1 };
	struct end_states whole = { 0 }, first = { 0 }, rest = { 0 };
	struct sim_dfs_stats st, st2;
	struct sim_strategy *a, *b;
	struct sim *s, *s2;
	FILE *f = tmpfile();
	size_t k;

	assert_non_null(f);
	explore_with(sync_setup, true, true, &whole, &st);
	assert_true(whole.schedules > 4);
	a = sim_strategy_dfs(&opts);
	assert_int_equal(sim_new(&s, NULL), 0);
	assert_true(search(s, a, sync_setup, &first, whole.schedules / 2));
	assert_int_equal(sim_strategy_dfs_save(a, s, f), 0);
	rewind(f);
	/*
	 * Resume in another simulation, as another process would: names met in
	 * another order get other ids, which the checkpoint must not depend on.
	 */
	assert_int_equal(sim_new(&s2, NULL), 0);
	sim_intern(s2, "a name the first search never met");
	sim_intern(s2, "another one");
	b = sim_strategy_dfs(&opts);
	assert_int_equal(sim_strategy_dfs_load(b, s2, f), 0);
	search(s2, b, sync_setup, &rest, 0);
	sim_strategy_dfs_stats(b, &st2);
	assert_true(st2.exhausted);
	assert_int_equal(first.schedules + rest.schedules, whole.schedules);
	assert_int_equal(st2.complete, whole.schedules);
	for (k = 0; k < rest.n; k++)
		end_states_add(&first, rest.v[k]);
	end_states_sort(&first);
	assert_same_end_states(&whole, &first);
	/* Other options: refused. */
	rewind(f);
	{
		struct sim_dfs_opts other = { .por = false, .preemption_bound = -1 };
		struct sim_strategy *c = sim_strategy_dfs(&other);

		assert_int_equal(sim_strategy_dfs_load(c, s, f), -EXDEV);
		sim_strategy_destroy(c);
	}
	/* So is the same search rooted at a prefix: another part of the space. */
	rewind(f);
	{
		const uint32_t root[] = { 1 };
		struct sim_dfs_opts other = { .por = true, .dpor = true, .preemption_bound = -1,
					      .root = root, .root_len = 1 };
		struct sim_strategy *c = sim_strategy_dfs(&other);

		assert_int_equal(sim_strategy_dfs_load(c, s, f), -EXDEV);
		sim_strategy_destroy(c);
	}
	fclose(f);
	end_states_free(&whole);
	end_states_free(&first);
	end_states_free(&rest);
	sim_destroy(s);
	sim_destroy(s2);
	sim_strategy_destroy(a);
	sim_strategy_destroy(b);
}

CXLSIM_TEST(dfs_preemption_bound_zero_runs_one_schedule_per_order_of_blocking)
{
	struct sim_dfs_opts opts = { .por = false, .preemption_bound = 0 };
	struct sim_strategy *st = sim_strategy_dfs(&opts);
	struct end_states o = { 0 };
	struct sim_dfs_stats stats;
	struct sim *s;

	assert_int_equal(sim_new(&s, NULL), 0);
	search(s, st, values_setup, &o, 0);
	sim_strategy_dfs_stats(st, &stats);
	assert_true(stats.exhausted);
	/* Without preemptions only the order the three tasks start in varies: 3! = 6. */
	assert_int_equal(stats.complete, 6);
	assert_true(stats.bounded > 0);
	end_states_free(&o);
	sim_destroy(s);
	sim_strategy_destroy(st);
}
