// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * --model linux: the kernel's own drivers/cxl, compiled from a kernel tree
 * against include/linux-compat, on a mock CXL platform built from the same
 * topologies as --model cxl (src/linux/mock).  The driver core, modules,
 * udev autoload, locks and workqueues are src/bus's and src/sim's, so every
 * strategy, property, replay and shrink applies unchanged.
 *
 * A run: the driver core and the kernel objects' globals start afresh
 * (setup), the boot task enumerates the platform's devices as firmware would,
 * and udev loads the modules their uevents name (cxl_acpi for ACPI0017,
 * cxl_mock_mem for each memory device, cxl_mem and cxl_port for what those
 * add), in whatever order the strategy picks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "bus/core.h"
#include "bus/end_state.h"
#include "cxl/topology.h"
#include "linux/kimage.h"
#include "linux/linux_model.h"
#include "linux/mock/platform.h"

struct linux_opts {
	struct cxl_topo *topo;
	struct sim *claimed;	/* the simulation holding the kernel image, if any */
};

void cxl_linux_memdev_added(const char *name, unsigned int probes, int rc)
{
	struct sim *s = sim_current();

	sim_tracef(s, "devm_cxl_add_memdev-returned", name ? name : "-", "rc=%d probes=%u", rc,
		   probes);
	/*
	 * memdev-attached: before the call returns, cxl_mem must have had its
	 * chance at memN.  6.12 only adds the device: cxl_mem may not even be
	 * loaded yet (udev loads it for memN's own uevent), the race that the
	 * series fixed by moving the call into cxl_mem.
	 */
	if (name && !probes)
		sim_violation(s, "memdev-attached",
			      "devm_cxl_add_memdev() returned before cxl_mem probed %s", name);
}

static int linux_prepare(void **priv, const struct cxlsim__model_opts *mo, char *err,
			 size_t errlen)
{
	struct linux_opts *o;
	int rc;

	if (mo->kernel) {
		snprintf(err, errlen, "--model linux runs the kernel tree it was built from; "
			 "--kernel is for --model cxl");
		return -EINVAL;
	}
	if (mo->workload && strcmp(mo->workload, "boot")) {
		snprintf(err, errlen, "unknown workload '%s' for --model linux (boot)", mo->workload);
		return -EINVAL;
	}
	o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	rc = cxl_topo_from_opts(mo->topology, mo->topology_cxl_list, "default", &o->topo, err,
				errlen);
	if (rc) {
		free(o);
		return rc;
	}
	*priv = o;
	return 0;
}

static int linux_setup(struct sim *s, void *priv)
{
	struct linux_opts *o = priv;
	const struct module_desc *const *mods;
	size_t n;
	int rc = drv_core_init(s);

	if (rc)
		return rc;
	/* Device mutexes are novalidate, as the kernel's device_initialize() makes them. */
	drv_core_of(s)->device_locks_novalidate = true;
	/* Kernel globals are process-wide: one simulation at a time runs kernel code. */
	rc = linux_kernel_claim(s);
	if (rc)
		return rc;
	o->claimed = s;
	rc = linux_kernel_reset();
	if (rc)
		return rc;
	cxl_mock_platform_reset();
	/* Kernel buses (cxl) give their MODALIAS through their uevent callbacks. */
	drv_core_of(s)->uevent_modalias = linux_uevent_modalias;
	/* The tree's CXL modules and the platform's cxl_mock_mem, as depmod sees them. */
	mods = linux_kernel_modules(&n);
	return modules_add_available(s, mods, n);
}

static void linux_boot(void *priv)
{
	struct linux_opts *o = priv;
	struct sim *s = sim_current();
	int rc;

	/*
	 * The platform's code is driver code: it writes the mock's tables that
	 * the seams read later from other tasks, which the driver core cannot
	 * name for partial-order reduction.
	 */
	driver_code_enter(drv_core());
	/* Firmware's devices are there whatever the drivers' allocations do. */
	sim_faults_off(s);
	rc = linux_platform_init();
	if (!rc)
		rc = cxl_mock_platform_create(o->topo);
	sim_faults_on(s);
	if (rc)
		sim_violation(s, "no-leak", "the mock platform could not be built: %s",
			      strerror(-rc));
	driver_code_exit(drv_core());
}

static bool on_cxl_bus(const struct device *dev)
{
	return dev->bus && !strcmp(dev->bus->name, "cxl");
}

static bool named(struct sim *s, const struct device *dev, const char *prefix)
{
	return !strncmp(sim_str(s, dev->name_id), prefix, strlen(prefix));
}

static const char *linux_outcome(struct sim *s, void *priv, char *buf, size_t len)
{
	struct drv_core *core = drv_core_of(s);
	unsigned int mem = 0, bound = 0, ep = 0, ep_bound = 0;
	struct device *dev;

	list_for_each_entry(dev, &core->live_devices, core_node) {
		if (dev->magic != DEVICE_MAGIC || !dev->registered || !on_cxl_bus(dev))
			continue;
		if (named(s, dev, "mem")) {
			mem++;
			bound += dev->driver != NULL;
		} else if (named(s, dev, "endpoint")) {
			ep++;
			ep_bound += dev->driver != NULL;
		}
	}
	snprintf(buf, len, "memdevs %u/%u bound to cxl_mem, endpoints %u/%u bound", bound, mem,
		 ep_bound, ep);
	return buf;
}

static void linux_release(void *priv)
{
	struct linux_opts *o = priv;

	if (o->claimed)
		linux_kernel_unclaim(o->claimed);
	cxl_topo_free(o->topo);
	free(o);
}

/* "unimplemented": a kernel symbol the compat layer does not provide was called (K1's stubs). */
static const char *const linux_properties[] = {
	"memdev-attached", "devres-once", "no-uaf", "no-leak", "module-safety", "no-deadlock",
	"lock-order", "lockdep", "unimplemented", NULL,
};

const struct cxlsim__model cxlsim__linux_model = {
	.name = "linux",
	.summary = "the kernel's own drivers/cxl, built from a kernel tree, on a mock platform",
	.properties = linux_properties,
	.prepare = linux_prepare,
	.setup = linux_setup,
	.boot = linux_boot,
	.outcome = linux_outcome,
	.release = linux_release,
};
