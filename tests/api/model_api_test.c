// SPDX-License-Identifier: LGPL-2.1-or-later
/* <cxlsim/model.h> and the trace as data: the CXL model run from a program. */
#include <stdlib.h>

#include "api_test_util.h"

static bool violates(struct cxlsim_ctx *ctx, const char *property)
{
	size_t i;

	for (i = 0; i < cxlsim_ctx_violation_count(ctx); i++) {
		const char *p;

		cxlsim_ctx_violation(ctx, i, &p, NULL);
		if (!strcmp(p, property))
			return true;
	}
	return false;
}

struct seen {
	unsigned int checks, memdevs, bound;
};

/* A user property reading the end state: memdevs on the cxl bus, bound to cxl_mem. */
static void count_memdevs(struct cxlsim_ctx *ctx, void *priv)
{
	struct cxlsim_bus *cxl = cxlsim_bus_find(ctx, "cxl");
	struct seen *s = priv;
	struct cxlsim_device *dev;

	s->checks++;
	cxlsim_bus_foreach_device(cxl, dev)
	{
		struct cxlsim_driver *drv = cxlsim_device_driver(dev);

		if (strncmp(cxlsim_device_name(dev), "mem", 3))
			continue;
		s->memdevs++;
		s->bound += drv && !strcmp(cxlsim_driver_name(drv), "cxl_mem");
	}
	if (s->memdevs != s->bound)
		cxlsim_report(ctx, "all-bound", "%u of %u memdevs bound", s->bound, s->memdevs);
}

CXLSIM_TEST(model_run_checks_user_properties_on_the_cxl_model)
{
	const struct cxlsim_model_opts opts = {
		.size = sizeof(opts),
		.topology = "minimal",
		.kernel = "series",
	};
	struct seen s = { 0 };
	struct cxlsim_model *model;
	struct cxlsim_ctx *ctx;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_property_register(ctx, "all-bound", count_memdevs, &s), 0);
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, NULL, 0), 0);
	assert_int_equal(cxlsim_model_run(model), 0);
	assert_int_equal(s.checks, 1);
	assert_int_equal(s.memdevs, 1);
	assert_int_equal(s.bound, 1);
	assert_int_equal(cxlsim_ctx_violation_count(ctx), 0);
	cxlsim_model_free(model);
	cxlsim_ctx_free(ctx);
}

CXLSIM_TEST(model_base_violates_and_replays)
{
	const struct cxlsim_model_opts opts = { .size = sizeof(opts), .kernel = "base" };
	struct cxlsim_model *model;
	struct cxlsim_ctx *ctx;
	char *schedule = NULL;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, NULL, 0), 0);
	assert_int_equal(cxlsim_model_run(model), 0);
	assert_true(violates(ctx, "memdev-attached"));
	assert_int_equal(cxlsim_ctx_schedule(ctx, &schedule), 0);
	assert_int_equal(cxlsim_ctx_set_replay(ctx, schedule), 0);
	assert_int_equal(cxlsim_model_run(model), 0);
	assert_true(violates(ctx, "memdev-attached"));
	free(schedule);
	cxlsim_model_free(model);
	cxlsim_ctx_free(ctx);
}

CXLSIM_TEST(model_new_errors)
{
	struct cxlsim_model_opts opts = { .size = sizeof(opts), .model = "nosuch" };
	struct cxlsim_model *model, *other;
	struct cxlsim_ctx *ctx;
	char err[128];

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "nosuch"));
	opts.model = NULL;
	opts.kernel = "nosuch";
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, err, sizeof(err)), -EINVAL);
	assert_true(err[0] != '\0');
	opts.kernel = NULL;
	opts.workload = "nosuch";
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, NULL, 0), -EINVAL);
	opts.workload = NULL;
	opts.size = 4;
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, NULL, 0), -EINVAL);
	assert_int_equal(cxlsim_model_new(NULL, ctx, NULL, NULL, 0), -EINVAL);
	assert_int_equal(cxlsim_model_new(&model, NULL, NULL, NULL, 0), -EINVAL);
	/* Defaults; one model per context. */
	assert_int_equal(cxlsim_model_new(&model, ctx, NULL, NULL, 0), 0);
	assert_int_equal(cxlsim_model_new(&other, ctx, NULL, NULL, 0), -EBUSY);
	assert_int_equal(cxlsim_model_run(NULL), -EINVAL);
	cxlsim_model_free(model);
	cxlsim_model_free(NULL);
	/* Unbound: the context takes a model again. */
	assert_int_equal(cxlsim_model_new(&model, ctx, NULL, NULL, 0), 0);
	cxlsim_model_free(model);
	cxlsim_ctx_free(ctx);
}

static void traced(struct cxlsim_ctx *ctx, void *arg)
{
	(void)arg;
	cxlsim_yield(ctx, "here");
}

CXLSIM_TEST(trace_event_as_data)
{
	struct cxlsim_event ev = { .size = sizeof(ev) };
	struct cxlsim_ctx *ctx;
	size_t i;
	bool found = false;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, traced, NULL), 0);
	assert_true(cxlsim_ctx_trace_count(ctx) > 0);
	for (i = 0; i < cxlsim_ctx_trace_count(ctx); i++) {
		assert_int_equal(cxlsim_ctx_trace_event(ctx, i, &ev), 0);
		if (!strcmp(ev.name, "yield") && !strcmp(ev.object, "here")) {
			assert_string_equal(ev.task, "boot");
			found = true;
		}
	}
	assert_true(found);
	assert_int_equal(cxlsim_ctx_trace_event(ctx, i, &ev), -ERANGE);
	ev.size = 0;
	assert_int_equal(cxlsim_ctx_trace_event(ctx, 0, &ev), -EINVAL);
	assert_int_equal(cxlsim_ctx_trace_event(ctx, 0, NULL), -EINVAL);
	cxlsim_ctx_free(ctx);
}

struct tried {
	int dev, task;
};

static void no_release(struct cxlsim_device *dev)
{
	(void)dev;
}

static void no_task(struct cxlsim_ctx *ctx, void *arg)
{
	(void)ctx;
	(void)arg;
}

/* A property check runs after the run, in no task: it may read, never make objects. */
static void try_to_make_objects(struct cxlsim_ctx *ctx, void *priv)
{
	const struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = "late0",
		.release = no_release,
	};
	struct cxlsim_device *dev = NULL;
	struct tried *t = priv;

	t->dev = cxlsim_device_new(&dev, ctx, &info);
	t->task = cxlsim_task_spawn(ctx, "late", no_task, NULL);
}

/*
 * The two no-leak checks never meet: drv_core_check_leaks() runs only at the end of the
 * CXL model's teardown workload, and your own objects exist only in runs of your own
 * code (cxlsim_ctx_run()); a model run gives your code no task to make them in.  So an
 * object is reported once, by the check that knows its origin.
 */
CXLSIM_TEST(model_runs_give_user_code_no_task_so_no_object_is_reported_twice)
{
	const struct cxlsim_model_opts opts = {
		.size = sizeof(opts),
		.topology = "minimal",
		.kernel = "series",
		.workload = "boot+teardown",
	};
	struct tried t = { 1, 1 };
	struct cxlsim_model *model;
	struct cxlsim_ctx *ctx;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_property_register(ctx, "late", try_to_make_objects, &t), 0);
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, NULL, 0), 0);
	assert_int_equal(cxlsim_model_run(model), 0);
	assert_int_equal(t.dev, -EPERM);
	assert_int_equal(t.task, -EPERM);
	assert_false(violates(ctx, "no-leak"));
	cxlsim_model_free(model);
	cxlsim_ctx_free(ctx);
}
