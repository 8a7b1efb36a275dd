// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxl_pmem and the nvdimm bridge (drivers/cxl/pmem.c, core/pmem.c, as read
 * in 6.12 and at the series head): cxl_acpi adds nvdimm-bridge0 when a
 * window allows persistent memory, cxl_mem_probe() adds pmemN for a memdev
 * with persistent capacity before its endpoint and fails on any error of
 * devm_cxl_add_nvdimm(), -ENODEV included, and cxl_pmem's drivers bind both
 * whenever udev gets it loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "bus/core.h"
#include "cxl/cxl.h"

static const char *topology_file(const char *name, char *buf, size_t len)
{
	const char *src = getenv("CXLSIM_SOURCE_DIR");

	snprintf(buf, len, "%s/tests/data/topologies/%s", src ? src : ".", name);
	return buf;
}

struct pmem_run {
	struct cxlsim_ctx *ctx;
	struct cxlsim__engine e;
};

static void pmem_open(struct pmem_run *r, const char *topology, const char *kernel,
		      const char *workload, unsigned int faults)
{
	struct cxlsim_opts opts = { .size = sizeof(opts), .faults = faults };
	struct cxlsim__model_opts mo = { .topology = topology,
					 .kernel = kernel,
					 .workload = workload };
	char err[256];

	assert_int_equal(cxlsim_ctx_new(&r->ctx, &opts), 0);
	assert_int_equal(cxlsim__engine_init(&r->e, r->ctx, cxlsim__model_find("cxl"), &mo, err,
					     sizeof(err)),
			 0);
}

static void pmem_close(struct pmem_run *r)
{
	cxlsim__engine_release(&r->e);
	cxlsim_ctx_free(r->ctx);
}

static void pmem_seed(struct pmem_run *r, unsigned int seed)
{
	cxlsim_ctx_set_random(r->ctx, seed);
	assert_int_equal(cxlsim__engine_run(&r->e), 0);
}

static char *end_state(struct pmem_run *r)
{
	char *s;

	assert_int_equal(cxlsim__engine_end_state(&r->e, &s), 0);
	return s;
}

