// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The CXL model under each kernel variant: which properties each patch
 * changes (kernel-facts C, D), module dependencies per variant, the Type-2
 * fallback, and that violations replay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "cxl_test_util.h"
#include "cxl/cxl.h"

struct tally {
	unsigned int runs;
	unsigned int viol[16];
	char first[16][8192];
	const char *needle;		/* explore_counting(): the text to look for */
	unsigned int with_needle[16];	/* schedules where some message of the property had it */
};

/*
 * Explore @runs random schedules; count schedules violating each property,
 * and those where a message of the property contains @needle (if not NULL).
 */
static void explore_counting(const char *topology, const char *kernel, const char *workload,
			     unsigned int runs, const char *needle, struct tally *t)
{
	struct cxlsim__model_opts mo = { .topology = topology, .kernel = kernel,
					 .workload = workload };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[256];
	unsigned int seed;

	memset(t, 0, sizeof(*t));
	t->needle = needle;
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim__engine_init(&e, ctx, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)), 0);
	for (seed = 0; seed < runs; seed++) {
		bool seen[16] = { 0 }, hit[16] = { 0 };
		size_t v;

		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		t->runs++;
		for (v = 0; v < cxlsim_ctx_violation_count(ctx); v++) {
			const char *prop, *msg;
			int i;

			cxlsim_ctx_violation(ctx, v, &prop, &msg);
			i = prop_index(prop);
			/* Anything outside the model's list (no-livelock, replay) is a failure. */
			assert_true(i >= 0);
			if (t->needle && !hit[i] && strstr(msg, t->needle)) {
				hit[i] = true;
				t->with_needle[i]++;
			}
			if (seen[i])
				continue;
			seen[i] = true;
			if (!t->viol[i]++) {
				char *s;

				assert_int_equal(cxlsim_ctx_schedule(ctx, &s), 0);
				strncpy(t->first[i], s, sizeof(t->first[i]) - 1);
				free(s);
			}
		}
	}
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
}

static void explore(const char *topology, const char *kernel, const char *workload,
		    unsigned int runs, struct tally *t)
{
	explore_counting(topology, kernel, workload, runs, NULL, t);
}

static unsigned int viol(const struct tally *t, const char *prop)
{
	return t->viol[prop_index(prop)];
}

CXLSIM_TEST(base_violates_memdev_attached_and_sync_point_within_1000)
{
	struct tally t;

	explore("default", "base", "boot", 1000, &t);
	assert_true(viol(&t, "memdev-attached") > 0);
	assert_true(viol(&t, "probe-sync-point") > 0);
	assert_int_equal(viol(&t, "no-deadlock"), 0);
	assert_int_equal(viol(&t, "no-uaf"), 0);
	assert_int_equal(viol(&t, "devres-once"), 0);
}

/*
 * soft-reserve and all-attached are left out on purpose: the series does not
 * claim them, and the kernel at its head keeps both races (the cxl_bus_wq
 * rescan; a port found before cxl_port bound it, closed after the merge by
 * 0066688d), as the model shows (docs/properties.md).
 */
CXLSIM_TEST(series_holds_every_property_it_claims_on_boot)
{
	const char *const *p;
	struct tally t;

	explore("default", "series", "boot", 2000, &t);
	for (p = props(); *p; p++)
		if (strcmp(*p, "soft-reserve") && strcmp(*p, "all-attached"))
			assert_int_equal(viol(&t, *p), 0);
}

/*
 * dax_hmem can take a range before its region assembles: the memdev's first
 * probe failed before cxl_acpi built the topology, and cxl_acpi's rescan is
 * queued work that wait_for_device_probe() does not wait for.
 */
CXLSIM_TEST(soft_reserve_races_region_assembly)
{
	struct tally t;

	explore("default", "base", "boot", 500, &t);
	assert_true(viol(&t, "soft-reserve") > 0);
}

/*
 * The series keeps that race, as the kernel does: dax_hmem's
 * process_defer_work() relies on wait_for_device_probe() alone, and nothing
 * flushes cxl_bus_wq.  Every soft-reserve violation under the series is a
 * range dax_hmem took while cxl_acpi's cxl_bus_rescan() was still queued or
 * running, and CXL assembled its region afterwards.
 */
