// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The CXL modules built in (--builtin, --link-order; kernel-facts D6): inits
 * at subsys_initcall (cxl_core, cxl_port, cxl_acpi) and module_init (cxl_mem,
 * cxl_pci) in drivers/cxl/Makefile's order before udev, and cxl_acpi's
 * MODULE_SOFTDEP("pre: cxl_port") for modprobe.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "cxl/cxl.h"

struct bt {
	const char *kernel, *workload, *builtin, *link_order;
	unsigned int runs;
	unsigned int memdev_attached;	/* schedules violating it */
	unsigned int soft_reserve;	/* schedules violating it */
	unsigned int all_attached;	/* boots that left a device behind (all-attached) */
	unsigned int other;		/* violating anything else but no-uaf, accel-fallback */
	unsigned int pci_before_mem;	/* schedules where cxl_pci's init ran before cxl_mem's */
	unsigned int acpi_before_port;	/* schedules where cxl_acpi's init ran before cxl_port's */
	char sched[4096];		/* the first with cxl_pci's init before cxl_mem's */
};

static int engine(struct cxlsim__engine *e, struct cxlsim_ctx **ctx, const struct bt *b,
		  char *err, size_t len)
{
	struct cxlsim__model_opts mo = { .kernel = b->kernel, .workload = b->workload,
					 .builtin = b->builtin, .link_order = b->link_order };

	assert_int_equal(cxlsim_ctx_new(ctx, NULL), 0);
	return cxlsim__engine_init(e, *ctx, cxlsim__model_find("cxl"), &mo, err, len);
}

/* Index of the first trace line containing @text, or -1. */
static long line_of(struct cxlsim_ctx *ctx, const char *text)
{
	size_t i, n = cxlsim_ctx_trace_count(ctx);
	char line[512];

	for (i = 0; i < n; i++) {
		cxlsim_ctx_trace_line(ctx, i, line, sizeof(line));
		if (strstr(line, text))
			return (long)i;
	}
	return -1;
}

static bool before(struct cxlsim_ctx *ctx, const char *a, const char *b)
{
	long ia = line_of(ctx, a), ib = line_of(ctx, b);

	return ia >= 0 && ib >= 0 && ia < ib;
}

static void explore(struct bt *b)
{
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[512];
	unsigned int seed;

	assert_int_equal(engine(&e, &ctx, b, err, sizeof(err)), 0);
	for (seed = 0; seed < b->runs; seed++) {
		bool attached = false, other = false, sr = false, behind = false;
		size_t v;

		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		for (v = 0; v < cxlsim_ctx_violation_count(ctx); v++) {
			const char *prop, *msg;

			cxlsim_ctx_violation(ctx, v, &prop, &msg);
			if (!strcmp(prop, "memdev-attached"))
				attached = true;
			else if (!strcmp(prop, "soft-reserve"))
				sr = true;
			else if (!strcmp(prop, "all-attached"))
				behind = true;
			else if (strcmp(prop, "no-uaf") && strcmp(prop, "accel-fallback") &&
				 strcmp(prop, "soft-reserve"))
				other = true;
		}
		b->memdev_attached += attached;
		b->soft_reserve += sr;
		b->all_attached += behind;
		b->other += other;
		b->acpi_before_port += before(ctx, "initcall cxl_acpi", "initcall cxl_port");
		if (before(ctx, "initcall cxl_pci", "initcall cxl_mem") && !b->pci_before_mem++) {
			char *s;

			assert_int_equal(cxlsim_ctx_schedule(ctx, &s), 0);
			snprintf(b->sched, sizeof(b->sched), "%s", s);
			free(s);
		}
	}
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
}

/*
 * Everything built in, the Makefile's order: cxl_mem's driver is registered
 * (device level, linked before cxl_pci) before cxl_pci creates a memdev,
 * and the topology (subsys level) is there before either; so even base
 * attaches every memdev inside devm_cxl_add_memdev(): the race the series
 * fixes is one of modules, and with soft-reserve it is gone too, because
 * no cxl_bus_rescan() is outstanding once the initcalls are done.
 */
