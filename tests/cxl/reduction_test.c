// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reductions are sound on the CXL model itself, not only on the small
 * scenarios of tests/sim/dfs_test.c.  Whether they are depends on every
 * sim_touch() the driver core and the model make: a step that reads or
 * writes something its footprint does not name makes the search treat two
 * dependent steps as independent, and "space exhausted, no violation" a
 * claim about schedules it never ran.
 *
 * A whole search without reduction does not finish on any CXL topology with
 * a memdev, so each check is made below a prefix of a recorded random
 * schedule (a rooted search, --schedule S with dfs), comparing whole end
 * states with the properties each schedule violated, three ways:
 *
 * - at the end of the schedule, as many choices free as a plain search
 *   still exhausts: plain, sleep sets and source-DPOR reach the same set,
 *   and so do a plain and an exact search within one preemption;
 * - further up, while source-DPOR still finishes: it reaches every end
 *   state of random schedules below the prefix (a sample of the plain
 *   search's);
 * - further up still: the exact search within no preemption reaches every
 *   end state of random schedules below the prefix that never preempt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "cxlsim/ctx.h"
#include "sim/sim.h"

struct config {
	const char *topology, *kernel, *workload;
	unsigned int faults;
	uint64_t seed;
};

/* The whole end state of the engine's last run, then the properties it violated. */
static char *end_state(struct cxlsim__engine *e)
{
	const char *const *p;
	char *state, *label;
	size_t len, off;

	assert_int_equal(cxlsim__engine_end_state(e, &state), 0);
	len = strlen(state) + 512;
	label = malloc(len);
	assert_non_null(label);
	off = (size_t)snprintf(label, len, "%s |", state);
	free(state);
	for (p = e->model->properties; *p; p++)
		if (cxlsim__engine_violated(e, *p))
			off += (size_t)snprintf(label + off, len - off, " %s", *p);
	/* A finding outside the model's list (livelock, replay, determinism) counts too. */
	if (cxlsim__engine_violated(e, "no-livelock") || cxlsim__engine_violated(e, "determinism"))
		snprintf(label + off, len - off, " runtime");
	return label;
}

static void engine_new(const struct config *c, struct cxlsim__engine *e)
{
	struct cxlsim__model_opts mo = { .topology = c->topology, .kernel = c->kernel,
					 .workload = c->workload };
	struct cxlsim_opts opts = { .size = sizeof(opts), .faults = c->faults };
	struct cxlsim_ctx *ctx;
	char err[256];

	assert_int_equal(cxlsim_ctx_new(&ctx, &opts), 0);
	assert_int_equal(cxlsim__engine_init(e, ctx, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)), 0);
}

static void engine_free(struct cxlsim__engine *e)
{
	struct cxlsim_ctx *ctx = e->ctx;

	cxlsim__engine_release(e);
	cxlsim_ctx_free(ctx);
}

/* The choices of the random schedule of @c's seed. */
static void recorded(const struct config *c, uint32_t **choices, size_t *n)
{
	struct cxlsim__engine e;
	char *str;

	engine_new(c, &e);
	assert_int_equal(cxlsim_ctx_set_random(e.ctx, c->seed), 0);
	assert_int_equal(cxlsim__engine_run(&e), 0);
	assert_int_equal(cxlsim_ctx_schedule(e.ctx, &str), 0);
	assert_int_equal(sim_schedule_decode(str, choices, n), 0);
	free(str);
	engine_free(&e);
}

/* Every schedule below @root that @opts reaches, up to @cap of them. */
static void search_below(const struct config *c, struct sim_dfs_opts opts, const uint32_t *root,
			 size_t n, uint64_t cap, struct end_states *st)
{
	struct cxlsim__engine e;
	struct sim_strategy *s;
	struct sim_dfs_stats stats;
	char *label;

	memset(st, 0, sizeof(*st));
	opts.root = root;
	opts.root_len = n;
	engine_new(c, &e);
	s = sim_strategy_dfs(&opts);
	assert_non_null(s);
	cxlsim__ctx_set_strategy(e.ctx, s);
	for (;;) {
		assert_int_equal(cxlsim__engine_run(&e), 0);
		if (sim_strategy_dfs_counts(s)) {
			label = end_state(&e);
			end_states_add(st, label);
			free(label);
			st->schedules++;
		}
		if (!sim_strategy_dfs_next(s) || (cap && st->schedules >= cap))
			break;
	}
	sim_strategy_dfs_stats(s, &stats);
	st->exhausted = stats.exhausted;
	end_states_sort(st);
	engine_free(&e);
}

/* Below this many schedules a plain search is quick under the sanitizers too. */
#define PLAIN_BUDGET 4000
/* Random schedules below each prefix, and the most a reduced search there may need. */
#define SAMPLES 200
#define REDUCED_BUDGET 5000
/* ... and an exact search bounded to no preemption, further up. */
#define BOUNDED_BUDGET 12000

