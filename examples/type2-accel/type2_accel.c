// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * type2-accel: how does a Type-2 accelerator end up, before and after the series?
 *
 * The CXL model's "accel" workload boots a machine with an sfc-like Type-2
 * device in a CXL slot and another in a PCIe-only slot.  Its driver creates
 * a memdev with devm_cxl_add_memdev() and must end either with CXL.mem
 * attached end to end or cleanly PCI-only.  After every schedule an observer
 * (a property check that never reports) reads the end state: what the
 * driver decided (its "accel" trace event) and what the device tree holds
 * (the accelerator's memdev on the cxl bus, and the driver bound to it).
 * The series as merged self-deadlocks when an attach fails (fixed later by
 * 318c58852e68): those schedules are counted, not classified.
 */
#include <stdio.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#define RUNS 200
#define MAX_DEVS 4
#define NR_OUTCOMES 4

static const char *const outcome_name[NR_OUTCOMES] = {
	"CXL-attached",
	"PCI-only",
	"PCI-only but its memdev left registered",
	"claims CXL.mem but is not attached",
};

struct tally {
	char dev[MAX_DEVS][64];
	unsigned int count[MAX_DEVS][NR_OUTCOMES];
	unsigned int nr_devs;
	int now[MAX_DEVS];	/* this schedule's outcome per device, or -1 */
};

/* The driver's last word on @dev: true for CXL.mem, false for PCI-only. */
static bool driver_says_cxl(struct cxlsim_ctx *ctx, const char *dev)
{
	struct cxlsim_event ev = { .size = sizeof(ev) };
	bool cxl = false;
	size_t i;

	for (i = 0; !cxlsim_ctx_trace_event(ctx, i, &ev); i++)
		if (!strcmp(ev.name, "accel") && !strcmp(ev.object, dev))
			cxl = !strncmp(ev.detail, "CXL.mem", 7);
	return cxl;
}

/* The memdev @accel created, if it is still registered. */
static struct cxlsim_device *memdev_of(struct cxlsim_ctx *ctx, struct cxlsim_device *accel)
{
	struct cxlsim_bus *cxl = cxlsim_bus_find(ctx, "cxl");
	struct cxlsim_device *dev;

	if (!cxl)
		return NULL;
	cxlsim_bus_foreach_device(cxl, dev) if (cxlsim_device_parent(dev) == accel &&
						cxlsim_device_is_registered(dev)) return dev;
	return NULL;
}

/* @dev's row in the tally, named with the host bridge it sits below. */
static unsigned int slot(struct tally *t, struct cxlsim_device *dev)
{
	struct cxlsim_device *top = dev;
	char name[sizeof(t->dev[0])];
	unsigned int i;

	while (cxlsim_device_parent(top))
		top = cxlsim_device_parent(top);
	snprintf(name, sizeof(name), "%s (below %s)", cxlsim_device_name(dev),
		 cxlsim_device_name(top));
	for (i = 0; i < t->nr_devs; i++)
		if (!strcmp(t->dev[i], name))
			return i;
	memcpy(t->dev[t->nr_devs], name, sizeof(name));
	return t->nr_devs++;
}

static void observe(struct cxlsim_ctx *ctx, void *priv)
{
	struct cxlsim_bus *pci = cxlsim_bus_find(ctx, "pci");
	struct tally *t = priv;
	struct cxlsim_device *dev;

	cxlsim_bus_foreach_device(pci, dev)
	{
		struct cxlsim_driver *drv = cxlsim_device_driver(dev);
		struct cxlsim_device *memdev;
		struct cxlsim_driver *mem_drv;
		unsigned int outcome;

		if (!drv || strcmp(cxlsim_driver_name(drv), "cxl_accel"))
			continue;
		if (t->nr_devs == MAX_DEVS)
			return;
		memdev = memdev_of(ctx, dev);
		mem_drv = memdev ? cxlsim_device_driver(memdev) : NULL;
		if (driver_says_cxl(ctx, cxlsim_device_name(dev)))
			outcome = mem_drv && !strcmp(cxlsim_driver_name(mem_drv), "cxl_mem") ? 0 :
											       3;
		else
			outcome = memdev ? 2 : 1;
		t->now[slot(t, dev)] = (int)outcome;
	}
}

static int run(const char *kernel)
{
	const struct cxlsim_model_opts opts = {
		.size = sizeof(opts),
		.kernel = kernel,
		.workload = "accel",
	};
	struct tally t = { 0 };
	struct cxlsim_model *model;
	struct cxlsim_ctx *ctx;
	unsigned int i, o, fallback = 0, deadlocks = 0;
	char err[256];
	int seed, ret;

	ret = cxlsim_ctx_new(&ctx, NULL);
	if (ret)
		return ret;
	ret = cxlsim_property_register(ctx, "observer", observe, &t);
	if (!ret)
		ret = cxlsim_model_new(&model, ctx, &opts, err, sizeof(err));
	if (ret) {
		cxlsim_ctx_free(ctx);
		return ret;
	}
	for (seed = 0; seed < RUNS && !ret; seed++) {
		bool deadlocked = false, fell_back = false;
		size_t v;

		for (i = 0; i < MAX_DEVS; i++)
			t.now[i] = -1;
		cxlsim_ctx_set_random(ctx, (uint64_t)seed);
		ret = cxlsim_model_run(model);
		for (v = 0; !ret && v < cxlsim_ctx_violation_count(ctx); v++) {
			const char *prop;

			cxlsim_ctx_violation(ctx, v, &prop, NULL);
			if (!strcmp(prop, "accel-fallback"))
				fell_back = true;
			if (!strcmp(prop, "no-deadlock"))
				deadlocked = true;
		}
		fallback += fell_back;
		deadlocks += deadlocked;
		for (i = 0; !deadlocked && i < t.nr_devs; i++)
			if (t.now[i] >= 0)
				t.count[i][t.now[i]]++;
	}
	for (i = 0; i < t.nr_devs; i++)
		for (o = 0; o < NR_OUTCOMES; o++)
			if (t.count[i][o])
				printf("%s: %s: %s in %u/%d schedules\n", kernel, t.dev[i],
				       outcome_name[o], t.count[i][o], RUNS);
	printf("%s: accel-fallback violated in %u/%d schedules\n", kernel, fallback, RUNS);
	printf("%s: no-deadlock violated in %u/%d schedules\n", kernel, deadlocks, RUNS);
	cxlsim_model_free(model);
	cxlsim_ctx_free(ctx);
	return ret;
}

int main(void)
{
	int ret = run("base");

	if (!ret)
		ret = run("series");
	if (!ret)
		ret = run("series+autoremove-deadlock-fix");
	if (ret)
		fprintf(stderr, "type2-accel: %s\n", cxlsim_strerror(ret));
	return ret ? 1 : 0;
}
