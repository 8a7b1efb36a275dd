// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxl_core's persistent-memory half (drivers/cxl/core/pmem.c): the nvdimm
 * bridge (nvdimm-bridgeN) that cxl_acpi adds below root0 when a CFMWS window
 * allows persistent memory, and the cxl_nvdimm (pmemN) that cxl_mem_probe()
 * adds below a memdev with persistent capacity.  cxl_pmem's drivers bind
 * both (pmem.c); neither needs cxl_pmem to be loaded to be added.
 *
 * As read in 6.12 and at the series head (29317f8d): the bridge is found
 * below the root port with a reference and nothing else, no lock of the
 * bridge and no look at whether cxl_pmem bound it (an older kernel took the
 * bridge's device lock here and refused an unbound bridge with -ENXIO).
 */
#include <errno.h>

#include "cxl/cxl.h"

static void cxl_nvdimm_bridge_release(struct device *dev)
{
	sim_kfree(sim_current(), to_cxl_nvdimm_bridge(dev));
}

const struct device_type cxl_nvdimm_bridge_type = {
	.name = "cxl_nvdimm_bridge",
	.release = cxl_nvdimm_bridge_release,
};

static void cxl_nvdimm_release(struct device *dev)
{
	sim_kfree(sim_current(), to_cxl_nvdimm(dev));
}

const struct device_type cxl_nvdimm_type = {
	.name = "cxl_nvdimm",
	.release = cxl_nvdimm_release,
};

/* The root port above @port, with a reference the caller puts. */
static struct cxl_port *find_cxl_root(struct cxl_port *port)
{
	struct cxl_port *iter = port;

	while (iter && !iter->is_root) {
		struct device *parent = iter->dev.parent;

		iter = parent && is_cxl_port(parent) ? to_cxl_port(parent) : NULL;
	}
	return iter ? to_cxl_port(get_device(&iter->dev)) : NULL;
}

struct find_child {
	struct device *parent;
	struct device *found;
};

/*
 * device_find_child(root, match_nvdimm_bridge): a child leaves its parent's
 * list at the start of device_del(), before its driver is released, which is
 * when the model marks it dead.
 */
static int match_nvdimm_bridge(struct device *dev, void *data)
{
	struct find_child *fc = data;

	if (dev->parent != fc->parent || !is_cxl_nvdimm_bridge(dev) ||
	    !device_is_registered(dev) || dev->dead)
		return 0;
	fc->found = get_device(dev);
	return 1;
}

/*
 * The bridge below the root of @port's hierarchy, with a reference the
 * caller puts, or NULL when the platform has none (yet).
 */
struct cxl_nvdimm_bridge *cxl_find_nvdimm_bridge(struct cxl_port *port)
{
	struct cxl_port *root = find_cxl_root(port);
	struct find_child fc = { 0 };

	if (!root)
		return NULL;
	fc.parent = &root->dev;
	bus_for_each_dev(&cxl_model()->cxl_bus, &fc, match_nvdimm_bridge);
	put_device(&root->dev);
	return fc.found ? to_cxl_nvdimm_bridge(fc.found) : NULL;
}

static struct cxl_nvdimm_bridge *cxl_nvdimm_bridge_alloc(struct cxl_port *port)
{
	struct cxl_model *m = cxl_model();
	struct cxl_nvdimm_bridge *cxl_nvb;
	struct device *dev;

	cxl_nvb = sim_kzalloc(sim_current(), sizeof(*cxl_nvb), "cxl_nvdimm_bridge");
	if (!cxl_nvb)
		return ERR_PTR(-ENOMEM);
	cxl_nvb->id = m->pmem.next_bridge_id++;
	cxl_nvb->port = port;
	dev = &cxl_nvb->dev;
	device_initialize(dev);
	dev->parent = &port->dev;
	dev->bus = &m->cxl_bus;
	dev->type = &cxl_nvdimm_bridge_type;
	return cxl_nvb;
}

static void unregister_nvb(void *data)
{
	struct cxl_nvdimm_bridge *cxl_nvb = data;

	device_unregister(&cxl_nvb->dev);
}

/*
 * Add the bridge below root @port; @host (ACPI0017) owns it: unbinding
 * cxl_acpi unregisters it.
 */
struct cxl_nvdimm_bridge *devm_cxl_add_nvdimm_bridge(struct device *host, struct cxl_port *port)
{
	struct cxl_nvdimm_bridge *cxl_nvb = cxl_nvdimm_bridge_alloc(port);
	struct device *dev;
	int rc;

	if (IS_ERR(cxl_nvb))
		return cxl_nvb;
	dev = &cxl_nvb->dev;
	dev_set_name(dev, "nvdimm-bridge%d", cxl_nvb->id);
	rc = device_add(dev);
	if (rc)
		goto err;
	rc = devm_add_action_or_reset(host, unregister_nvb, cxl_nvb);
	if (rc)
		return ERR_PTR(rc);
	return cxl_nvb;
err:
	put_device(dev);
	return ERR_PTR(rc);
}

static struct cxl_nvdimm *cxl_nvdimm_alloc(struct cxl_nvdimm_bridge *cxl_nvb,
					   struct cxl_memdev *cxlmd)
{
	struct cxl_model *m = cxl_model();
	struct cxl_nvdimm *cxl_nvd;
	struct device *dev;

	cxl_nvd = sim_kzalloc(sim_current(), sizeof(*cxl_nvd), "cxl_nvdimm");
	if (!cxl_nvd)
		return ERR_PTR(-ENOMEM);
	cxl_nvd->cxlmd = cxlmd;
	cxlmd->cxl_nvd = cxl_nvd;
	dev = &cxl_nvd->dev;
	device_initialize(dev);
	dev->parent = &cxlmd->dev;
	dev->bus = &m->cxl_bus;
	dev->type = &cxl_nvdimm_type;
	return cxl_nvd;
}

/* memN's binding owns pmemN and the reference on the bridge taken to add it. */
static void cxlmd_release_nvdimm(void *data)
{
	struct cxl_memdev *cxlmd = data;
	struct cxl_nvdimm *cxl_nvd = cxlmd->cxl_nvd;
	struct cxl_nvdimm_bridge *cxl_nvb = cxlmd->cxl_nvb;

	cxl_nvd->cxlmd = NULL;
	cxlmd->cxl_nvd = NULL;
	cxlmd->cxl_nvb = NULL;
	device_unregister(&cxl_nvd->dev);
	put_device(&cxl_nvb->dev);
}

/*
 * Add pmemN below @cxlmd, for the bridge of @parent_port's hierarchy.
 * -ENODEV when there is no bridge: the platform has no persistent-memory
 * window, or cxl_acpi has not added the bridge yet.  Called by
 * cxl_mem_probe() with memN's device lock held.
 */
int devm_cxl_add_nvdimm(struct cxl_port *parent_port, struct cxl_memdev *cxlmd)
{
	struct cxl_nvdimm_bridge *cxl_nvb;
	struct cxl_nvdimm *cxl_nvd;
	struct device *dev;
	int rc;

	cxl_nvb = cxl_find_nvdimm_bridge(parent_port);
	if (!cxl_nvb)
		return -ENODEV;
	cxl_nvd = cxl_nvdimm_alloc(cxl_nvb, cxlmd);
	if (IS_ERR(cxl_nvd)) {
		rc = PTR_ERR(cxl_nvd);
		goto err_alloc;
	}
	cxlmd->cxl_nvb = cxl_nvb;
	dev = &cxl_nvd->dev;
	dev_set_name(dev, "pmem%d", cxlmd->id);
	rc = device_add(dev);
	if (rc)
		goto err;
	return devm_add_action_or_reset(&cxlmd->dev, cxlmd_release_nvdimm, cxlmd);
err:
	put_device(dev);
err_alloc:
	cxlmd->cxl_nvb = NULL;
	cxlmd->cxl_nvd = NULL;
	put_device(&cxl_nvb->dev);
	return rc;
}
