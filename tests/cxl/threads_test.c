// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The models on the thread executor: the demo bus and the CXL workloads run
 * on real threads (tsan_*: `make check TSAN=1` runs them under
 * ThreadSanitizer).  The interleaving is the OS's, so only what holds on
 * every interleaving is asserted: the series' fixes, and the lifetime
 * properties that hold everywhere.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "api/stress.h"

static uint64_t count(const struct cxlsim__stress_result *r, const char *prop)
{
	size_t i;

	for (i = 0; i < r->nr_counts; i++)
		if (!strcmp(r->counts[i].property, prop))
			return r->counts[i].iterations;
	return 0;
}

static void stress(const char *model, const char *topology, const char *kernel,
		   const char *workload, uint64_t iterations, unsigned int machines,
		   struct cxlsim__stress_result *r)
{
	struct cxlsim__stress_opts o = {
		.model = cxlsim__model_find(model),
		.mopts = { .topology = topology, .kernel = kernel, .workload = workload },
		.iterations = iterations,
		.machines = machines,
	};
	char err[256];

	assert_non_null(o.model);
	assert_int_equal(cxlsim__stress(&o, r, err, sizeof(err)), 0);
	assert_int_equal(r->iterations, iterations);
}

/* Properties no variant and no interleaving may violate. */
static void assert_lifetimes_hold(const struct cxlsim__stress_result *r)
{
	static const char *const always[] = { "devres-once", "no-uaf",
					      "no-leak",     "module-safety",
					      "no-deadlock", "no-livelock",
					      NULL };
	size_t i;

	for (i = 0; always[i]; i++)
		assert_int_equal(count(r, always[i]), 0);
}

CXLSIM_TEST(tsan_threads_demo_model)
{
	struct cxlsim__stress_result r;

	stress("demo", NULL, NULL, NULL, 40, 2, &r);
	assert_int_equal(r.violating, 0);
	assert_true(r.steps > 0);
	cxlsim__stress_result_free(&r);
}

CXLSIM_TEST(tsan_threads_cxl_boot_base)
{
	struct cxlsim__stress_result r;

	stress("cxl", NULL, "base", "boot", 12, 2, &r);
	assert_lifetimes_hold(&r);
	cxlsim__stress_result_free(&r);
}

CXLSIM_TEST(tsan_threads_cxl_boot_series_keeps_its_promises)
{
	struct cxlsim__stress_result r;

	stress("cxl", NULL, "series", "boot", 12, 2, &r);
	assert_lifetimes_hold(&r);
	assert_int_equal(count(&r, "memdev-attached"), 0);
	assert_int_equal(count(&r, "probe-sync-point"), 0);
	cxlsim__stress_result_free(&r);
}

CXLSIM_TEST(tsan_threads_cxl_teardown)
{
	struct cxlsim__stress_result r;

	stress("cxl", NULL, "series", "boot+teardown", 4, 2, &r);
	assert_lifetimes_hold(&r);
	cxlsim__stress_result_free(&r);
}

/* With 318c58852e68: the series as merged self-deadlocks on every accel run. */
CXLSIM_TEST(tsan_threads_cxl_accel)
{
	struct cxlsim__stress_result r;

	stress("cxl", NULL, "series+autoremove-deadlock-fix", "accel", 8, 1, &r);
	assert_lifetimes_hold(&r);
	cxlsim__stress_result_free(&r);
}

/* One run through the public context, as a program would ask for it. */
static void boot(struct cxlsim_ctx *ctx, void *arg)
{
	int *ran = arg;

	cxlsim_yield(ctx, "first");
	(*ran)++;
}

CXLSIM_TEST(tsan_threads_public_context)
{
	struct cxlsim_opts o = { .size = sizeof(o), .executor = CXLSIM_EXECUTOR_THREADS };
	struct cxlsim_ctx *ctx;
	int ran = 0;

	assert_int_equal(cxlsim_ctx_new(&ctx, &o), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, boot, &ran), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(cxlsim_ctx_violation_count(ctx), 0);
	assert_true(cxlsim_ctx_trace_count(ctx) > 0);
	cxlsim_ctx_free(ctx);
	o.executor = 7;
	assert_int_equal(cxlsim_ctx_new(&ctx, &o), -EINVAL);
}

CXLSIM_TEST(tsan_threads_stress_stops_at_first_violation)
{
	struct cxlsim__stress_opts o = {
		.model = cxlsim__model_find("cxl"),
		.iterations = 1000,
		.machines = 2,
		.stop_on = "memdev-attached",
	};
	struct cxlsim__stress_result r;
	char err[256];

	assert_int_equal(cxlsim__stress(&o, &r, err, sizeof(err)), 0);
	/* base violates it on almost every interleaving: found long before 1000 runs */
	assert_true(r.stop_after >= 1);
	assert_true(r.iterations < 1000);
	assert_int_equal(count(&r, "memdev-attached"), 1);
	cxlsim__stress_result_free(&r);
}

CXLSIM_TEST(stress_rejects_bad_model_options)
{
	struct cxlsim__stress_opts o = {
		.model = cxlsim__model_find("cxl"),
		.mopts = { .kernel = "no-such-kernel" },
		.iterations = 3,
		.machines = 3,
	};
	struct cxlsim__stress_result r;
	char err[256];

	assert_int_equal(cxlsim__stress(&o, &r, err, sizeof(err)), -EINVAL);
	assert_true(err[0] != '\0');
	cxlsim__stress_result_free(&r);
}

CXLSIM_TEST(generated_topology_boots_every_memdev)
{
	struct cxlsim__model_opts mo = { .topology = "gen:40", .kernel = "series" };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[256], buf[256];

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(
		cxlsim__engine_init(&e, ctx, cxlsim__model_find("cxl"), &mo, err, sizeof(err)), 0);
	assert_int_equal(cxlsim__engine_run(&e), 0);
	assert_int_equal(cxlsim_ctx_violation_count(ctx), 0);
	e.model->outcome(cxlsim__ctx_sim(ctx), e.priv, buf, sizeof(buf));
	assert_non_null(strstr(buf, "memdevs 40/40 bound"));
	cxlsim__engine_release(&e);
	mo.topology = "gen:0";
	assert_int_equal(cxlsim__engine_init(&e, ctx, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "gen:N"));
	cxlsim_ctx_free(ctx);
}
