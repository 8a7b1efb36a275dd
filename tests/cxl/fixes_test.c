// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fixes merged after the series, each a toggle that "series" (the branch as
 * merged) leaves out: the variant without the fix violates a generic
 * property, the one with it holds it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "cxl_test_util.h"

#define MAX_PROPS 32

struct fix_tally {
	unsigned int runs;
	unsigned int viol[MAX_PROPS];	      /* schedules violating each property */
	unsigned int self_deadlock_on_memdev; /* schedules where a task re-took memN's lock */
	char first_msg[MAX_PROPS][512];
};

/* A task taking memN's device lock while it holds it: "... takes memN, which it already holds". */
static bool retakes_memdev_lock(const char *msg)
{
	const char *p = strstr(msg, " takes mem");

	return p && p[10] >= '0' && p[10] <= '9' && strstr(p, ", which it already holds");
}

static void explore(const char *topology, const char *kernel, const char *workload,
		    unsigned int faults, unsigned int runs, struct fix_tally *t)
{
	struct cxlsim__model_opts mo = { .topology = topology,
					 .kernel = kernel,
					 .workload = workload };
	struct cxlsim_opts opts = { .size = sizeof(opts), .faults = faults };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[256];
	unsigned int seed;

	memset(t, 0, sizeof(*t));
	assert_int_equal(cxlsim_ctx_new(&ctx, &opts), 0);
	assert_int_equal(
		cxlsim__engine_init(&e, ctx, cxlsim__model_find("cxl"), &mo, err, sizeof(err)), 0);
	for (seed = 0; seed < runs; seed++) {
		bool seen[MAX_PROPS] = { 0 }, retook = false;
		size_t v;

		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		t->runs++;
		for (v = 0; v < cxlsim_ctx_violation_count(ctx); v++) {
			const char *prop, *msg;
			int i;

			cxlsim_ctx_violation(ctx, v, &prop, &msg);
			i = prop_index(prop);
			assert_true(i >= 0 && i < MAX_PROPS);
			if (!strcmp(prop, "no-deadlock") && retakes_memdev_lock(msg))
				retook = true;
			if (seen[i])
				continue;
			seen[i] = true;
			if (!t->viol[i]++)
				snprintf(t->first_msg[i], sizeof(t->first_msg[i]), "%s", msg);
		}
		t->self_deadlock_on_memdev += retook;
	}
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
}

static unsigned int viol(const struct fix_tally *t, const char *prop)
{
	return t->viol[prop_index(prop)];
}

/*
 * 29317f8d as merged: an accelerator in a PCIe-only slot fails its attach,
 * and cxl_memdev_autoremove() unregisters memN under guard(device) on memN;
 * device_del() takes that lock again.  The accel topology has such an
 * accelerator, so every schedule of the accel workload reaches it.
 */
CXLSIM_TEST(autoremove_deadlock_series_as_merged_deadlocks_on_the_memdev_lock)
{
	struct fix_tally t;

	explore("accel", "series", "accel", 0, 200, &t);
	assert_int_equal(viol(&t, "no-deadlock"), t.runs);
	assert_int_equal(t.self_deadlock_on_memdev, t.runs);
	assert_non_null(strstr(t.first_msg[prop_index("no-deadlock")], "which it already holds"));
	/* The same without patches 1-5 around it: patch 6 alone carries the bug. */
	explore("accel", "base+memdev-probe-op", "accel", 0, 200, &t);
	assert_true(t.self_deadlock_on_memdev > 0);
}

/* 318c58852e68: the check holds the lock, the unregister does not; nothing else changes. */
CXLSIM_TEST(autoremove_deadlock_fix_holds_over_2000_schedules)
{
	const char *const *p;
	struct fix_tally t;

	explore("accel", "series+autoremove-deadlock-fix", "accel", 0, 2000, &t);
	for (p = props(); *p; p++)
		assert_int_equal(viol(&t, *p), 0);
	explore("accel", "series+autoremove-deadlock-fix", "accel+teardown", 0, 300, &t);
	for (p = props(); *p; p++)
		assert_int_equal(viol(&t, *p), 0);
}

/*
 * As merged, the Type-3 path holds memN's lock too, around the devres
 * registration: when that allocation fails, devm_add_action_or_reset()
 * unregisters memN under its own lock.  The fix covers it as well.  (The
 * other deadlock under alloc faults, in cxl_endpoint_autoremove(), is the
 * kernel's and stays: docs/properties.md, "Under faults".)
 */
CXLSIM_TEST(autoremove_deadlock_also_on_a_failed_devres_registration)
{
	struct fix_tally t;

	explore("minimal", "series", "boot", CXLSIM_FAULT_ALLOC, 1000, &t);
	assert_true(t.self_deadlock_on_memdev > 0);
	explore("minimal", "series+autoremove-deadlock-fix", "boot", CXLSIM_FAULT_ALLOC, 1000, &t);
	assert_int_equal(t.self_deadlock_on_memdev, 0);
}

/*
 * Dports on demand, as merged: a second memdev below a switch can find the
 * switch's new port after device_add() but before cxl_port bound it, and
 * cxl_port_add_dport() refuses with -ENXIO; nothing probes that memdev
 * again.  The generic liveness property all-attached names it.  With
 * 0066688dbcdc the finder waits on the port's host lock, which the adder
 * holds until the port is bound.  gen:4 has four memdevs per switch.
 */
CXLSIM_TEST(port_host_lock_series_as_merged_leaves_a_memdev_unbound)
{
	struct fix_tally t;

	explore("gen:4", "series", "boot", 0, 1000, &t);
	assert_true(viol(&t, "all-attached") > 0);
	assert_non_null(strstr(t.first_msg[prop_index("all-attached")], "mem"));
	explore("gen:4", "base", "boot", 0, 1000, &t);
	assert_true(viol(&t, "all-attached") > 0);
}

CXLSIM_TEST(port_host_lock_fix_holds)
{
	const char *const *p;
	struct fix_tally t;

	explore("gen:4", "series+port-host-lock-fix", "boot", 0, 2000, &t);
	for (p = props(); *p; p++)
		if (strcmp(*p, "soft-reserve")) /* the cxl_bus_wq race, untouched */
			assert_int_equal(viol(&t, *p), 0);
	explore("default", "series+port-host-lock-fix", "boot+teardown", 0, 300, &t);
	for (p = props(); *p; p++)
		if (strcmp(*p, "soft-reserve"))
			assert_int_equal(viol(&t, *p), 0);
}