/*
 * Exactly: leave the last choices of the schedule free, more and more of
 * them, while a plain search below the rest still exhausts within the
 * budget (it grows about tenfold with every four choices); then compare the
 * reductions there.  Returns how many choices were free.
 */
static size_t check_exactly(const struct config *c, const uint32_t *choices, size_t n)
{
	const struct sim_dfs_opts plain_opts = { .preemption_bound = -1 };
	const struct sim_dfs_opts sleep_opts = { .por = true, .preemption_bound = -1 };
	const struct sim_dfs_opts source_opts = { .por = true, .dpor = true, .preemption_bound = -1 };
	const struct sim_dfs_opts plain_p1 = { .preemption_bound = 1 };
	const struct sim_dfs_opts exact_p1 = { .por = true, .dpor = true, .preemption_bound = 1,
					       .exact_bound = true };
	struct end_states plain = { 0 }, best = { 0 }, sleep, source;
	size_t k, best_k = 0;

	for (k = 0; k <= n; k += 2) {
		search_below(c, plain_opts, choices, n - k, PLAIN_BUDGET, &plain);
		if (!plain.exhausted) {
			end_states_free(&plain);
			break;
		}
		end_states_free(&best);
		best = plain;
		best_k = k;
	}
	search_below(c, sleep_opts, choices, n - best_k, 0, &sleep);
	search_below(c, source_opts, choices, n - best_k, 0, &source);
	assert_true(sleep.exhausted);
	assert_true(source.exhausted);
	assert_same_end_states(&best, &sleep);
	assert_same_end_states(&best, &source);
	assert_true(source.schedules <= sleep.schedules);
	assert_true(sleep.schedules <= best.schedules);
	end_states_free(&best);
	end_states_free(&sleep);
	end_states_free(&source);
	/* Within one preemption (the prefix's count too), the exact bounded search. */
	search_below(c, plain_p1, choices, n - best_k, 0, &best);
	search_below(c, exact_p1, choices, n - best_k, 0, &source);
	assert_true(best.exhausted);
	assert_true(source.exhausted);
	assert_same_end_states(&best, &source);
	end_states_free(&best);
	end_states_free(&source);
	return best_k;
}

/*
 * A schedule that replays a prefix and then never preempts: at a point
 * where the running task could go on it goes on, at any other choice (a
 * task blocked or ended, a fault) it picks at random.  What an exact
 * search bounded to no preemption below the prefix must cover.
 */
struct no_preempt {
	struct sim_strategy base;
	const uint32_t *prefix;
	size_t len;
	struct sim_rng rng;
};

static unsigned int no_preempt_choose(struct sim_strategy *st, struct sim *s,
				      const struct sim_choice *c)
{
	struct no_preempt *np = container_of(st, struct no_preempt, base);

	if (c->step < np->len)
		return np->prefix[c->step];
	if ((c->kind == SIM_CHOICE_SCHED && c->preemption) || c->timing)
		return 0;
	return (unsigned int)sim_rng_below(&np->rng, c->n);
}

static void no_preempt_destroy(struct sim_strategy *st)
{
	free(container_of(st, struct no_preempt, base));
}

static const struct sim_strategy_ops no_preempt_ops = {
	.name = "no-preempt",
	.choose = no_preempt_choose,
	.ignores_cand = true,
	.destroy = no_preempt_destroy,
};

/* Random schedules below a prefix, each of them or those that never preempt. */
enum sample { ANY_SCHEDULE, NO_PREEMPTION };

static struct sim_strategy *sampler(enum sample kind, const uint32_t *choices, size_t len,
				    uint64_t seed)
{
	struct sim_strategy *st;
	struct no_preempt *np;
	char *prefix;

	if (kind == ANY_SCHEDULE) {
		assert_int_equal(sim_schedule_encode(choices, len, &prefix), 0);
		assert_int_equal(sim_strategy_replay_then_random(&st, prefix, seed), 0);
		free(prefix);
		return st;
	}
	np = calloc(1, sizeof(*np));
	assert_non_null(np);
	np->base.ops = &no_preempt_ops;
	np->prefix = choices;
	np->len = len;
	sim_rng_seed(&np->rng, seed);
	return &np->base;
}

/*
 * Further up, where no plain search finishes: random schedules below the
 * prefix are a sample of what a plain search would reach, and the search
 * @opts below it must have reached each of their end states.
 *
 * - ANY_SCHEDULE against source-DPOR without a bound;
 * - NO_PREEMPTION against the exact search bounded to none, earlier in the
 *   run, where not even source-DPOR finishes (a random prefix has spent
 *   every preemption of a bound already).
 *
 * Returns how many distinct end states the sample had, 0 when the search
 * did not finish within @budget (nothing was checked).
 */
