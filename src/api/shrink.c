// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Shrinking a failing schedule.  Replay treats every choice past the end of
 * a schedule as 0 (no preemption), so a schedule is its choices up to the
 * last non-zero one.  Greedy passes, each candidate checked by a replay:
 *  1. the shortest prefix that still fails (binary search, then a linear
 *     walk back, since failing is not monotone in the prefix length);
 *  2. each remaining non-zero choice set to 0, last first;
 *  3. each remaining non-zero choice lowered (an earlier candidate).
 * After every accepted step the schedule is re-read from the replay itself,
 * so what is returned is exactly what replays.
 *
 * Before those, a pass that thinks in tasks rather than indices: dropping a
 * context switch by index shifts the meaning of every later index, so the
 * rest of the interleaving falls apart and the failure with it.  Replayed by
 * task ("at the k-th choice run task T if it can run"), one switch can go
 * while every later decision keeps picking the same tasks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/ctx.h"
#include "api/model.h"

bool cxlsim__engine_violated(const struct cxlsim__engine *e, const char *property)
{
	struct sim *s = cxlsim__ctx_sim(e->ctx);
	size_t i;

	for (i = 0; i < sim_violation_count(s); i++)
		if (!strcmp(sim_violation_get(s, i)->property, property))
			return true;
	return false;
}

/*
 * Every candidate is a whole run, and a large topology's run is long: the
 * passes stop trying once this many replays were spent (a count, not a
 * clock, so the result stays the same from run to run).
 */
#define SHRINK_MAX_REPLAYS 25000

struct shrinker {
	struct cxlsim__engine *e;
	const char *property;
	uint32_t *cur;
	size_t n;
	size_t tries;
	bool unlimited;		/* the last replay, which must run */
};

static bool spent(const struct shrinker *sh)
{
	return !sh->unlimited && sh->tries >= SHRINK_MAX_REPLAYS;
}

static size_t significant(const uint32_t *c, size_t n)
{
	while (n && !c[n - 1])
		n--;
	return n;
}

/* The run's schedule, decoded once, without its trailing zeros, is the one to beat now. */
static bool keep_schedule(struct shrinker *sh, const struct sim *s)
{
	const uint32_t *c = sim_schedule_choices(s);
	size_t len = c ? significant(c, sim_schedule_len(s)) : 0;
	uint32_t *copy;

	if (!c)
		return false;
	copy = malloc((len ? len : 1) * sizeof(*copy));
	if (!copy)
		return false;
	if (len)
		memcpy(copy, c, len * sizeof(*copy));
	free(sh->cur);
	sh->cur = copy;
	sh->n = len;
	return true;
}

static size_t preemptions(const uint32_t *c, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += c[i] != 0;
	return k;
}

/* Replay @c; when it still fails, adopt the replay's own choices and return true. */
static bool try_candidate(struct shrinker *sh, const uint32_t *c, size_t n)
{
	struct sim *s = cxlsim__ctx_sim(sh->e->ctx);
	struct sim_strategy *st;

	if (spent(sh))
		return false;
	sh->tries++;
	if (sim_strategy_replay_choices(&st, c, n))
		return false;
	cxlsim__ctx_set_strategy(sh->e->ctx, st);
	if (cxlsim__engine_run(sh->e) || !cxlsim__engine_violated(sh->e, sh->property) ||
	    cxlsim__engine_violated(sh->e, "replay"))
		return false;
	if (!keep_schedule(sh, s))
		return false;
	return true;
}

