/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef CXLSIM_TEST_SIM_UTIL_H
#define CXLSIM_TEST_SIM_UTIL_H

#include "harness.h"
#include "sim/sim.h"

/* A fresh simulation driven by a seeded random strategy. */
static inline struct sim *new_sim(uint64_t seed, struct sim_strategy **st)
{
	struct sim *s;

	assert_int_equal(sim_new(&s, NULL), 0);
	*st = sim_strategy_random(seed);
	assert_non_null(*st);
	sim_set_strategy(s, *st);
	return s;
}

static inline void free_sim(struct sim *s, struct sim_strategy *st)
{
	sim_destroy(s);
	sim_strategy_destroy(st);
}

static inline size_t count_violations(const struct sim *s, const char *property)
{
	size_t i, n = 0;

	for (i = 0; i < sim_violation_count(s); i++)
		if (!property || !strcmp(sim_violation_get(s, i)->property, property))
			n++;
	return n;
}

#endif
