// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, ASPLOS 2010).  Every task gets a random priority above d; the
 * highest-priority runnable task always runs; at d-1 random choice points
 * the running task drops to priority 1..d-1.  A bug of depth d is then found
 * with probability at least 1/(n * k^(d-1)) per schedule, for n tasks and k
 * choices.  n and k are not known before the first run, so the strategy
 * starts from estimates and keeps the largest values it observed.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define PCT_MAX_DEPTH 16

struct pct_strategy {
	struct sim_strategy base;
	uint64_t seed;
	unsigned int depth;
	uint64_t est_steps;
	uint64_t est_tasks;
	uint64_t change[PCT_MAX_DEPTH];
	struct sim_rng rng;
	uint64_t *prio;			/* by task id; 0 = not seen yet */
	size_t cap;
	uint64_t observed_steps, observed_tasks;
};

static uint64_t *prio_of(struct pct_strategy *p, struct sim_task *t)
{
	uint32_t id = sim_task_id(t);

	if (id >= p->cap) {
		size_t ncap = p->cap ? p->cap : 64;
		uint64_t *n;

		while (ncap <= id)
			ncap *= 2;
		n = realloc(p->prio, ncap * sizeof(*n));
		if (!n)
			return NULL;
		memset(n + p->cap, 0, (ncap - p->cap) * sizeof(*n));
		p->prio = n;
		p->cap = ncap;
	}
	if (!p->prio[id])
		/* Initial priorities sit above every change-point priority. */
		p->prio[id] = p->depth + 1 + (sim_rng_next(&p->rng) >> 8);
	return &p->prio[id];
}

static unsigned int pct_choose(struct sim_strategy *st, struct sim *s, const struct sim_choice *c)
{
	struct pct_strategy *p = container_of(st, struct pct_strategy, base);
	unsigned int i, best = 0;
	uint64_t best_prio = 0;

	if (c->step + 1 > p->observed_steps)
		p->observed_steps = c->step + 1;
	if (sim_task_count(s) > p->observed_tasks)
		p->observed_tasks = sim_task_count(s);
	if (c->kind != SIM_CHOICE_SCHED)
		return (unsigned int)sim_rng_below(&p->rng, c->n);
	if (c->preemption) {
		for (i = 0; i + 1 < p->depth; i++) {
			uint64_t *pr;

			if (p->change[i] != c->step)
				continue;
			pr = prio_of(p, c->cand[0]);
			if (pr)
				*pr = i + 1;
		}
	}
	for (i = 0; i < c->n; i++) {
		uint64_t *pr = prio_of(p, c->cand[i]);

		if (pr && *pr > best_prio) {
			best_prio = *pr;
			best = i;
		}
	}
	return best;
}

static void pct_begin(struct sim_strategy *st, struct sim *s)
{
	struct pct_strategy *p = container_of(st, struct pct_strategy, base);
	unsigned int i;

	sim_rng_seed(&p->rng, p->seed);
	if (p->prio)
		memset(p->prio, 0, p->cap * sizeof(*p->prio));
	for (i = 0; i + 1 < p->depth; i++)
		p->change[i] = sim_rng_below(&p->rng, p->est_steps);
}

static void pct_destroy(struct sim_strategy *st)
{
	struct pct_strategy *p = container_of(st, struct pct_strategy, base);

	free(p->prio);
	free(p);
}

static const struct sim_strategy_ops pct_ops = {
	.name = "pct",
	.choose = pct_choose,
	.begin = pct_begin,
	.destroy = pct_destroy,
};

struct sim_strategy *sim_strategy_pct(uint64_t seed, unsigned int depth, uint64_t est_steps)
{
	struct pct_strategy *p;

	if (!depth || depth > PCT_MAX_DEPTH)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->base.ops = &pct_ops;
	p->seed = seed;
	p->depth = depth;
	p->est_steps = est_steps ? est_steps : 1;
	return &p->base;
}

void sim_strategy_pct_observed(const struct sim_strategy *st, uint64_t *steps, uint64_t *tasks)
{
	const struct pct_strategy *p = container_of(st, struct pct_strategy, base);

	*steps = p->observed_steps;
	*tasks = p->observed_tasks;
}
