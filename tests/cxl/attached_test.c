// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * all-attached: once boot has settled, every memdev whose media is ready is
 * bound to cxl_mem and every port the kernel enables for it to cxl_port
 * (docs/properties.md, "all-attached").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "bus/settled.h"
#include "cxl/cxl.h"

struct run {
	struct cxlsim_ctx *ctx;
	struct cxlsim__engine e;
};

static void run_open(struct run *r, const char *topology, const char *kernel, const char *workload,
		     unsigned int faults)
{
	struct cxlsim__model_opts mo = { .topology = topology,
					 .kernel = kernel,
					 .workload = workload };
	struct cxlsim_opts o = { .size = sizeof(o), .faults = faults };
	char err[256];

	assert_int_equal(cxlsim_ctx_new(&r->ctx, &o), 0);
	assert_int_equal(cxlsim__engine_init(&r->e, r->ctx, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)),
			 0);
}

static void run_close(struct run *r)
{
	cxlsim__engine_release(&r->e);
	cxlsim_ctx_free(r->ctx);
}

/* The all-attached message of the last run, or NULL. */
static const char *attached_msg(struct run *r)
{
	size_t v;

	for (v = 0; v < cxlsim_ctx_violation_count(r->ctx); v++) {
		const char *prop, *msg;

		cxlsim_ctx_violation(r->ctx, v, &prop, &msg);
		if (!strcmp(prop, "all-attached"))
			return msg;
	}
	return NULL;
}

static struct sim *sim_of(struct run *r)
{
	return cxlsim__ctx_sim(r->ctx);
}

CXLSIM_TEST(all_attached_is_in_the_property_list)
{
	const char *const *p;
	bool found = false;

	for (p = cxlsim__model_find("cxl")->properties; *p; p++)
		found |= !strcmp(*p, "all-attached");
	assert_true(found);
}

/*
 * A boot with every memdev ready settles with everything attached: 11
 * memdevs, their endpoints, switch and host-bridge ports, in the schedule
 * without preemptions and in a few random ones.
 */
CXLSIM_TEST(settled_boot_with_everything_ready_holds)
{
	static const char *const kernels[] = { "base", "series" };
	struct run r;
	unsigned int k, seed;

	for (k = 0; k < 2; k++) {
		run_open(&r, "default", kernels[k], "boot", 0);
		for (seed = 0; seed < 20; seed++) {
			struct cxl_model *m;
			struct device *dev;
			unsigned int bound = 0;
			char why[128];

			cxlsim_ctx_set_random(r.ctx, seed);
			assert_int_equal(cxlsim__engine_run(&r.e), 0);
			/* The check ran: the machine had settled when the run ended. */
			assert_true(drv_core_settled(sim_of(&r), why, sizeof(why)));
			assert_null(attached_msg(&r));
			m = sim_layer(sim_of(&r), SIM_LAYER_CXL);
			list_for_each_entry(dev, &m->cxl_bus.devices, bus_node)
				bound += is_cxl_memdev(dev) && dev->driver;
			/* Every memdev bound, as the property says (seeds where the race hits differ). */
			if (bound != 11)
				fail_msg("seed %u: %u of 11 memdevs bound and no all-attached",
					 seed, bound);
		}
		run_close(&r);
	}
}

static const char *write_topology(const char *json, char *path, size_t len)
{
	const char *dir = getenv("CXLSIM_BUILD_DIR");
	FILE *f;

	snprintf(path, len, "%s/attached-test-%d.json", dir ? dir : ".", (int)getpid());
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(json, f);
	fclose(f);
	return path;
}

/*
 * A memdev whose media never becomes ready fails cxl_mem_probe() with
 * -EBUSY and stays unbound; it is not required, nor is the switch port only
 * it would have added.  Its sibling on the other root port still must be.
 */
CXLSIM_TEST(memdev_with_media_not_ready_is_not_required)
{
	static const char json[] =
		"{ \"host_bridges\": [ { \"root_ports\": [\n"
		"  { \"switch\": { \"ports\": [ { \"memdev\": { \"media_ready\": false } } ] } },\n"
		"  { \"memdev\": {} } ] } ] }\n";
	char path[1024];
	struct run r;
	unsigned int seed, not_ready = 0;

	run_open(&r, write_topology(json, path, sizeof(path)), "series", "boot", 0);
	for (seed = 0; seed < 30; seed++) {
		struct cxl_model *m;
		struct device *dev;

		cxlsim_ctx_set_random(r.ctx, seed);
		assert_int_equal(cxlsim__engine_run(&r.e), 0);
		assert_null(attached_msg(&r));
		m = sim_layer(sim_of(&r), SIM_LAYER_CXL);
		list_for_each_entry(dev, &m->cxl_bus.devices, bus_node) {
			if (!is_cxl_memdev(dev) || !to_pci_dev(dev->parent)->media_not_ready)
				continue;
			/* The driver core kept the error the property would name. */
			assert_null(dev->driver);
			assert_int_equal(dev->last_probe_err, -EBUSY);
			not_ready++;
		}
	}
	assert_int_equal(not_ready, 30);
	run_close(&r);
	remove(path);
}