CXLSIM_TEST(series_soft_reserve_races_cxl_bus_rescan)
{
	struct tally t;

	explore_counting("default", "series", "boot", 1000,
			 "decided while cxl_bus_rescan was still queued or running", &t);
	assert_true(viol(&t, "soft-reserve") > 0);
	assert_int_equal(t.with_needle[prop_index("soft-reserve")], viol(&t, "soft-reserve"));
	assert_int_equal(viol(&t, "memdev-attached"), 0);
	assert_int_equal(viol(&t, "probe-sync-point"), 0);
}

CXLSIM_TEST(series_holds_every_property_on_teardown)
{
	const char *const *p;
	struct tally t;

	explore("default", "series", "boot+teardown", 300, &t);
	for (p = props(); *p; p++)
		if (strcmp(*p, "soft-reserve"))
			assert_int_equal(viol(&t, *p), 0);
}

/* Patch 2 alone removes both memdev races: cxl_mem is loaded and sync before any memdev. */
CXLSIM_TEST(toggle_sync_memdev_attach_fixes_memdev_races)
{
	struct tally t;

	explore("minimal", "base+sync-memdev-attach", "boot", 1000, &t);
	assert_int_equal(viol(&t, "memdev-attached"), 0);
	assert_int_equal(viol(&t, "probe-sync-point"), 0);
}

/* The other patches alone leave the memdev races as base has them. */
CXLSIM_TEST(toggles_without_sync_memdev_attach_leave_memdev_races)
{
	static const char *const others[] = {
		"base+edac-release-fix", "base+sync-endpoint-attach", "base+scoped-cleanup",
		"base+drop-host-arg", "base+memdev-probe-op", "base+memdev-detach-op",
	};
	struct tally t;
	size_t i;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		explore("minimal", others[i], "boot", 500, &t);
		assert_true(viol(&t, "memdev-attached") > 0);
		assert_true(viol(&t, "probe-sync-point") > 0);
	}
}

/*
 * Each patch alone, against base, on every workload.  A property the patch
 * is not about keeps its presence: absent in base, absent with the patch;
 * seen in at least one schedule in twenty under base, still seen with it.
 * Counts are not compared: the patch changes the module graph, so the same
 * seed is another schedule.
 */
static const struct {
	const char *topology, *workload;
	unsigned int runs;
} toggle_workloads[] = {
	{ "default", "boot", 300 },
	/* 300: base misses probe-sync-point (1 schedule in 60) in its first 150 seeds. */
	{ "default", "boot+teardown", 300 },
	{ "accel", "accel", 300 },
	{ "accel", "accel+teardown", 300 },
};

#define NR_TOGGLE_WORKLOADS (sizeof(toggle_workloads) / sizeof(toggle_workloads[0]))

static bool listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

static void toggle_changes_only(const char *variant, const char *const *about,
				struct tally base[NR_TOGGLE_WORKLOADS],
				struct tally with[NR_TOGGLE_WORKLOADS])
{
	const char *const *p;
	size_t w;

	for (w = 0; w < NR_TOGGLE_WORKLOADS; w++) {
		explore(toggle_workloads[w].topology, "base", toggle_workloads[w].workload,
			toggle_workloads[w].runs, &base[w]);
		explore(toggle_workloads[w].topology, variant, toggle_workloads[w].workload,
			toggle_workloads[w].runs, &with[w]);
		for (p = props(); *p; p++) {
			unsigned int b = viol(&base[w], *p), v = viol(&with[w], *p);

			if (listed(about, *p))
				continue;
			if (!b)
				assert_int_equal(v, 0);
			else if (b * 20 >= base[w].runs)
				assert_true(v > 0);
		}
	}
}

static struct tally toggle_base[NR_TOGGLE_WORKLOADS], toggle_with[NR_TOGGLE_WORKLOADS];

/*
 * Patch 1: base's memdev release() walks the EDAC record array that memN's
 * devres already freed (no-uaf on every teardown); with the fix, devres
 * frees it and clears the pointer.
 */
CXLSIM_TEST(toggle_edac_release_fix_changes_only_no_uaf)
{
	static const char *const about[] = { "no-uaf", NULL };
	size_t w;

	toggle_changes_only("base+edac-release-fix", about, toggle_base, toggle_with);
	/* cxl_test's memdevs have no repair features, so no records to misuse. */
	assert_int_equal(viol(&toggle_base[1], "no-uaf"), 0);
	for (w = 0; w < NR_TOGGLE_WORKLOADS; w++)
		assert_int_equal(viol(&toggle_with[w], "no-uaf"), 0);
}

