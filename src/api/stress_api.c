// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public face of stress runs (<cxlsim/stress.h>) over api/stress.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <cxlsim/stress.h>

#include "api/stress.h"

struct cxlsim_stress {
	struct cxlsim__stress_result r;
};

/* A member of the caller's options, when its @size says the struct has it. */
#define HAS(o, member) ((o)->size >= offsetof(__typeof__(*(o)), member) + sizeof((o)->member))

CXLSIM_API int cxlsim_stress_run(struct cxlsim_stress **out, const struct cxlsim_stress_opts *opts,
				 char *err, size_t errlen)
{
	const struct cxlsim_model_opts *mo;
	struct cxlsim__stress_opts so = { 0 };
	struct cxlsim_stress *st;
	const char *name;
	int ret;

	err = cxlsim__err_buf(err, &errlen);
	if (!out || !opts || !HAS(opts, max_steps) || !opts->iterations)
		return -EINVAL;
	mo = opts->model;
	if (mo && !HAS(mo, workload))
		return -EINVAL;
	name = mo && mo->model ? mo->model : "cxl";
	so.model = cxlsim__model_find(name);
	if (!so.model) {
		const char *why = cxlsim__model_absent_reason(name);

		if (why)
			snprintf(err, errlen, "model '%s' is not built in: %s", name, why);
		else
			snprintf(err, errlen, "unknown model '%s'", name);
		return -EINVAL;
	}
	if (mo) {
		so.mopts.topology = mo->topology;
		so.mopts.kernel = mo->kernel;
		so.mopts.workload = mo->workload;
		if (HAS(mo, builtin))
			so.mopts.builtin = mo->builtin;
		if (HAS(mo, link_order))
			so.mopts.link_order = mo->link_order;
	}
	so.iterations = opts->iterations;
	so.machines = opts->machines ? opts->machines : 1;
	so.seed = opts->seed;
	so.max_steps = opts->max_steps;
	if (HAS(opts, progress_arg)) {
		so.progress = opts->progress;
		so.progress_arg = opts->progress_arg;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	ret = cxlsim__stress(&so, &st->r, err, errlen);
	if (ret) {
		cxlsim__stress_result_free(&st->r);
		free(st);
		return ret;
	}
	*out = st;
	return 0;
}

CXLSIM_API uint64_t cxlsim_stress_iterations(const struct cxlsim_stress *st, uint64_t *violating)
{
	if (violating)
		*violating = st ? st->r.violating : 0;
	return st ? st->r.iterations : 0;
}

CXLSIM_API size_t cxlsim_stress_property_count(const struct cxlsim_stress *st)
{
	return st ? st->r.nr_counts : 0;
}

CXLSIM_API int cxlsim_stress_property(const struct cxlsim_stress *st, size_t i,
				      const char **property, uint64_t *iterations,
				      const char **first)
{
	const struct cxlsim__stress_count *c;

	if (!st || i >= st->r.nr_counts)
		return -EINVAL;
	c = &st->r.counts[i];
	if (property)
		*property = c->property;
	if (iterations)
		*iterations = c->iterations;
	if (first)
		*first = c->first_msg;
	return 0;
}

CXLSIM_API void cxlsim_stress_free(struct cxlsim_stress *st)
{
	if (!st)
		return;
	cxlsim__stress_result_free(&st->r);
	free(st);
}