/*
 * A memdev left unbound is named with the error of its last probe: a probe
 * that an injected fault failed (-ENOMEM), and one deferred with nothing
 * left to retry it (-EPROBE_DEFER).  Found among seeds, so the test does
 * not depend on one schedule's shape.
 */
static void find_left_behind(unsigned int faults, const char *workload, const char *err)
{
	struct run r;
	unsigned int seed;
	char want[64];

	snprintf(want, sizeof(want), "last %s)", err);
	run_open(&r, "minimal", "series", workload, faults);
	for (seed = 0; seed < 400; seed++) {
		const char *msg;

		cxlsim_ctx_set_random(r.ctx, seed);
		assert_int_equal(cxlsim__engine_run(&r.e), 0);
		msg = attached_msg(&r);
		if (!msg || !strstr(msg, "not bound to cxl_mem") || !strstr(msg, want))
			continue;
		assert_non_null(strstr(msg, "mem0"));
		assert_non_null(strstr(msg, "left behind after boot"));
		run_close(&r);
		return;
	}
	fail_msg("no schedule left mem0 unbound with %s in %s", err, workload);
}

CXLSIM_TEST(memdev_left_unbound_is_named_with_its_failed_probe)
{
	find_left_behind(CXLSIM_FAULT_PROBE, "boot", "-ENOMEM");
}

CXLSIM_TEST(memdev_left_unbound_is_named_with_its_deferral)
{
	find_left_behind(CXLSIM_FAULT_DEFER, "boot", "-EPROBE_DEFER");
}

/* boot+teardown checks it once boot settled, before tearing down on purpose. */
CXLSIM_TEST(teardown_workload_checks_before_tearing_down)
{
	find_left_behind(CXLSIM_FAULT_PROBE, "boot+teardown", "-ENOMEM");
}

/*
 * The race the kernel has after 4f06d81e7c6a ("cxl: Defer dport allocation
 * for switch ports") and until 0066688d ("cxl/port: Hold port host lock
 * during dport adding"): a second memdev finds the switch port another
 * memdev's probe just added, before cxl_port bound it, fails with -ENXIO,
 * and nothing probes it again.  Two memdevs behind one switch hit it often.
 */
CXLSIM_TEST(series_leaves_a_memdev_behind_a_switch_port_not_yet_bound)
{
	const char *src = getenv("CXLSIM_SOURCE_DIR");
	char path[1024];
	struct run r;
	unsigned int seed, hits = 0;

	snprintf(path, sizeof(path), "%s/tests/data/topologies/interleaved.json", src ? src : ".");
	run_open(&r, path, "series", "boot", 0);
	for (seed = 0; seed < 400 && !hits; seed++) {
		const char *msg;

		cxlsim_ctx_set_random(r.ctx, seed);
		assert_int_equal(cxlsim__engine_run(&r.e), 0);
		msg = attached_msg(&r);
		if (!msg)
			continue;
		assert_non_null(strstr(msg, "not bound to cxl_mem ("));
		assert_non_null(strstr(msg, "last -ENXIO)"));
		assert_non_null(strstr(msg, "has no endpoint port"));
		hits++;
	}
	assert_true(hits > 0);
	run_close(&r);
}

/*
 * A Type-2 device in a PCIe-only slot has no CXL root above it: without
 * patch 6 its driver keeps the memdev it registered, which cxl_mem can never
 * bind ("CXL port topology not found").  Not required.
 */
CXLSIM_TEST(memdev_in_a_pcie_only_slot_is_not_required)
{
	struct run r;
	unsigned int seed, pcie_only = 0;

	run_open(&r, "accel", "base", "accel", 0);
	for (seed = 0; seed < 30; seed++) {
		struct cxl_model *m;
		struct device *dev;

		cxlsim_ctx_set_random(r.ctx, seed);
		assert_int_equal(cxlsim__engine_run(&r.e), 0);
		assert_null(attached_msg(&r));
		m = sim_layer(sim_of(&r), SIM_LAYER_CXL);
		list_for_each_entry(dev, &m->cxl_bus.devices, bus_node) {
			if (!is_cxl_memdev(dev) || to_pci_dev(dev->parent)->cxl_link)
				continue;
			assert_null(dev->driver);
			assert_int_equal(dev->last_probe_err, -ENXIO);
			pcie_only++;
		}
	}
	assert_true(pcie_only > 0);
	run_close(&r);
}