CXLSIM_TEST(builtin_all_in_makefile_order_has_no_memdev_attached_race_under_base)
{
	struct bt b = { .kernel = "base", .workload = "boot", .builtin = "all", .runs = 200 };
	struct bt m = { .kernel = "base", .workload = "boot", .runs = 200 };

	explore(&b);
	assert_int_equal(b.memdev_attached, 0);
	assert_int_equal(b.soft_reserve, 0);
	assert_int_equal(b.other, 0);
	/*
	 * But the dport race (docs/properties.md, "The dport race the series
	 * keeps") is far more frequent built in, where every memdev probes at
	 * once inside cxl_pci's init: a memdev is left behind in some boots.
	 */
	assert_true(b.all_attached > 0);
	assert_int_equal(b.pci_before_mem, 0);
	assert_int_equal(b.acpi_before_port, 0);
	/* The same boots with modules race, so the difference is the configuration's. */
	explore(&m);
	assert_true(m.memdev_attached > 0);
	assert_true(m.soft_reserve > 0);
}

/*
 * --link-order any: a Makefile that put cxl_pci before cxl_mem brings the
 * race back under base; under the series cxl_pci uses cxl_mem's symbols,
 * so its init always comes after cxl_mem's whatever the link order (a
 * built-in init before its supplier's would be a call into a subsystem
 * not set up, which the exploration leaves out).
 */
CXLSIM_TEST(link_order_any_brings_memdev_attached_back_under_base_only)
{
	struct bt b = { .kernel = "base", .workload = "boot", .builtin = "all",
			.link_order = "any", .runs = 200 };
	struct bt s = { .kernel = "series", .workload = "boot", .builtin = "all",
			.link_order = "any", .runs = 200 };

	explore(&b);
	assert_true(b.pci_before_mem > 0);
	assert_true(b.memdev_attached > 0);
	/* Only an order with cxl_pci first can leave a memdev without cxl_mem. */
	assert_true(b.memdev_attached <= b.pci_before_mem);
	/* cxl_port and cxl_acpi share subsys_initcall: both orders come up. */
	assert_true(b.acpi_before_port > 0 && b.acpi_before_port < b.runs);
	explore(&s);
	assert_int_equal(s.pci_before_mem, 0);
	assert_int_equal(s.memdev_attached, 0);
}

CXLSIM_TEST(link_order_any_is_in_the_schedule_and_replays)
{
	struct bt b = { .kernel = "base", .workload = "boot", .builtin = "all",
			.link_order = "any", .runs = 50 };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[512], *again;

	explore(&b);
	assert_true(b.pci_before_mem > 0);
	assert_int_equal(engine(&e, &ctx, &b, err, sizeof(err)), 0);
	assert_int_equal(cxlsim_ctx_set_replay(ctx, b.sched), 0);
	assert_int_equal(cxlsim__engine_run(&e), 0);
	assert_true(before(ctx, "initcall cxl_pci", "initcall cxl_mem"));
	assert_int_equal(cxlsim_ctx_schedule(ctx, &again), 0);
	assert_string_equal(again, b.sched);
	free(again);
	/* The same schedule in Makefile order: the choice is not there to make. */
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
}

/*
 * acpi.c's MODULE_SOFTDEP("pre: cxl_port"): whoever modprobes cxl_acpi
 * (udev, for ACPI0017) loads cxl_port first, so the host-bridge ports
 * cxl_acpi's probe adds are bound as they appear.  Without it cxl_port
 * would only come with port1's own uevent, after cxl_acpi.
 */
CXLSIM_TEST(modprobe_of_cxl_acpi_loads_cxl_port_first)
{
	struct bt b = { .kernel = "base", .workload = "boot" };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[512];
	unsigned int seed;

	assert_int_equal(engine(&e, &ctx, &b, err, sizeof(err)), 0);
	for (seed = 0; seed < 50; seed++) {
		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		assert_true(before(ctx, "module-live cxl_port", "module-load cxl_acpi"));
		/* port1 is bound inside cxl_acpi's probe, by the probing task. */
		assert_true(before(ctx, "bound port1 driver=cxl_port", "bound ACPI0017:00"));
	}
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
}