/* Patch 2: both memdev races go, on every workload. */
CXLSIM_TEST(toggle_sync_memdev_attach_changes_only_memdev_races)
{
	static const char *const about[] = { "memdev-attached", "probe-sync-point", NULL };
	size_t w;

	toggle_changes_only("base+sync-memdev-attach", about, toggle_base, toggle_with);
	assert_true(viol(&toggle_base[0], "memdev-attached") > 0);
	assert_true(viol(&toggle_base[2], "probe-sync-point") > 0);
	for (w = 0; w < NR_TOGGLE_WORKLOADS; w++) {
		assert_int_equal(viol(&toggle_with[w], "memdev-attached"), 0);
		assert_int_equal(viol(&toggle_with[w], "probe-sync-point"), 0);
	}
}

/*
 * Patch 3 alone changes no property here: cxl_mem's softdep already has
 * modprobe load cxl_port first, and whether the endpoint bound is only
 * asked of devm_cxl_add_memdev() by attach ops (patch 6).
 */
CXLSIM_TEST(toggle_sync_endpoint_attach_changes_no_property)
{
	toggle_changes_only("base+sync-endpoint-attach", NULL, toggle_base, toggle_with);
}

/* Patch 4 is a refactor: nothing changes. */
CXLSIM_TEST(toggle_scoped_cleanup_changes_no_property)
{
	toggle_changes_only("base+scoped-cleanup", NULL, toggle_base, toggle_with);
}

/* Patch 5 is an API change: nothing changes. */
CXLSIM_TEST(toggle_drop_host_arg_changes_no_property)
{
	toggle_changes_only("base+drop-host-arg", NULL, toggle_base, toggle_with);
}

/*
 * Patch 6 as merged: a failed attach unregisters memN under memN's own
 * device lock, and device_del() takes it again (fixed by 318c58852e68), so
 * the accel workloads deadlock.  With the fix, the accelerator's fallback
 * becomes clean.  Its error path then unregisters memN after dropping the
 * lock; without patch 2, cxl_mem can bind memN in between, and the release
 * meets patch 1's bug, so no-uaf may appear on accel (it does in some
 * schedules; see docs/properties.md).
 */
CXLSIM_TEST(toggle_memdev_probe_op_changes_only_accel_fallback)
{
	static const char *const about[] = { "accel-fallback", "no-uaf", "no-deadlock",
					     "lock-order", NULL };
	static const char *const fixed_about[] = { "accel-fallback", "no-uaf", NULL };
	size_t w;

	toggle_changes_only("base+memdev-probe-op", about, toggle_base, toggle_with);
	assert_true(viol(&toggle_base[2], "accel-fallback") > 0);
	assert_int_equal(viol(&toggle_base[2], "no-deadlock"), 0);
	assert_true(viol(&toggle_with[2], "no-deadlock") > 0);
	assert_true(viol(&toggle_with[3], "no-deadlock") > 0);
	/* lockdep reports the same recursive acquisition. */
	assert_true(viol(&toggle_with[2], "lock-order") > 0);
	toggle_changes_only("base+memdev-probe-op,autoremove-deadlock-fix", fixed_about,
			    toggle_base, toggle_with);
	for (w = 0; w < NR_TOGGLE_WORKLOADS; w++)
		assert_int_equal(viol(&toggle_with[w], "accel-fallback"), 0);
	/* cxl_test's memdevs have no repair features: no EDAC records to misuse. */
	assert_int_equal(viol(&toggle_with[0], "no-uaf"), 0);
	assert_int_equal(viol(&toggle_with[1], "no-uaf"), 0);
}

/*
 * The fix alone changes nothing: without patch 6 no caller passes attach
 * ops and memN's lock is not taken there.
 */
CXLSIM_TEST(toggle_autoremove_deadlock_fix_changes_no_property)
{
	toggle_changes_only("base+autoremove-deadlock-fix", NULL, toggle_base, toggle_with);
}

/*
 * The follow-up alone changes nothing: only attach ops carry ->detach(), and
 * without patch 6 there are none.
 */
CXLSIM_TEST(toggle_memdev_detach_op_changes_no_property)
{
	toggle_changes_only("base+memdev-detach-op", NULL, toggle_base, toggle_with);
}

