// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxl_pmem.ko (drivers/cxl/pmem.c): the bridge from CXL to libnvdimm.
 * Three drivers on the cxl bus, registered in this order by the module's
 * init: cxl_nvdimm_bridge binds nvdimm-bridgeN and registers an nvdimm bus
 * for it; cxl_nvdimm binds each pmemN and creates its DIMM on that bus;
 * cxl_pmem_region binds persistent-memory regions, which the model never
 * creates.  The module uses cxl_core's and libnvdimm's symbols, so modprobe
 * loads both first; udev loads it for the bridge's or a pmemN's uevent
 * (MODULE_ALIAS_CXL of the three device types).  No softdep.
 */
#include <errno.h>

#include "cxl/cxl.h"

static struct cxl_pmem_state *pmem_state(void)
{
	return &cxl_model()->pmem;
}

/* The mailbox commands cxl_pmem reserved go back to user space. */
static void clear_exclusive(void *cxlds)
{
}

static void unregister_nvdimm(void *nvdimm)
{
	nvdimm_delete(nvdimm);
}

/*
 * The kernel reads cxl_nvd->cxlmd, then cxlmd->cxl_nvb->nvdimm_bus, and
 * uses each as it is; two of them can be NULL, and the model reports either
 * as a no-uaf violation and refuses the probe instead:
 *  - cxl_nvd->cxlmd, when memN's binding let go of pmemN just before
 *    (cxlmd_release_nvdimm() clears it without pmemN's lock, then waits in
 *    device_unregister() for the lock this probe holds);
 *  - the nvdimm bus, while cxl_nvdimm_bridge is not bound to the bridge (its
 *    probe failed, or it is being unbound): the DIMM would be added below a
 *    NULL bus.
 */
static int cxl_nvdimm_probe(struct device *dev)
{
	struct cxl_nvdimm *cxl_nvd = to_cxl_nvdimm(dev);
	struct cxl_memdev *cxlmd = cxl_nvd->cxlmd;
	struct cxl_nvdimm_bridge *cxl_nvb;
	struct sim *s = sim_current();
	struct nvdimm *nvdimm;
	int rc;

	if (!cxlmd) {
		sim_violation(s, "no-uaf",
			      "cxl_nvdimm_probe(%s): its memdev let go of it meanwhile "
			      "(cxlmd_release_nvdimm() cleared cxl_nvd->cxlmd), so the probe "
			      "dereferences NULL", dev_name(dev));
		return -ENXIO;
	}
	cxl_nvb = cxlmd->cxl_nvb;
	rc = devm_add_action_or_reset(dev, clear_exclusive, cxlmd->cxlds);
	if (rc)
		return rc;
	if (!cxl_nvb->nvdimm_bus) {
		sim_violation(s, "no-uaf",
			      "cxl_nvdimm_probe(%s): %s has no nvdimm bus (cxl_nvdimm_bridge is not "
			      "bound to it), so __nvdimm_create() dereferences NULL", dev_name(dev),
			      dev_name(&cxl_nvb->dev));
		return -ENXIO;
	}
	nvdimm = __nvdimm_create(cxl_nvb->nvdimm_bus, cxl_nvd);
	if (!nvdimm)
		return -ENOMEM;
	dev_set_drvdata(dev, nvdimm);
	return devm_add_action_or_reset(dev, unregister_nvdimm, nvdimm);
}

/* Release the driver of a bound pmemN whose memdev hangs below @data, the bridge. */
static int detach_nvdimm(struct device *dev, void *data)
{
	bool release = false;

	if (!is_cxl_nvdimm(dev))
		return 0;
	/* scoped_guard(device, dev) */
	{
		guard(device)(dev);
		if (dev->driver) {
			struct cxl_nvdimm *cxl_nvd = to_cxl_nvdimm(dev);

			if (cxl_nvd->cxlmd && cxl_nvd->cxlmd->cxl_nvb == data)
				release = true;
		}
	}
	if (release)
		device_release_driver(dev);
	return 0;
}

/* Every DIMM leaves the nvdimm bus before the bus goes. */
static void unregister_nvdimm_bus(void *data)
{
	struct cxl_nvdimm_bridge *cxl_nvb = data;
	struct nvdimm_bus *nvdimm_bus = cxl_nvb->nvdimm_bus;

	bus_for_each_dev(&cxl_model()->cxl_bus, cxl_nvb, detach_nvdimm);
	cxl_nvb->nvdimm_bus = NULL;
	nvdimm_bus_unregister(nvdimm_bus);
}

static int cxl_nvdimm_bridge_probe(struct device *dev)
{
	struct cxl_nvdimm_bridge *cxl_nvb = to_cxl_nvdimm_bridge(dev);

	cxl_nvb->nvdimm_bus = nvdimm_bus_register(dev, cxl_nvb);
	if (!cxl_nvb->nvdimm_bus)
		return -ENOMEM;
	return devm_add_action_or_reset(dev, unregister_nvdimm_bus, cxl_nvb);
}

/* Persistent-memory regions: the model assembles none, so nothing matches. */
static int cxl_pmem_region_probe(struct device *dev)
{
	return -ENXIO;
}

static int cxl_pmem_init(void)
{
	struct cxl_pmem_state *p = pmem_state();
	int rc;

	p->cxl_nvdimm_bridge_driver = (struct device_driver){
		.name = "cxl_nvdimm_bridge",
		.probe = cxl_nvdimm_bridge_probe,
	};
	p->cxl_nvdimm_driver = (struct device_driver){
		.name = "cxl_nvdimm",
		.probe = cxl_nvdimm_probe,
	};
	p->cxl_pmem_region_driver = (struct device_driver){
		.name = "cxl_pmem_region",
		.probe = cxl_pmem_region_probe,
	};
	rc = cxl_driver_register(&p->cxl_nvdimm_bridge_driver);
	if (rc)
		return rc;
	rc = cxl_driver_register(&p->cxl_nvdimm_driver);
	if (rc)
		goto err_nvdimm;
	rc = cxl_driver_register(&p->cxl_pmem_region_driver);
	if (rc)
		goto err_region;
	return 0;
err_region:
	driver_unregister(&p->cxl_nvdimm_driver);
err_nvdimm:
	driver_unregister(&p->cxl_nvdimm_bridge_driver);
	return rc;
}

static void cxl_pmem_exit(void)
{
	struct cxl_pmem_state *p = pmem_state();

	driver_unregister(&p->cxl_pmem_region_driver);
	driver_unregister(&p->cxl_nvdimm_driver);
	driver_unregister(&p->cxl_nvdimm_bridge_driver);
}

static const char *const cxl_pmem_uses[] = {
	"cxl_driver_register", "nvdimm_bus_register", "nvdimm_bus_unregister", "__nvdimm_create",
	"nvdimm_delete", NULL,
};
static const char *const cxl_pmem_aliases[] = { "cxl:t1", "cxl:t2", "cxl:t7", NULL };

const struct module_desc cxl_pmem_module = {
	.name = "cxl_pmem",
	.init = cxl_pmem_init,
	.exit = cxl_pmem_exit,
	.uses = cxl_pmem_uses,
	.aliases = cxl_pmem_aliases,
	/* module_init(), linked after cxl_acpi and before cxl_mem (drivers/cxl/Makefile). */
	.initcall = INITCALL_DEVICE,
	.link_order = 4,
};
