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

void sim_strategy_destroy(struct sim_strategy *st)
{
	if (st && st->ops->destroy)
		st->ops->destroy(st);
}
