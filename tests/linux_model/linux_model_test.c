// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * --model linux: the kernel's own drivers/cxl (Debian's 6.12 or LINUX_SRC)
 * booting on the mock platform.  Every case is skipped, not failed, when the
 * build had no kernel tree and so no linux model.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"

struct counts {
	unsigned int runs;
	unsigned int memdev_attached, unimplemented, deadlock, uaf, devres, other;
	char first_other[512];
};

static const struct cxlsim__model *linux_model(void)
{
	return cxlsim__model_find("linux");
}

static void engine_new(struct cxlsim__engine *e, struct cxlsim_ctx **ctx, const char *topology)
{
	struct cxlsim__model_opts mo = { .topology = topology, .kernel = NULL, .workload = NULL };
	char err[256] = "";
	int rc;

	assert_int_equal(cxlsim_ctx_new(ctx, NULL), 0);
	rc = cxlsim__engine_init(e, *ctx, linux_model(), &mo, err, sizeof(err));
	if (rc)
		fprintf(stderr, "linux model: %s\n", err);
	assert_int_equal(rc, 0);
}

static void engine_free(struct cxlsim__engine *e, struct cxlsim_ctx *ctx)
{
	cxlsim__engine_release(e);
	cxlsim_ctx_free(ctx);
}

/* @runs random schedules from seed 0: which properties each violated (once per schedule). */
static void explore(const char *topology, unsigned int runs, struct counts *c)
{
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	unsigned int seed;

	memset(c, 0, sizeof(*c));
	engine_new(&e, &ctx, topology);
	for (seed = 0; seed < runs; seed++) {
		bool ma = false, un = false, dl = false, uaf = false, dr = false, ot = false;
		size_t v;

		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		c->runs++;
		for (v = 0; v < cxlsim_ctx_violation_count(ctx); v++) {
			const char *prop, *msg;

			cxlsim_ctx_violation(ctx, v, &prop, &msg);
			if (!strcmp(prop, "memdev-attached")) {
				ma = true;
			} else if (!strcmp(prop, "unimplemented")) {
				if (!un)
					fprintf(stderr, "seed %u: unimplemented: %s\n", seed, msg);
				un = true;
			} else if (!strcmp(prop, "no-deadlock")) {
				dl = true;
			} else if (!strcmp(prop, "no-uaf")) {
				uaf = true;
			} else if (!strcmp(prop, "devres-once")) {
				dr = true;
			} else {
				if (!c->other)
					snprintf(c->first_other, sizeof(c->first_other), "%s: %s",
						 prop, msg);
				ot = true;
			}
		}
		c->memdev_attached += ma;
		c->unimplemented += un;
		c->deadlock += dl;
		c->uaf += uaf;
		c->devres += dr;
		c->other += ot;
	}
	engine_free(&e, ctx);
	if (c->other)
		fprintf(stderr, "%s: first other violation: %s\n", topology, c->first_other);
}

CXLSIM_TEST(boot_minimal_reaches_no_unimplemented_symbol)
{
	struct counts c;

	if (!linux_model()) {
		skip();
		return;
	}
	explore("minimal", 20, &c);
	assert_int_equal(c.unimplemented, 0);
}

CXLSIM_TEST(boot_default_reaches_no_unimplemented_symbol)
{
	struct counts c;

	if (!linux_model()) {
		skip();
		return;
	}
	explore("default", 20, &c);
	assert_int_equal(c.unimplemented, 0);
}

/* The generic properties hold on a plain boot of the real code. */
CXLSIM_TEST(plain_boot_has_no_deadlock_uaf_or_devres_violation)
{
	struct counts c;

	if (!linux_model()) {
		skip();
		return;
	}
	explore("minimal", 50, &c);
	assert_int_equal(c.deadlock, 0);
	assert_int_equal(c.uaf, 0);
	assert_int_equal(c.devres, 0);
	explore("default", 20, &c);
	assert_int_equal(c.deadlock, 0);
	assert_int_equal(c.uaf, 0);
	assert_int_equal(c.devres, 0);
	/* Nor lock-order or lockdep: device mutexes are novalidate, as in the kernel. */
	assert_int_equal(c.other, 0);
}

/*
 * 6.12's devm_cxl_add_memdev() only adds memN: udev loads cxl_mem for memN's
 * own uevent, later, so the call can return before cxl_mem ever saw memN --
 * the race the series fixed.  It must show on the real code.
 */
CXLSIM_TEST(memdev_attached_violated_on_real_6_12_within_100_runs)
{
	struct counts c;

	if (!linux_model()) {
		skip();
		return;
	}
	explore("default", 100, &c);
	assert_true(c.memdev_attached > 0);
}

CXLSIM_TEST(same_seed_gives_a_byte_identical_trace)
{
	struct cxlsim__engine a, b;
	struct cxlsim_ctx *ca, *cb;

	if (!linux_model()) {
		skip();
		return;
	}
	/* One simulation at a time holds the kernel image: run a, let it go, then b. */
	engine_new(&a, &ca, "default");
	cxlsim_ctx_set_random(ca, 7);
	assert_int_equal(cxlsim__engine_run(&a), 0);
	assert_true(sim_trace_len(cxlsim__ctx_sim(ca)) > 0);
	cxlsim__engine_release(&a);
	engine_new(&b, &cb, "default");
	cxlsim_ctx_set_random(cb, 7);
	assert_int_equal(cxlsim__engine_run(&b), 0);
	assert_int_equal(sim_trace_diff(cxlsim__ctx_sim(ca), cxlsim__ctx_sim(cb)), -1);
	cxlsim_ctx_free(ca);
	engine_free(&b, cb);
}

CXLSIM_TEST(kernel_option_is_refused_with_a_reason)
{
	struct cxlsim__model_opts mo = { .topology = "minimal",
					 .kernel = "base",
					 .workload = NULL };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[256] = "";

	if (!linux_model()) {
		skip();
		return;
	}
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim__engine_init(&e, ctx, linux_model(), &mo, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "--kernel"));
	cxlsim_ctx_free(ctx);
}

/*
 * Once udev has loaded what the uevents name, real 6.12 binds every memdev to
 * cxl_mem and every endpoint to cxl_port on default (the outcome says both).
 */
CXLSIM_TEST(default_boot_ends_with_every_memdev_and_endpoint_bound)
{
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char buf[256];
	unsigned int seed;

	if (!linux_model()) {
		skip();
		return;
	}
	engine_new(&e, &ctx, "default");
	for (seed = 0; seed < 20; seed++) {
		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		assert_string_equal(linux_model()->outcome(cxlsim__ctx_sim(ctx), e.priv, buf,
							   sizeof(buf)),
				    "memdevs 11/11 bound to cxl_mem, endpoints 11/11 bound");
	}
	engine_free(&e, ctx);
}