/* Built in, nothing loads for them: rmmod in the teardown is refused, nothing leaks. */
CXLSIM_TEST(builtin_teardown_refuses_rmmod_and_leaks_nothing_under_series)
{
	struct bt b = { .kernel = "series", .workload = "boot+teardown", .builtin = "all",
			.runs = 30 };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[512];

	explore(&b);
	assert_int_equal(b.other, 0);
	assert_int_equal(engine(&e, &ctx, &b, err, sizeof(err)), 0);
	cxlsim_ctx_set_random(ctx, 0);
	assert_int_equal(cxlsim__engine_run(&e), 0);
	assert_true(line_of(ctx, "rmmod-refused cxl_core builtin") >= 0);
	assert_true(line_of(ctx, "module-exit") < 0);
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
}

CXLSIM_TEST(builtin_options_are_checked)
{
	static const struct {
		const char *builtin, *link_order, *message;
	} bad[] = {
		{ "cxl_foo", NULL, "--builtin: unknown module 'cxl_foo' (all, none, or a comma "
				   "list of: cxl_core, cxl_acpi, cxl_port, cxl_mem, cxl_pci" },
		{ "cxl_core,,cxl_mem", NULL, "unknown module ''" },
		{ "cxl_mem", NULL, "--builtin: cxl_mem cannot be built in while cxl_core" },
		{ "cxl_core,cxl_pci", NULL, "cxl_pci cannot be built in while cxl_mem" },
		{ "all", "random", "--link-order is 'makefile' or 'any', not 'random'" },
	};
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct bt b = { .kernel = "series", .builtin = bad[i].builtin,
				.link_order = bad[i].link_order };

		err[0] = '\0';
		assert_int_equal(engine(&e, &ctx, &b, err, sizeof(err)), -EINVAL);
		if (!strstr(err, bad[i].message))
			fail_msg("%s: '%s' lacks '%s'", bad[i].builtin, err, bad[i].message);
		cxlsim_ctx_free(ctx);
	}
	/* Under base cxl_pci does not use cxl_mem: built in alone over cxl_core is fine. */
	{
		struct bt b = { .kernel = "base", .builtin = "cxl_core,cxl_pci,",
				.link_order = "any" };

		assert_int_equal(engine(&e, &ctx, &b, err, sizeof(err)), 0);
		cxlsim__engine_release(&e);
		cxlsim_ctx_free(ctx);
	}
}

/* The public options: @builtin and @link_order are appended, older sizes keep the defaults. */
CXLSIM_TEST(public_model_opts_take_builtin_and_older_sizes_do_not)
{
	struct cxlsim_model_opts opts = { .size = sizeof(opts), .topology = "minimal",
					  .kernel = "base", .builtin = "all",
					  .link_order = "makefile" };
	struct cxlsim_model *model;
	struct cxlsim_ctx *ctx;
	char err[512];

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, err, sizeof(err)), 0);
	assert_int_equal(cxlsim_model_run(model), 0);
	assert_true(line_of(ctx, "initcall cxl_core") >= 0);
	cxlsim_model_free(model);
	/* A caller built before the fields existed: whatever follows is not read. */
	opts.size = offsetof(struct cxlsim_model_opts, builtin);
	opts.builtin = "nosuch";
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, err, sizeof(err)), 0);
	assert_int_equal(cxlsim_model_run(model), 0);
	assert_true(line_of(ctx, "initcall") < 0);
	cxlsim_model_free(model);
	opts.size = sizeof(opts);
	assert_int_equal(cxlsim_model_new(&model, ctx, &opts, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown module 'nosuch'"));
	cxlsim_ctx_free(ctx);
}

/* Built in, the dport race leaves memdevs behind; 0066688dbcdc closes it there too. */
CXLSIM_TEST(builtin_all_dport_race_is_closed_by_port_host_lock_fix)
{
	struct bt b = { .kernel = "base+port-host-lock-fix", .workload = "boot", .builtin = "all",
			.runs = 200 };
	struct bt s = { .kernel = "series+port-host-lock-fix", .workload = "boot",
			.builtin = "all", .runs = 200 };

	explore(&b);
	assert_int_equal(b.all_attached, 0);
	assert_int_equal(b.other, 0);
	explore(&s);
	assert_int_equal(s.all_attached, 0);
	assert_int_equal(s.other, 0);
}
