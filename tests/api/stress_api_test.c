// SPDX-License-Identifier: LGPL-2.1-or-later
/* <cxlsim/stress.h>: a stress run from a program, with its progress callback. */
#include <stdlib.h>

#include "api_test_util.h"

struct prog {
	uint64_t calls, last_done, last_violating;
	bool in_order;
};

static void on_progress(void *arg, uint64_t done, uint64_t violating)
{
	struct prog *p = arg;

	/* One call at a time, after each counted iteration: done goes up by one. */
	p->in_order &= done == p->last_done + 1 && violating <= done &&
		       violating >= p->last_violating;
	p->calls++;
	p->last_done = done;
	p->last_violating = violating;
}

CXLSIM_TEST(stress_run_counts_and_reports_each_iteration)
{
	const struct cxlsim_model_opts mo = { .size = sizeof(mo), .topology = "minimal" };
	struct prog p = { .in_order = true };
	const struct cxlsim_stress_opts opts = {
		.size = sizeof(opts),
		.model = &mo,
		.iterations = 12,
		.machines = 2,
		.seed = 3,
		.progress = on_progress,
		.progress_arg = &p,
	};
	struct cxlsim_stress *st;
	uint64_t violating, n, sum = 0;
	const char *prop, *first;
	size_t i;

	assert_int_equal(cxlsim_stress_run(&st, &opts, NULL, 0), 0);
	assert_int_equal(cxlsim_stress_iterations(st, &violating), 12);
	assert_int_equal(p.calls, 12);
	assert_int_equal(p.last_done, 12);
	assert_int_equal(p.last_violating, violating);
	assert_true(p.in_order);
	/*
	 * The OS picks the interleaving, so the counts vary from run to run
	 * (under the sanitizers too): only their shape is fixed.  The model's
	 * properties come first, in its order.
	 */
	assert_true(violating <= 12);
	assert_true(cxlsim_stress_property_count(st) > 0);
	assert_int_equal(cxlsim_stress_property(st, 0, &prop, &n, &first), 0);
	assert_string_equal(prop, "memdev-attached");
	assert_true(n <= violating);
	assert_true(!n == !first);
	for (i = 0; i < cxlsim_stress_property_count(st); i++) {
		assert_int_equal(cxlsim_stress_property(st, i, NULL, &n, NULL), 0);
		sum += n;
	}
	assert_true(sum >= violating);
	assert_int_equal(cxlsim_stress_property(st, i, &prop, &n, &first), -EINVAL);
	cxlsim_stress_free(st);
}

CXLSIM_TEST(stress_run_refuses_bad_options)
{
	const struct cxlsim_model_opts bad_model = { .size = sizeof(bad_model), .model = "nosuch" };
	const struct cxlsim_model_opts bad_topo = { .size = sizeof(bad_topo),
						    .topology = "nosuch" };
	struct cxlsim_stress_opts opts = { .size = sizeof(opts), .iterations = 1 };
	struct cxlsim_stress *st = NULL;
	char err[256];

	assert_int_equal(cxlsim_stress_run(NULL, &opts, NULL, 0), -EINVAL);
	assert_int_equal(cxlsim_stress_run(&st, NULL, NULL, 0), -EINVAL);
	opts.iterations = 0;
	assert_int_equal(cxlsim_stress_run(&st, &opts, NULL, 0), -EINVAL);
	opts.iterations = 1;
	opts.size = 8;
	assert_int_equal(cxlsim_stress_run(&st, &opts, NULL, 0), -EINVAL);
	opts.size = sizeof(opts);
	opts.model = &bad_model;
	assert_int_equal(cxlsim_stress_run(&st, &opts, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown model 'nosuch'"));
	opts.model = &bad_topo;
	assert_int_equal(cxlsim_stress_run(&st, &opts, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nosuch"));
	assert_null(st);
	/* NULL counts read as none. */
	assert_int_equal(cxlsim_stress_iterations(NULL, NULL), 0);
	assert_int_equal(cxlsim_stress_property_count(NULL), 0);
	cxlsim_stress_free(NULL);
}