static size_t check_sampled(const struct config *c, const struct sim_dfs_opts *opts,
			    uint64_t budget, enum sample kind, const uint32_t *choices, size_t len)
{
	struct end_states reached, sample = { 0 };
	struct cxlsim__engine e;
	uint64_t seed;
	size_t distinct;
	char *label;

	search_below(c, *opts, choices, len, budget, &reached);
	if (!reached.exhausted) {
		end_states_free(&reached);
		return 0;
	}
	engine_new(c, &e);
	for (seed = 0; seed < SAMPLES; seed++) {
		cxlsim__ctx_set_strategy(e.ctx, sampler(kind, choices, len, seed));
		assert_int_equal(cxlsim__engine_run(&e), 0);
		label = end_state(&e);
		end_states_add(&sample, label);
		if (!end_states_has(&reached, label)) {
			print_error("%s %s %s, seed %llu: below %zu choices, a random schedule%s "
				    "(seed %llu) reached '%s', which the search (%zu end states) "
				    "did not\n", c->topology, c->kernel, c->workload,
				    (unsigned long long)c->seed, len,
				    kind == NO_PREEMPTION ? " without preemptions" : "",
				    (unsigned long long)seed, label, reached.n);
			fail();
		}
		free(label);
	}
	distinct = sample.n;
	engine_free(&e);
	end_states_free(&reached);
	end_states_free(&sample);
	return distinct;
}

/*
 * For each of @nr_seeds recorded schedules of @c: the exact check at its
 * end (at least @min_free choices free; none when 0), then the sampled one below shorter
 * and shorter prefixes, a sixteenth of the schedule at a time, for as long
 * as the reduced search finishes, then the bounded one below up to three
 * more, an eighth at a time.  A sample whose schedules end in one state can
 * only catch a reduction that lost that state altogether; at least
 * @min_varied samples must have ended in more than one.
 */
static void check_config(struct config c, unsigned int nr_seeds, size_t min_free,
			 unsigned int min_varied)
{
	const struct sim_dfs_opts source_opts = { .por = true, .dpor = true, .preemption_bound = -1 };
	const struct sim_dfs_opts exact_p0 = { .por = true, .dpor = true, .preemption_bound = 0,
					       .exact_bound = true };
	unsigned int varied = 0, i;
	uint32_t *choices;
	size_t n, len, k;

	for (c.seed = 0; c.seed < nr_seeds; c.seed++) {
		recorded(&c, &choices, &n);
		/* With alloc faults not even two free choices stay within the budget. */
		if (min_free)
			assert_true(check_exactly(&c, choices, n) >= min_free);
		for (len = n - n / 16; len > n / 16; len -= n / 16) {
			k = check_sampled(&c, &source_opts, REDUCED_BUDGET, ANY_SCHEDULE, choices,
					  len);
			if (!k)
				break;
			varied += k > 1;
		}
		for (i = 0; i < 3 && len > n / 8; i++, len -= n / 8) {
			k = check_sampled(&c, &exact_p0, BOUNDED_BUDGET, NO_PREEMPTION, choices, len);
			if (!k)
				break;
			varied += k > 1;
		}
		free(choices);
	}
	assert_true(varied >= min_varied);
}

CXLSIM_TEST(reductions_are_sound_on_cxl_boot_base)
{
	check_config((struct config){ "minimal", "base", "boot", 0, 0 }, 4, 2, 3);
}

CXLSIM_TEST(reductions_are_sound_on_cxl_boot_series)
{
	check_config((struct config){ "minimal", "series", "boot", 0, 0 }, 4, 2, 1);
}

CXLSIM_TEST(reductions_are_sound_on_cxl_teardown_series)
{
	check_config((struct config){ "minimal", "series", "boot+teardown", 0, 0 }, 2, 2, 0);
}

/* With the fix merged after it: the series as merged deadlocks at once on accel. */
CXLSIM_TEST(reductions_are_sound_on_cxl_accel_series)
{
	check_config((struct config){ "accel", "series+autoremove-deadlock-fix", "accel", 0, 0 },
		     2, 2, 1);
}

CXLSIM_TEST(reductions_are_sound_on_cxl_faults_base)
{
	check_config((struct config){ "minimal", "base", "boot",
				      CXLSIM_FAULT_PROBE | CXLSIM_FAULT_DEFER, 0 }, 4, 2, 4);
}

CXLSIM_TEST(reductions_are_sound_on_cxl_alloc_faults_series)
{
	check_config((struct config){ "minimal", "series", "boot", CXLSIM_FAULT_ALLOC, 0 }, 4, 0, 3);
}