/*
 * When cxl_acpi goes away under a bound accelerator, cxl_port lets go of its
 * endpoint and detach_memdev() runs.  Without patch 6 only the memdev is
 * detached and the accelerator still claims CXL.mem; with patch 6 the
 * detach takes the accelerator's PCI driver with it; with the follow-up the
 * accelerator's ->detach() does that itself.  Either way it ends clean.
 */
CXLSIM_TEST(accel_losing_the_hierarchy_is_clean_with_memdev_probe_op)
{
	static const char *const with_detach_op =
		"series+memdev-detach-op,autoremove-deadlock-fix";
	const char *const *p;
	struct tally t;

	explore_counting("accel", "base", "accel+teardown", 300, "not attached, at the end", &t);
	assert_true(t.with_needle[prop_index("accel-fallback")] > 0);
	explore("accel", "series+autoremove-deadlock-fix", "accel+teardown", 300, &t);
	for (p = props(); *p; p++)
		assert_int_equal(viol(&t, *p), 0);
	explore("accel", with_detach_op, "accel+teardown", 300, &t);
	for (p = props(); *p; p++)
		assert_int_equal(viol(&t, *p), 0);
}

/*
 * Patch 6's escalation releases the accelerator's memdev; base's release()
 * would meet patch 1's bug only if the memdev had EDAC repair records, and
 * a Type-2 device reports no repair feature (drivers/cxl/core/edac.c at
 * 10016118 allocates them only when sparing or soft PPR was discovered).
 */
CXLSIM_TEST(accel_losing_the_hierarchy_has_no_edac_records_without_patch_1)
{
	struct tally t;

	explore("accel", "base+sync-memdev-attach,memdev-probe-op,autoremove-deadlock-fix",
		"accel+teardown", 300, &t);
	assert_int_equal(viol(&t, "no-uaf"), 0);
	assert_int_equal(viol(&t, "accel-fallback"), 0);
}

/*
 * Patch 6 on top of patch 2 is what makes the accelerator's fallback clean,
 * once its failed attach no longer deadlocks (318c58852e68).
 */
CXLSIM_TEST(accel_falls_back_cleanly_with_memdev_probe_op)
{
	struct tally base, fixed, series;

	explore("accel", "base", "accel", 300, &base);
	explore("accel", "base+sync-memdev-attach,memdev-probe-op,autoremove-deadlock-fix",
		"accel", 300, &fixed);
	explore("accel", "series+autoremove-deadlock-fix", "accel", 300, &series);
	assert_true(viol(&base, "accel-fallback") > 0);
	assert_int_equal(viol(&fixed, "accel-fallback"), 0);
	assert_int_equal(viol(&fixed, "no-deadlock"), 0);
	assert_int_equal(viol(&series, "accel-fallback"), 0);
	assert_int_equal(viol(&series, "no-leak"), 0);
	assert_int_equal(viol(&series, "no-deadlock"), 0);
	explore("accel", "series", "accel", 300, &series);
	assert_int_equal(viol(&series, "no-deadlock"), series.runs);
}

static const char *topology_file(const char *name, char *buf, size_t len)
{
	const char *src = getenv("CXLSIM_SOURCE_DIR");

	snprintf(buf, len, "%s/tests/data/topologies/%s", src ? src : ".", name);
	return buf;
}

/*
 * Two memdevs interleaved in one region: it assembles only once cxl_port has
 * bound both endpoints.  With one of them never ready, no region ever covers
 * the range, so dax_hmem always ends its only owner, even under the rescan
 * race; with both ready, CXL owns it in the schedules where the region
 * assembled before dax_hmem decided.
 */
CXLSIM_TEST(interleaved_region_needs_every_member)
{
	char path[1024];
	struct tally t;

	explore(topology_file("interleaved-one-down.json", path, sizeof(path)), "series", "boot",
		300, &t);
	assert_int_equal(viol(&t, "soft-reserve"), 0);
	explore(topology_file("interleaved.json", path, sizeof(path)), "series", "boot", 300, &t);
	assert_true(viol(&t, "soft-reserve") > 0);
	assert_true(viol(&t, "soft-reserve") < 300);
	assert_int_equal(viol(&t, "memdev-attached"), 0);
	assert_int_equal(viol(&t, "probe-sync-point"), 0);
}