static void shrink_prefix(struct shrinker *sh)
{
	size_t lo = 0, hi = sh->n;

	/* Invariant: a prefix of hi choices fails. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t *probe = malloc((mid ? mid : 1) * sizeof(*probe));

		if (!probe)
			return;
		memcpy(probe, sh->cur, mid * sizeof(*probe));
		if (try_candidate(sh, probe, mid))
			hi = sh->n < mid ? sh->n : mid;
		else
			lo = mid + 1;
		free(probe);
	}
}

static bool zero_each(struct shrinker *sh)
{
	bool changed = false;
	size_t i;

	for (i = sh->n; i-- > 0 && !spent(sh);) {
		uint32_t *probe;

		if (i >= sh->n || !sh->cur[i])
			continue;
		probe = malloc(sh->n * sizeof(*probe));
		if (!probe)
			return changed;
		memcpy(probe, sh->cur, sh->n * sizeof(*probe));
		probe[i] = 0;
		changed |= try_candidate(sh, probe, sh->n);
		free(probe);
	}
	return changed;
}

/* Lower each non-zero choice: to 1, else to half its value (an earlier candidate). */
static bool lower_each(struct shrinker *sh)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < sh->n && !spent(sh); i++) {
		uint32_t tries[2], *probe;
		unsigned int t;

		if (sh->cur[i] < 2)
			continue;
		tries[0] = 1;
		tries[1] = sh->cur[i] / 2;
		for (t = 0; t < 2 && i < sh->n && tries[t] < sh->cur[i]; t++) {
			if (t && tries[1] <= tries[0])
				break;
			probe = malloc(sh->n * sizeof(*probe));
			if (!probe)
				return changed;
			memcpy(probe, sh->cur, sh->n * sizeof(*probe));
			probe[i] = tries[t];
			if (try_candidate(sh, probe, sh->n)) {
				changed = true;
				free(probe);
				break;
			}
			free(probe);
		}
	}
	return changed;
}

/* ---- replay by task ---- */

struct want {
	enum sim_choice_kind kind;
	uint32_t v;		/* SCHED: the task to run; else the value */
	uint32_t first;		/* SCHED: the task that ran without a switch (candidate 0) */
};

struct bytask {
	struct sim_strategy base;
	const struct want *w;
	size_t n;
	bool by_index;		/* w[].v are choice indices (to learn a schedule's tasks) */
	struct want *got;	/* what the run did, for the next pass */
	size_t got_n, got_cap;
};

static unsigned int bytask_choose(struct sim_strategy *st, struct sim *s, const struct sim_choice *c)
{
	struct bytask *b = container_of(st, struct bytask, base);
	unsigned int pick = 0, i;
	struct want g = { .kind = c->kind };

	if (c->step < b->n && b->by_index) {
		pick = b->w[c->step].v < c->n ? b->w[c->step].v : 0;
	} else if (c->step < b->n) {
		const struct want *w = &b->w[c->step];

		if (c->kind == SIM_CHOICE_SCHED && w->kind == SIM_CHOICE_SCHED) {
			for (i = 0; i < c->n; i++)
				if (sim_task_id(c->cand[i]) == w->v)
					pick = i;
		} else if (c->kind != SIM_CHOICE_SCHED && w->kind == c->kind && w->v < c->n) {
			pick = w->v;
		}
	}
	if (c->kind == SIM_CHOICE_SCHED) {
		g.v = sim_task_id(c->cand[pick]);
		g.first = sim_task_id(c->cand[0]);
	} else {
		g.v = pick;
	}
	if (b->got_n == b->got_cap) {
		size_t ncap = b->got_cap ? b->got_cap * 2 : 256;
		struct want *ng = realloc(b->got, ncap * sizeof(*ng));

		if (!ng)
			return pick;
		b->got = ng;
		b->got_cap = ncap;
	}
	b->got[b->got_n++] = g;
	return pick;
}

static void bytask_destroy(struct sim_strategy *st)
{
	struct bytask *b = container_of(st, struct bytask, base);

	free(b->got);
	free(b);
}

static const struct sim_strategy_ops bytask_ops = {
	.name = "replay-by-task",
	.choose = bytask_choose,
	.destroy = bytask_destroy,
};

/*
 * Run @w by task; when the run still fails, adopt its choices (as indices,
 * into sh->cur) and its decisions (as tasks, into *@tasks) and return true.
 */
static bool try_by_task_ex(struct shrinker *sh, const struct want *w, size_t n, bool by_index,
			   struct want **tasks, size_t *nt)
{
	struct sim *s = cxlsim__ctx_sim(sh->e->ctx);
	struct bytask *b = calloc(1, sizeof(*b));

	if (!b)
		return false;
	if (spent(sh)) {
		free(b);
		return false;
	}
	b->base.ops = &bytask_ops;
	b->w = w;
	b->n = n;
	b->by_index = by_index;
	sh->tries++;
	cxlsim__ctx_set_strategy(sh->e->ctx, &b->base);
	if (cxlsim__engine_run(sh->e) || !cxlsim__engine_violated(sh->e, sh->property))
		return false;
	if (!keep_schedule(sh, s))
		return false;
	free(*tasks);
	*tasks = b->got;
	*nt = b->got_n;
	b->got = NULL;
	return true;
}

