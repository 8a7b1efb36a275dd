// SPDX-License-Identifier: LGPL-2.1-or-later
/* Scheduler, strategies, schedules and determinism. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_test_util.h"

struct order_log {
	char buf[256];
	size_t len;
};

struct worker_arg {
	struct order_log *log;
	char tag;
	int steps;
};

static void logging_worker(void *arg)
{
	struct worker_arg *w = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < w->steps; i++) {
		w->log->buf[w->log->len++] = w->tag;
		sim_sched_point(s, "step", sim_intern(s, "x"));
	}
}

/* Runs three workers under @seed (or @schedule) and returns their interleaving. */
static void run_workers(uint64_t seed, const char *schedule, char *order, char **sched_out)
{
	struct order_log log = { 0 };
	struct worker_arg args[3] = { { &log, 'a', 5 }, { &log, 'b', 5 }, { &log, 'c', 5 } };
	struct sim_strategy *st;
	struct sim *s;
	int i;

	assert_int_equal(sim_new(&s, NULL), 0);
	if (schedule)
		assert_int_equal(sim_strategy_replay(&st, schedule), 0);
	else
		st = sim_strategy_random(seed);
	sim_set_strategy(s, st);
	for (i = 0; i < 3; i++)
		assert_non_null(sim_spawnf(s, logging_worker, &args[i], "w%d", i));
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	strcpy(order, log.buf);
	if (sched_out)
		assert_int_equal(sim_schedule_encode(sim_schedule_choices(s), sim_schedule_len(s),
						     sched_out), 0);
	free_sim(s, st);
}

CXLSIM_TEST(tasks_run_to_completion_one_at_a_time)
{
	char order[64];

	run_workers(1, NULL, order, NULL);
	assert_int_equal(strlen(order), 15);
	assert_int_equal(strspn(order, "abc"), 15);
}

CXLSIM_TEST(same_seed_same_interleaving)
{
	char a[64], b[64];

	run_workers(7, NULL, a, NULL);
	run_workers(7, NULL, b, NULL);
	assert_string_equal(a, b);
}

CXLSIM_TEST(different_seeds_give_different_interleavings)
{
	char first[64], other[64];
	int seed, distinct = 0;

	run_workers(0, NULL, first, NULL);
	for (seed = 1; seed < 20; seed++) {
		run_workers((uint64_t)seed, NULL, other, NULL);
		distinct += strcmp(first, other) != 0;
	}
	assert_true(distinct > 10);
}

CXLSIM_TEST(replay_reproduces_random_run)
{
	char a[64], b[64], *sched;
	int seed;

	for (seed = 0; seed < 50; seed++) {
		run_workers((uint64_t)seed, NULL, a, &sched);
		run_workers(0, sched, b, NULL);
		assert_string_equal(a, b);
		free(sched);
	}
}

CXLSIM_TEST(all_zero_schedule_is_run_without_preemption)
{
	char order[64];

	run_workers(0, "", order, NULL);
	assert_string_equal(order, "aaaaabbbbbccccc");
}

CXLSIM_TEST(schedule_string_round_trips)
{
	uint32_t in[] = { 0, 0, 0, 0, 1, 51, 52, 52, 1000, 0, 3, 3, 3, 7 };
	uint32_t *out;
	size_t n;
	char *str;

	assert_int_equal(sim_schedule_encode(in, 14, &str), 0);
	assert_string_equal(str, "A4Bz.52..52..1000.AD3H");
	assert_int_equal(sim_schedule_decode(str, &out, &n), 0);
	assert_int_equal(n, 14);
	assert_memory_equal(in, out, sizeof(in));
	free(out);
	free(str);
}

CXLSIM_TEST(schedule_string_compresses_long_runs)
{
	size_t n = 1000000, i, back;
	uint32_t *in = calloc(n, sizeof(*in)), *out;
	char *str;

	assert_non_null(in);
	for (i = 0; i < n; i += 10000)
		in[i] = 1;
	assert_int_equal(sim_schedule_encode(in, n, &str), 0);
	assert_true(strlen(str) < 1200);
	assert_int_equal(sim_schedule_decode(str, &out, &back), 0);
	assert_int_equal(back, n);
	assert_memory_equal(in, out, n * sizeof(*in));
	free(in);
	free(out);
	free(str);
}