/* How many times @needle occurs in @hay. */
/* noinline: gcc 12 -O2 takes the loop's free() for a dangling use when inlined. */
__attribute__((noinline)) static unsigned int count(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The index of the first trace record at or after @from named @name on @obj, or -1. */
static long find_event(struct pmem_run *r, size_t from, const char *name, const char *obj)
{
	size_t i, n = cxlsim_ctx_trace_count(r->ctx);
	struct cxlsim_event ev = { .size = sizeof(ev) };

	for (i = from; i < n; i++) {
		assert_int_equal(cxlsim_ctx_trace_event(r->ctx, i, &ev), 0);
		if (!strcmp(ev.name, name) && (!obj || !strcmp(ev.object, obj)))
			return (long)i;
	}
	return -1;
}

/* The first pmemN added, whichever memdev got which number. */
static long first_pmem_added(struct pmem_run *r)
{
	size_t i, n = cxlsim_ctx_trace_count(r->ctx);
	struct cxlsim_event ev = { .size = sizeof(ev) };

	for (i = 0; i < n; i++) {
		assert_int_equal(cxlsim_ctx_trace_event(r->ctx, i, &ev), 0);
		if (!strcmp(ev.name, "device-add") && !strncmp(ev.object, "pmem", 4))
			return (long)i;
	}
	return -1;
}

static struct cxlsim_event event_at(struct pmem_run *r, long i)
{
	struct cxlsim_event ev = { .size = sizeof(ev) };

	assert_true(i >= 0);
	assert_int_equal(cxlsim_ctx_trace_event(r->ctx, (size_t)i, &ev), 0);
	return ev;
}

static bool violated_with(struct pmem_run *r, const char *prop, const char *text)
{
	size_t v;

	for (v = 0; v < cxlsim_ctx_violation_count(r->ctx); v++) {
		const char *p, *msg;

		cxlsim_ctx_violation(r->ctx, v, &p, &msg);
		if (!strcmp(p, prop) && (!text || strstr(msg, text)))
			return true;
	}
	return false;
}

/*
 * In pmem.json the memdevs with persistent capacity are the functions
 * 0000:02:00.0 and 0000:06:00.0.  Each one's memdev that cxl_mem bound has its
 * pmemN bound to cxl_nvdimm; one whose probe failed has none (its devres took
 * pmemN back).  Returns how many pmemN are bound.
 */
static unsigned int check_nvdimms(const char *state, unsigned int seed)
{
	static const char *const fns[] = { "0000:02:00.0", "0000:06:00.0" };
	unsigned int f, bound = 0;

	for (f = 0; f < 2; f++) {
		char key[64], want[128];
		const char *rec;
		int id;

		snprintf(key, sizeof(key), "bus=cxl parent=%s driver=", fns[f]);
		rec = strstr(state, key);
		assert_non_null(rec);
		while (rec > state && strncmp(rec, "dev mem", 7))
			rec--;
		assert_int_equal(sscanf(rec, "dev mem%d ", &id), 1);
		snprintf(want, sizeof(want), "dev pmem%d bus=cxl parent=mem%d driver=cxl_nvdimm ",
			 id, id);
		if (!strncmp(strstr(rec, "driver="), "driver=cxl_mem ", 15)) {
			if (!strstr(state, want))
				fail_msg("seed %u: mem%d bound without %s: %s", seed, id, want,
					 state);
			bound++;
		} else {
			snprintf(want, sizeof(want), "dev pmem%d ", id);
			assert_null(strstr(state, want));
		}
	}
	return bound;
}

/*
 * pmem.json: three memdevs, two with persistent capacity.  In every settled
 * boot the bridge is bound to cxl_nvdimm_bridge with its nvdimm bus, and each
 * of the two that cxl_mem bound has pmemN bound to cxl_nvdimm with its DIMM
 * on that bus.  (A memdev may end unbound for a reason of its own: the race
 * with cxl_port binding its parent port, which this model has without pmem.)
 */
static void boot_binds_nvdimms(const char *kernel)
{
	struct pmem_run r;
	char path[1024];
	unsigned int seed, all = 0;

	pmem_open(&r, topology_file("pmem.json", path, sizeof(path)), kernel, "boot", 0);
	for (seed = 0; seed < 300; seed++) {
		unsigned int bound;
		char *s;

		pmem_seed(&r, seed);
		s = end_state(&r);
		if (!strstr(s, "dev nvdimm-bridge0 bus=cxl parent=root0 driver=cxl_nvdimm_bridge "))
			fail_msg("seed %u: %s", seed, s);
		assert_non_null(
			strstr(s, "dev ndbus0 bus=nd parent=nvdimm-bridge0 driver=nd_bus "));
		bound = check_nvdimms(s, seed);
		assert_int_equal(count(s, "driver=cxl_nvdimm "), bound);
		assert_int_equal(count(s, "parent=ndbus0 driver=nvdimm "), bound);
		all += bound == 2;
		assert_non_null(strstr(s, "module cxl_pmem state=live"));
		assert_false(cxlsim__engine_violated(&r.e, "no-uaf"));
		assert_false(cxlsim__engine_violated(&r.e, "devres-once"));
		free(s);
	}
	pmem_close(&r);
	/* Nearly always both. */
	assert_true(all > 270);
}

CXLSIM_TEST(pmem_memdevs_get_bound_nvdimms_under_the_bridge_base)
{
	boot_binds_nvdimms("base");
}

CXLSIM_TEST(pmem_memdevs_get_bound_nvdimms_under_the_bridge_series)
{
	boot_binds_nvdimms("series");
}

/*
 * pmemN needs no cxl_pmem to be added: a memdev's probe adds it whatever is
 * loaded, and cxl_pmem's init binds the bridge (first driver it registers)
 * and then pmemN.  Schedules where pmemN was added before cxl_nvdimm was
 * registered end bound all the same.
 */
static void late_cxl_pmem_binds(const char *kernel)
{
	struct pmem_run r;
	char path[1024];
	unsigned int seed, late = 0;

	pmem_open(&r, topology_file("pmem.json", path, sizeof(path)), kernel, "boot", 0);
	for (seed = 0; seed < 400; seed++) {
		long added, reg;
		char *s;

		pmem_seed(&r, seed);
		added = first_pmem_added(&r);
		reg = find_event(&r, 0, "driver-register", "cxl_nvdimm");
		assert_true(added >= 0 && reg >= 0);
		if (added > reg)
			continue;
		late++;
		s = end_state(&r);
		assert_int_equal(count(s, "driver=cxl_nvdimm "), check_nvdimms(s, seed));
		free(s);
	}
	pmem_close(&r);
	assert_true(late > 0);
}

CXLSIM_TEST(pmem_cxl_pmem_loaded_after_cxl_mem_still_binds_base)
{
	late_cxl_pmem_binds("base");
}

CXLSIM_TEST(pmem_cxl_pmem_loaded_after_cxl_mem_still_binds_series)
{
	late_cxl_pmem_binds("series");
}

/*
 * An allocation failure in devm_cxl_add_nvdimm() (the cxl_nvdimm) fails
 * cxl_mem's probe of that memdev with -ENOMEM; devres unwinds the probe.
 */
CXLSIM_TEST(pmem_nvdimm_allocation_failure_fails_cxl_mem_probe)
{
	struct pmem_run r;
	char path[1024];
	unsigned int seed, hit = 0;

	pmem_open(&r, topology_file("pmem.json", path, sizeof(path)), "series", "boot",
		  CXLSIM_FAULT_ALLOC);
	for (seed = 0; seed < 2000 && hit < 3; seed++) {
		struct cxlsim_event fault, end;
		long i, j;

		pmem_seed(&r, seed);
		i = find_event(&r, 0, "fault", "cxl_nvdimm");
		if (i < 0)
			continue;
		fault = event_at(&r, i);
		/* The probe of that memdev ends next in the same task. */
		for (j = find_event(&r, (size_t)i, "probe-end", NULL); j >= 0;
		     j = find_event(&r, (size_t)j + 1, "probe-end", NULL)) {
			end = event_at(&r, j);
			if (!strcmp(end.task, fault.task))
				break;
		}
		assert_true(j >= 0);
		assert_string_equal(end.detail, "cxl_mem");
		assert_int_equal(end.value, -ENOMEM);
		assert_false(cxlsim__engine_violated(&r.e, "devres-once"));
		hit++;
	}
	pmem_close(&r);
	assert_true(hit > 0);
}

/*
 * No window allows persistent memory: no bridge, and devm_cxl_add_nvdimm()
 * says -ENODEV ("PMEM disabled by platform").  In 6.12 and at the series
 * head cxl_mem_probe() returns that too, so the memdev with persistent
 * capacity stays unbound, without an endpoint; the other one binds.
 */
static void no_window_fails_probe(const char *kernel)
{
	struct pmem_run r;
	char path[1024];
	unsigned int seed;

	pmem_open(&r, topology_file("pmem-no-window.json", path, sizeof(path)), kernel, "boot", 0);
	for (seed = 0; seed < 100; seed++) {
		long i;
		char *s;

		pmem_seed(&r, seed);
		s = end_state(&r);
		assert_null(strstr(s, "nvdimm-bridge"));
		assert_null(strstr(s, "dev pmem"));
		assert_int_equal(count(s, "driver=cxl_mem "), 1);
		free(s);
		i = find_event(&r, 0, "cxl_mem", NULL);
		while (i >= 0 && !strstr(event_at(&r, i).detail, "PMEM disabled by platform"))
			i = find_event(&r, (size_t)i + 1, "cxl_mem", NULL);
		assert_true(i >= 0);
		i = find_event(&r, (size_t)i, "probe-end", event_at(&r, i).object);
		assert_int_equal(event_at(&r, i).value, -ENODEV);
	}
	pmem_close(&r);
}

CXLSIM_TEST(pmem_without_a_pmem_window_fails_cxl_mem_probe_with_enodev_base)
{
	no_window_fails_probe("base");
}

CXLSIM_TEST(pmem_without_a_pmem_window_fails_cxl_mem_probe_with_enodev_series)
{
	no_window_fails_probe("series");
}

/*
 * cxl_nvdimm_probe() uses the bridge's nvdimm bus without looking: when the
 * bridge's own probe failed (its nvdimm bus could not be allocated), a pmemN
 * probed later would be added below a NULL bus.  The model reports it.
 */
CXLSIM_TEST(pmem_failed_bridge_probe_leaves_nvdimm_probe_on_a_null_bus)
{
	struct pmem_run r;
	char path[1024];
	unsigned int seed, hit = 0;

	pmem_open(&r, topology_file("pmem.json", path, sizeof(path)), "series", "boot",
		  CXLSIM_FAULT_ALLOC);
	for (seed = 0; seed < 2000 && !hit; seed++) {
		pmem_seed(&r, seed);
		if (find_event(&r, 0, "fault", "nvdimm_bus") < 0 ||
		    find_event(&r, 0, "probe", "pmem0") < 0)
			continue;
		if (violated_with(&r, "no-uaf", "dereferences NULL"))
			hit++;
	}
	pmem_close(&r);
	assert_true(hit > 0);
}

/* Is every no-uaf violation of the last run one that @allowed names? */
static bool no_uaf_only(struct pmem_run *r, const char *const *allowed, unsigned int *hits)
{
	size_t v;

	for (v = 0; v < cxlsim_ctx_violation_count(r->ctx); v++) {
		const char *p, *msg;
		unsigned int a;

		cxlsim_ctx_violation(r->ctx, v, &p, &msg);
		if (strcmp(p, "no-uaf"))
			continue;
		for (a = 0; allowed[a] && !strstr(msg, allowed[a]); a++)
			;
		if (!allowed[a])
			return false;
		hits[a]++;
	}
	return true;
}

/*
 * Teardown (cxl_acpi unbound while mem0 is unbound, then rmmod of every
 * module, cxl_pmem and libnvdimm too): every devres action runs once,
 * nothing leaks, no module goes while in use.  Two kinds of use after free
 * are the kernel's own: the EDAC records without patch 1, and an nvdimm
 * deleted twice (see pmem_nvdimm_deleted_twice_when_memdev_and_bridge_go_together).
 */
static void teardown_is_clean(const char *kernel, unsigned int *nmem_uaf)
{
	static const char *const props[] = { "devres-once", "no-leak", "module-safety",
					     "no-deadlock" };
	static const char *const allowed[] = { "EDAC", "device nmem", "lock whose memory was freed",
					       NULL };
	unsigned int hits[3] = { 0 };
	struct pmem_run r;
	char path[1024];
	unsigned int seed, i;

	pmem_open(&r, topology_file("pmem.json", path, sizeof(path)), kernel, "boot+teardown", 0);
	for (seed = 0; seed < 300; seed++) {
		char *s;

		pmem_seed(&r, seed);
		for (i = 0; i < sizeof(props) / sizeof(props[0]); i++)
			if (cxlsim__engine_violated(&r.e, props[i]))
				fail_msg("seed %u violates %s", seed, props[i]);
		if (!no_uaf_only(&r, allowed, hits))
			fail_msg("seed %u: a use after free of another kind", seed);
		s = end_state(&r);
		assert_null(strstr(s, "dev pmem"));
		assert_null(strstr(s, "dev nvdimm-bridge0"));
		assert_non_null(strstr(s, "module cxl_pmem state=unloaded"));
		assert_non_null(strstr(s, "module libnvdimm state=unloaded"));
		free(s);
	}
	pmem_close(&r);
	*nmem_uaf = hits[1];
}

CXLSIM_TEST(pmem_teardown_is_clean_base)
{
	unsigned int nmem;

	teardown_is_clean("base", &nmem);
}

CXLSIM_TEST(pmem_teardown_is_clean_series)
{
	unsigned int nmem;

	teardown_is_clean("series", &nmem);
	printf("nvdimm deleted twice in %u of 300 teardowns\n", nmem);
}

/*
 * A finding, in 6.12 as at the series head: cxlmd_release_nvdimm() (memN
 * unbound) clears cxl_nvd->cxlmd before it unregisters pmemN, and without
 * pmemN's lock.  If the bridge goes at the same time (cxl_acpi unbound),
 * detach_nvdimm() finds pmemN still bound but no longer its memdev's, skips
 * it, and nvdimm_bus_unregister() deletes its DIMM with the bus (nd_bus's
 * remove deletes every child); then pmemN's own unbind runs
 * unregister_nvdimm() on that DIMM again, after its release.
 */
CXLSIM_TEST(pmem_nvdimm_deleted_twice_when_memdev_and_bridge_go_together)
{
	struct pmem_run r;
	char path[1024];
	unsigned int seed, hit = 0;

	pmem_open(&r, topology_file("pmem.json", path, sizeof(path)), "series", "boot+teardown", 0);
	for (seed = 0; seed < 5000 && !hit; seed++) {
		pmem_seed(&r, seed);
		if (violated_with(&r, "no-uaf", "device nmem"))
			hit++;
	}
	pmem_close(&r);
	assert_true(hit > 0);
}

/* Without pmem_size nothing of this appears: cxl_pmem is never loaded. */
CXLSIM_TEST(pmem_nothing_without_persistent_capacity)
{
	struct pmem_run r;
	unsigned int seed;

	pmem_open(&r, "minimal", "series", "boot", 0);
	for (seed = 0; seed < 50; seed++) {
		char *s;

		pmem_seed(&r, seed);
		s = end_state(&r);
		assert_null(strstr(s, "nvdimm-bridge"));
		assert_non_null(strstr(s, "module cxl_pmem state=unloaded"));
		assert_non_null(strstr(s, "module libnvdimm state=unloaded"));
		free(s);
	}
	pmem_close(&r);
}

/* cxl_pmem uses cxl_core's and libnvdimm's symbols; no softdep; three cxl aliases. */
CXLSIM_TEST(pmem_module_depends_on_cxl_core_and_libnvdimm)
{
	struct module *m, *pmem = NULL;
	struct sim *s;
	bool core = false, nd = false;
	unsigned int i;

	assert_int_equal(sim_new(&s, NULL), 0);
	assert_int_equal(drv_core_init(s), 0);
	assert_int_equal(cxl_modules_add(s, 0), 0);
	list_for_each_entry(m, &drv_core_of(s)->modules, node)
		if (!strcmp(m->desc->name, "cxl_pmem"))
			pmem = m;
	assert_non_null(pmem);
	for (i = 0; i < pmem->nr_deps; i++) {
		core |= !strcmp(pmem->deps[i]->desc->name, "cxl_core");
		nd |= !strcmp(pmem->deps[i]->desc->name, "libnvdimm");
	}
	assert_true(core);
	assert_true(nd);
	assert_null(pmem->desc->softdep_pre);
	assert_string_equal(pmem->desc->aliases[0], "cxl:t1");
	assert_string_equal(pmem->desc->aliases[1], "cxl:t2");
	sim_destroy(s);
}

/* The topology keys: bytes in 256 MiB units, and a boolean, each error at its line. */
CXLSIM_TEST(pmem_topology_keys_are_checked)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "{\"host_bridges\":[{\"root_ports\":[\n{\"memdev\":{\"pmem_size\":1}}]}]}",
		  "t.json:2: host_bridges[0].root_ports[0].memdev.pmem_size is 1, not a multiple "
		  "of 256 MiB" },
		{ "{\"host_bridges\":[{\"root_ports\":[\n\n{\"memdev\":{\"pmem_size\":-268435456}}]}]}",
		  "t.json:3: host_bridges[0].root_ports[0].memdev.pmem_size is -268435456, outside" },
		{ "{\"host_bridges\":[{\"root_ports\":[{\"memdev\":{\"pmem_size\":\"1G\"}}]}]}",
		  "t.json:1: host_bridges[0].root_ports[0].memdev.pmem_size must be an integer "
		  "(bytes), not string" },
		{ "{\"pmem_window\":1,\n\"host_bridges\":[{\"root_ports\":[{}]}]}",
		  "t.json:1: pmem_window must be true or false, not int" },
		{ "{\"host_bridges\":[{\"root_ports\":[{\"accel\":{\"pmem_size\":0}}]}]}",
		  "unknown key \"pmem_size\"" },
	};
	struct cxl_topo *t;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(cxl_topo_load_string("t.json", bad[i].text, &t, err, sizeof(err)),
				 -EINVAL);
		if (!strstr(err, bad[i].err))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, bad[i].err);
	}
	assert_int_equal(cxl_topo_load_string("t.json",
					      "{\"host_bridges\":[{\"root_ports\":[{\"memdev\":"
					      "{\"pmem_size\":536870912}}]}]}",
					      &t, err, sizeof(err)),
			 0);
	assert_true(t->nodes[0].pmem_size == 536870912ull);
	assert_true(cxl_topo_has_pmem_window(t));
	t->pmem_window_set = true;
	t->pmem_window = false;
	assert_false(cxl_topo_has_pmem_window(t));
	cxl_topo_free(t);
	assert_int_equal(cxl_topo_builtin("default", &t), 0);
	assert_false(cxl_topo_has_pmem_window(t));
	cxl_topo_free(t);
}