/* Drop context switches one at a time, keeping every other decision's task. */
static bool drop_switches(struct shrinker *sh)
{
	struct want *tasks = NULL, *probe, *as_index;
	size_t nt = 0, i, k;
	bool changed = false;

	/* The failing run's decisions as tasks: replay its indices through the recorder. */
	as_index = calloc(sh->n ? sh->n : 1, sizeof(*as_index));
	if (!as_index)
		return false;
	for (k = 0; k < sh->n; k++) {
		as_index[k].kind = SIM_CHOICE_DATA;
		as_index[k].v = sh->cur[k];
	}
	if (!try_by_task_ex(sh, as_index, sh->n, true, &tasks, &nt)) {
		free(as_index);
		return false;
	}
	free(as_index);
	for (i = nt; i-- > 0 && !spent(sh);) {
		if (i >= nt || tasks[i].kind != SIM_CHOICE_SCHED || tasks[i].v == tasks[i].first)
			continue;
		probe = malloc(nt * sizeof(*probe));
		if (!probe)
			break;
		memcpy(probe, tasks, nt * sizeof(*probe));
		probe[i].v = probe[i].first;
		if (try_by_task_ex(sh, probe, nt, false, &tasks, &nt))
			changed = true;
		free(probe);
	}
	free(tasks);
	return changed;
}

#define SEARCH_BUDGET 5000
#define SEARCH_MAX_VALUE 3

/* Try zeros with non-zero values at @k positions (k = 1 or 2) before sh->n. */
static bool search_few(struct shrinker *sh, int k, size_t *budget)
{
	size_t len = sh->n, i, j;
	uint32_t *probe = calloc(len ? len : 1, sizeof(*probe));
	uint32_t a, b;
	bool found = false;

	if (!probe)
		return false;
	for (i = 0; i < len && !found; i++) {
		for (a = 1; a <= SEARCH_MAX_VALUE && !found; a++) {
			if (k == 1) {
				if (!(*budget)--)
					goto out;
				probe[i] = a;
				found = try_candidate(sh, probe, i + 1);
				probe[i] = 0;
				continue;
			}
			for (j = i + 1; j < len && !found; j++) {
				for (b = 1; b <= SEARCH_MAX_VALUE && !found; b++) {
					if (!(*budget)--)
						goto out;
					probe[i] = a;
					probe[j] = b;
					found = try_candidate(sh, probe, j + 1);
					probe[i] = probe[j] = 0;
				}
			}
		}
	}
out:
	free(probe);
	return found;
}

int cxlsim__shrink(struct cxlsim__engine *e, const char *property, const uint32_t *choices,
		   size_t n, uint32_t **out, size_t *out_n, struct cxlsim__shrink_stats *stats)
{
	struct shrinker sh = { .e = e, .property = property };
	bool budget_spent;
	int rounds = 0;

	if (!try_candidate(&sh, choices, n))
		return -EINVAL;
	if (stats) {
		stats->before_len = significant(choices, n);
		stats->before_preempt = preemptions(choices, n);
	}
	if (preemptions(sh.cur, sh.n) > 1) {
		size_t budget = SEARCH_BUDGET;

		if (!search_few(&sh, 1, &budget) && preemptions(sh.cur, sh.n) > 2)
			search_few(&sh, 2, &budget);
	}
	for (;;) {
		bool zeroed, lowered, dropped;

		dropped = drop_switches(&sh);
		shrink_prefix(&sh);
		zeroed = zero_each(&sh);
		lowered = lower_each(&sh);
		if (!(zeroed || lowered || dropped) || ++rounds == 16 || spent(&sh))
			break;
	}
	/* Leave the engine holding the run of the result. */
	budget_spent = spent(&sh);
	sh.unlimited = true;
	if (!try_candidate(&sh, sh.cur, sh.n)) {
		free(sh.cur);
		return -EIO;
	}
	if (stats) {
		stats->budget_spent = budget_spent;
		stats->tries = sh.tries;
		stats->after_len = sh.n;
		stats->after_preempt = preemptions(sh.cur, sh.n);
	}
	*out = sh.cur;
	*out_n = sh.n;
	return 0;
}