struct deps_probe {
	bool pci_needs_mem, mem_needs_port, mem_softdep_port;
};

static bool depends(struct module *m, const char *name)
{
	unsigned int i;

	for (i = 0; i < m->nr_deps; i++)
		if (!strcmp(m->deps[i]->desc->name, name))
			return true;
	return false;
}

static void module_graph(const char *kernel, struct deps_probe *d)
{
	struct sim *s;
	struct module *pci, *mem;
	unsigned int variant;
	char err[128];

	assert_int_equal(cxl_variant_parse(kernel, &variant, err, sizeof(err)), 0);
	assert_int_equal(sim_new(&s, NULL), 0);
	assert_int_equal(drv_core_init(s), 0);
	assert_int_equal(cxl_modules_add(s, variant), 0);
	pci = mem = NULL;
	{
		struct module *m;

		list_for_each_entry(m, &drv_core_of(s)->modules, node) {
			if (!strcmp(m->desc->name, "cxl_pci"))
				pci = m;
			if (!strcmp(m->desc->name, "cxl_mem"))
				mem = m;
		}
	}
	assert_non_null(pci);
	assert_non_null(mem);
	d->pci_needs_mem = depends(pci, "cxl_mem");
	d->mem_needs_port = depends(mem, "cxl_port");
	d->mem_softdep_port = mem->desc->softdep_pre != NULL;
	sim_destroy(s);
}

CXLSIM_TEST(module_dependencies_follow_symbol_placement)
{
	struct deps_probe d;

	module_graph("base", &d);
	assert_false(d.pci_needs_mem);
	assert_false(d.mem_needs_port);
	assert_true(d.mem_softdep_port);
	module_graph("base+sync-memdev-attach", &d);
	assert_true(d.pci_needs_mem);
	module_graph("base+sync-endpoint-attach", &d);
	assert_true(d.mem_needs_port);
	assert_false(d.mem_softdep_port);
	module_graph("series", &d);
	assert_true(d.pci_needs_mem);
	assert_true(d.mem_needs_port);
	assert_false(d.mem_softdep_port);
}

CXLSIM_TEST(violations_replay_to_the_same_trace)
{
	struct cxlsim__model_opts mo = { .topology = "default", .kernel = "base",
					 .workload = "boot" };
	struct cxlsim__engine a, b;
	struct cxlsim_ctx *ca, *cb;
	struct tally t;
	char err[256];

	explore("default", "base", "boot", 1000, &t);
	assert_true(viol(&t, "probe-sync-point") > 0);
	assert_int_equal(cxlsim_ctx_new(&ca, NULL), 0);
	assert_int_equal(cxlsim_ctx_new(&cb, NULL), 0);
	assert_int_equal(cxlsim__engine_init(&a, ca, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)), 0);
	assert_int_equal(cxlsim__engine_init(&b, cb, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)), 0);
	assert_int_equal(cxlsim_ctx_set_replay(ca, t.first[prop_index("probe-sync-point")]), 0);
	assert_int_equal(cxlsim_ctx_set_replay(cb, t.first[prop_index("probe-sync-point")]), 0);
	assert_int_equal(cxlsim__engine_run(&a), 0);
	assert_int_equal(cxlsim__engine_run(&b), 0);
	assert_true(cxlsim__engine_violated(&a, "probe-sync-point"));
	assert_int_equal(sim_trace_diff(cxlsim__ctx_sim(ca), cxlsim__ctx_sim(cb)), -1);
	cxlsim__engine_release(&a);
	cxlsim__engine_release(&b);
	cxlsim_ctx_free(ca);
	cxlsim_ctx_free(cb);
}

CXLSIM_TEST(bad_model_options_name_the_problem)
{
	static const struct cxlsim__model_opts bad[] = {
		{ .topology = "nosuch", .kernel = "base", .workload = "boot" },
		{ .topology = "default", .kernel = "linus", .workload = "boot" },
		{ .topology = "default", .kernel = "base+nosuch", .workload = "boot" },
		{ .topology = "default", .kernel = "base", .workload = "reboot" },
	};
	const struct cxlsim__model *m = cxlsim__model_find("cxl");
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *priv = NULL;
		char err[256] = "";

		assert_int_equal(m->prepare(&priv, &bad[i], err, sizeof(err)), -22);
		assert_true(strlen(err) > 10);
	}
}
