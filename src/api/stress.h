/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Stress runs: a model run again and again on the thread executor, several
 * simulated machines at once, counting the iterations that violate each
 * property.  `cxlsim stress` and the benchmarks use it; <cxlsim/stress.h>
 * (api/stress_api.c) is its public face.
 *
 * Each machine is its own context (its own simulation, its own task
 * threads, its own copy of the parsed model options); machines share only
 * the iteration counter and the tallies, under one mutex.  With T machines
 * of a model that has N tasks, up to T*N task threads exist at once, of
 * which at most T run model code at any instant (one per machine's lock).
 */
#ifndef CXLSIM_API_STRESS_H
#define CXLSIM_API_STRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "api/model.h"

struct cxlsim__stress_opts {
	const struct cxlsim__model *model;
	struct cxlsim__model_opts mopts;
	uint64_t iterations;   /* at most this many runs in all */
	unsigned int machines; /* runs at once, each in its own context (>= 1) */
	uint64_t seed;	       /* iteration i seeds its fault/data choices with seed + i */
	uint64_t max_steps;    /* 0: the default bound */
	/* When set, stop every machine once a run violates this property. */
	const char *stop_on;
	/*
	 * When set, called after every run is counted with the runs done and
	 * the runs with some violation so far: a display (a progress line),
	 * nothing a run depends on.  Called from the machines' threads, one
	 * call at a time (under the tallies' mutex): keep it short, and do
	 * not call back into the stress run.
	 */
	void (*progress)(void *arg, uint64_t done, uint64_t violating);
	void *progress_arg;
};

/* One property: how many iterations violated it, and the first message. */
struct cxlsim__stress_count {
	char *property;
	uint64_t iterations;
	char *first_msg;
};

struct cxlsim__stress_result {
	uint64_t iterations; /* runs completed */
	uint64_t violating;  /* runs with any violation */
	/* The model's properties in its order, then any other property reported. */
	struct cxlsim__stress_count *counts;
	size_t nr_counts;
	/* stop_on: runs completed when the first violating run completed (0: none). */
	uint64_t stop_after;
	double seconds;		  /* wall clock of the whole stress run */
	uint64_t steps, switches; /* summed over every run */
};

/*
 * Run the stress.  Returns 0 (look at @r), -EINVAL for bad model options
 * (the problem in @err, as the model's prepare writes it), -ENOMEM, or
 * another negative errno when a machine or a run could not start.  Free @r
 * with cxlsim__stress_result_free() whatever the return.
 */
int cxlsim__stress(const struct cxlsim__stress_opts *o, struct cxlsim__stress_result *r, char *err,
		   size_t errlen);
void cxlsim__stress_result_free(struct cxlsim__stress_result *r);

#endif /* CXLSIM_API_STRESS_H */