CXLSIM_TEST(schedule_string_rejects_garbage)
{
	const char *bad[] = { "A!", ".12", "..", ".x.", "A0", "--", "A 3" };
	uint32_t *out;
	size_t n, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sim_schedule_decode(bad[i], &out, &n), -22);
}

CXLSIM_TEST(replay_of_foreign_schedule_is_reported)
{
	char order[64];
	struct sim_strategy *st;
	struct sim *s;
	struct order_log log = { 0 };
	struct worker_arg arg = { &log, 'a', 3 };

	(void)order;
	assert_int_equal(sim_new(&s, NULL), 0);
	assert_int_equal(sim_strategy_replay(&st, "Z"), 0);
	sim_set_strategy(s, st);
	sim_spawn(s, "w0", logging_worker, &arg);
	sim_spawn(s, "w1", logging_worker, &arg);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "replay"), 1);
	free_sim(s, st);
}

static void spinner(void *arg)
{
	struct sim *s = sim_current();

	for (;;)
		sim_sched_point(s, "spin", 0);
}

CXLSIM_TEST(step_bound_reports_livelock)
{
	struct sim_opts opts = { .max_steps = 1000 };
	struct sim_strategy *st = sim_strategy_random(1);
	struct sim *s;

	assert_int_equal(sim_new(&s, &opts), 0);
	sim_set_strategy(s, st);
	sim_spawn(s, "spinner", spinner, NULL);
	sim_spawn(s, "spinner2", spinner, NULL);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-livelock"), 1);
	assert_true(sim_steps(s) <= 1002);
	/* The abandoned tasks' stacks are reusable after a reset. */
	sim_reset(s);
	sim_spawn(s, "spinner3", spinner, NULL);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-livelock"), 1);
	free_sim(s, st);
}

static void nested_spawner(void *arg)
{
	struct sim *s = sim_current();
	int *depth = arg;

	if (*depth <= 0)
		return;
	(*depth)--;
	sim_task_join(s, sim_spawn(s, "child", nested_spawner, depth));
}

CXLSIM_TEST(join_waits_for_task_exit)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(3, &st);
	int depth = 50;

	sim_spawn(s, "root", nested_spawner, &depth);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(depth, 0);
	assert_int_equal(sim_violation_count(s), 0);
	assert_int_equal(sim_task_count(s), 51);
	free_sim(s, st);
}

struct trace_run {
	uint64_t seed;
	struct sim *s;
	struct sim_strategy *st;
};

static void traced_worker(void *arg)
{
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 4; i++)
		sim_tracef(s, "tick", sim_task_name(sim_current_task()), "i=%d", i);
}

CXLSIM_TEST(two_simulations_do_not_interfere)
{
	struct sim_strategy *st1, *st2;
	struct sim *a = new_sim(11, &st1), *b = new_sim(11, &st2);
	int i;

	for (i = 0; i < 4; i++) {
		sim_spawnf(a, traced_worker, NULL, "t%d", i);
		sim_spawnf(b, traced_worker, NULL, "t%d", i);
	}
	/* Interleave the two: each keeps its own scheduler and strings. */
	sim_intern(b, "only-in-b");
	assert_int_equal(sim_run(a), 0);
	assert_int_equal(sim_run(b), 0);
	assert_int_equal(sim_trace_diff(a, b), -1);
	free_sim(a, st1);
	free_sim(b, st2);
}

CXLSIM_TEST(trace_text_has_time_and_task)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);
	char line[256];
	size_t i;
	bool found = false;

	sim_spawn(s, "worker", traced_worker, NULL);
	assert_int_equal(sim_run(s), 0);
	for (i = 0; i < sim_trace_len(s); i++) {
		sim_event_format(s, sim_trace_get(s, i), line, sizeof(line));
		if (strstr(line, "worker: tick worker i=3"))
			found = true;
	}
	assert_true(found);
	sim_event_format(s, sim_trace_get(s, 0), line, sizeof(line));
	assert_int_equal(strncmp(line, "[    0.000000] host: spawn worker", 33), 0);
	free_sim(s, st);
}

CXLSIM_TEST(trace_diff_finds_first_difference)
{
	struct sim_strategy *st1, *st2;
	struct sim *a = new_sim(1, &st1), *b = new_sim(2, &st2);
	int i;

	for (i = 0; i < 4; i++) {
		sim_spawnf(a, traced_worker, NULL, "t%d", i);
		sim_spawnf(b, traced_worker, NULL, "t%d", i);
	}
	sim_run(a);
	sim_run(b);
	assert_true(sim_trace_diff(a, b) > 0);
	free_sim(a, st1);
	free_sim(b, st2);
}

