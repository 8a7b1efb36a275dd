// SPDX-License-Identifier: LGPL-2.1-or-later
/* The random and replay strategies. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

struct random_strategy {
	struct sim_strategy base;
	uint64_t seed;
	struct sim_rng rng;
};

static unsigned int random_choose(struct sim_strategy *st, struct sim *s,
				  const struct sim_choice *c)
{
	struct random_strategy *r = container_of(st, struct random_strategy, base);

	/* Faults are rare, so a run goes on past the first allocation: one in 16. */
	if (c->kind == SIM_CHOICE_FAULT)
		return sim_rng_below(&r->rng, 16) == 0;
	return (unsigned int)sim_rng_below(&r->rng, c->n);
}

static void random_begin(struct sim_strategy *st, struct sim *s)
{
	struct random_strategy *r = container_of(st, struct random_strategy, base);

	sim_rng_seed(&r->rng, r->seed);
}

static void random_destroy(struct sim_strategy *st)
{
	free(container_of(st, struct random_strategy, base));
}

static const struct sim_strategy_ops random_ops = {
	.name = "random",
	.choose = random_choose,
	.ignores_cand = true,
	.begin = random_begin,
	.destroy = random_destroy,
};

struct sim_strategy *sim_strategy_random(uint64_t seed)
{
	struct random_strategy *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->base.ops = &random_ops;
	r->seed = seed;
	sim_rng_seed(&r->rng, seed);
	return &r->base;
}

struct replay_strategy {
	struct sim_strategy base;
	uint32_t *choices;
	size_t n;
};

static unsigned int replay_choose(struct sim_strategy *st, struct sim *s,
				  const struct sim_choice *c)
{
	struct replay_strategy *r = container_of(st, struct replay_strategy, base);

	/* An out-of-range answer is reported by the scheduler as a "replay" violation. */
	return c->step < r->n ? r->choices[c->step] : 0;
}

static void replay_destroy(struct sim_strategy *st)
{
	struct replay_strategy *r = container_of(st, struct replay_strategy, base);

	free(r->choices);
	free(r);
}

static const struct sim_strategy_ops replay_ops = {
	.name = "replay",
	.choose = replay_choose,
	.ignores_cand = true,
	.destroy = replay_destroy,
};

int sim_strategy_replay(struct sim_strategy **out, const char *schedule)
{
	struct replay_strategy *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return -ENOMEM;
	ret = sim_schedule_decode(schedule, &r->choices, &r->n);
	if (ret) {
		free(r);
		return ret;
	}
	r->base.ops = &replay_ops;
	*out = &r->base;
	return 0;
}

int sim_strategy_replay_choices(struct sim_strategy **out, const uint32_t *choices, size_t n)
{
	struct replay_strategy *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->choices = malloc((n ? n : 1) * sizeof(*choices));
	if (!r->choices) {
		free(r);
		return -ENOMEM;
	}
	if (n)
		memcpy(r->choices, choices, n * sizeof(*choices));
	r->n = n;
	r->base.ops = &replay_ops;
	*out = &r->base;
	return 0;
}

/*
 * A replayed prefix, then random choices.  A recorded choice that no longer
 * fits (the code changed since the schedule was saved) is taken modulo the
 * alternatives there are now, so an old schedule still steers a new search.
 */
struct then_strategy {
	struct replay_strategy replay;
	uint64_t seed;
	struct sim_rng rng;
};

static unsigned int then_choose(struct sim_strategy *st, struct sim *s, const struct sim_choice *c)
{
	struct then_strategy *t = container_of(st, struct then_strategy, replay.base);

	if (c->step < t->replay.n)
		return t->replay.choices[c->step] % c->n;
	return (unsigned int)sim_rng_below(&t->rng, c->n);
}

static void then_begin(struct sim_strategy *st, struct sim *s)
{
	struct then_strategy *t = container_of(st, struct then_strategy, replay.base);

	sim_rng_seed(&t->rng, t->seed);
}

static void then_destroy(struct sim_strategy *st)
{
	struct then_strategy *t = container_of(st, struct then_strategy, replay.base);

	free(t->replay.choices);
	free(t);
}

static const struct sim_strategy_ops then_ops = {
	.name = "replay-then-random",
	.choose = then_choose,
	.begin = then_begin,
	.destroy = then_destroy,
};

int sim_strategy_replay_then_random(struct sim_strategy **out, const char *schedule,
				    uint64_t seed)
{
	struct then_strategy *t = calloc(1, sizeof(*t));
	int ret;

	if (!t)
		return -ENOMEM;
	ret = sim_schedule_decode(schedule, &t->replay.choices, &t->replay.n);
	if (ret) {
		free(t);
		return ret;
	}
	t->replay.base.ops = &then_ops;
	t->seed = seed;
	*out = &t->replay.base;
	return 0;
}

void sim_strategy_destroy(struct sim_strategy *st)
{
	if (st && st->ops->destroy)
		st->ops->destroy(st);
}