CXLSIM_TEST(rng_is_fixed_algorithm)
{
	struct sim_rng r;
	uint64_t i, hist[6] = { 0 };

	sim_rng_seed(&r, 0);
	/* xoshiro256** over splitmix64(0): the first output is fixed forever. */
	assert_true(sim_rng_next(&r) == 0x99ec5f36cb75f2b4ULL);
	for (i = 0; i < 60000; i++)
		hist[sim_rng_below(&r, 6)]++;
	for (i = 0; i < 6; i++)
		assert_true(hist[i] > 9000 && hist[i] < 11000);
}

/* An ordering bug of depth 2: b must run between a's two steps. */
struct depth2 {
	int a_step;
	bool hit;
};

static void depth2_a(void *arg)
{
	struct depth2 *d = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 20; i++)
		sim_sched_point(s, "a-pre", 0);
	d->a_step = 1;
	sim_sched_point(s, "a-mid", 0);
	d->a_step = 2;
	for (i = 0; i < 20; i++)
		sim_sched_point(s, "a-post", 0);
}

static void depth2_b(void *arg)
{
	struct depth2 *d = arg;

	if (d->a_step == 1)
		d->hit = true;
}

CXLSIM_TEST(pct_finds_depth_two_bug)
{
	uint64_t seed;
	int found = 0;

	for (seed = 0; seed < 400; seed++) {
		struct sim_strategy *st = sim_strategy_pct(seed, 2, 45);
		struct depth2 d = { 0 };
		struct sim *s;
		uint64_t k, n;

		assert_int_equal(sim_new(&s, NULL), 0);
		sim_set_strategy(s, st);
		sim_spawn(s, "a", depth2_a, &d);
		sim_spawn(s, "b", depth2_b, &d);
		assert_int_equal(sim_run(s), 0);
		found += d.hit;
		sim_strategy_pct_observed(st, &k, &n);
		assert_true(k > 0 && n == 2);
		sim_destroy(s);
		sim_strategy_destroy(st);
	}
	/* The guarantee is 1/(n*k) = 1/90 per schedule; 400 schedules miss with p < 1.2%. */
	assert_true(found > 0);
}

#ifdef CXLSIM_ASAN
#include <sanitizer/lsan_interface.h>
#endif

/*
 * After a run the host must have its real stack back in the sanitizer's
 * view, or LeakSanitizer skips the host's frames and reports whatever only
 * they point to (found by the libFuzzer schedule target).
 */
CXLSIM_TEST(asan_host_stack_still_scanned_after_a_run)
{
#ifdef CXLSIM_ASAN
	void *volatile held = malloc(64);
	char order[64];

	assert_non_null(held);
	run_workers(1, NULL, order, NULL);
	assert_int_equal(__lsan_do_recoverable_leak_check(), 0);
	free(held);
#endif
}

#define BIG_CHOICES 9

static void big_chooser(void *arg)
{
	const uint32_t *want = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < BIG_CHOICES; i++)
		assert_int_equal(sim_choose(s, 100000), want[i]);
}

/*
 * Choices are stored 4 bits each, two a byte: those of 15 and more go beside, and decode
 * in order (an odd count, so that the last byte is half used).
 */
CXLSIM_TEST(schedule_keeps_choices_of_15_and_more)
{
	static const uint32_t want[BIG_CHOICES] = { 3, 14, 15, 254, 255, 70000, 0, 16, 300 };
	const uint32_t *got;
	struct sim_strategy *st;
	char *sched, *again;
	struct sim *s;

	assert_int_equal(sim_schedule_encode(want, BIG_CHOICES, &sched), 0);
	assert_int_equal(sim_new(&s, NULL), 0);
	assert_int_equal(sim_strategy_replay(&st, sched), 0);
	sim_set_strategy(s, st);
	assert_non_null(sim_spawn(s, "big", big_chooser, (void *)want));
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	assert_int_equal(sim_schedule_len(s), BIG_CHOICES);
	got = sim_schedule_choices(s);
	assert_non_null(got);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(sim_schedule_encode(got, BIG_CHOICES, &again), 0);
	assert_string_equal(again, sched);
	free(again);
	free(sched);
	free_sim(s, st);
}
