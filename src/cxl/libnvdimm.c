// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnvdimm as far as cxl_pmem uses it (drivers/nvdimm/core.c, bus.c,
 * dimm_devs.c, dimm.c): the "nd" bus with its nd_bus driver, which binds each
 * provider's bus device (ndbusN), and its nvdimm driver, which binds each
 * DIMM (nmemN).  Both drivers live in libnvdimm.ko itself, so the nd bus
 * needs no autoload: modprobe loads libnvdimm as cxl_pmem's dependency.
 * Labels, namespaces, regions and the ioctl path are left out: nothing in
 * them changes when CXL devices come and go.
 */
#include <errno.h>
#include <string.h>

#include "cxl/cxl.h"

const struct device_type nvdimm_bus_dev_type;
const struct device_type nvdimm_device_type;

static struct cxl_pmem_state *pmem_state(void)
{
	return &cxl_model()->pmem;
}

static int nvdimm_bus_match(struct device *dev, const struct device_driver *drv)
{
	struct cxl_pmem_state *p = pmem_state();

	if (drv == &p->nd_bus_driver)
		return dev->type == &nvdimm_bus_dev_type;
	if (drv == &p->nvdimm_driver)
		return dev->type == &nvdimm_device_type;
	return 0;
}

static void nvdimm_bus_release(struct device *dev)
{
	sim_kfree(sim_current(), container_of(dev, struct nvdimm_bus, dev));
}

const struct device_type nvdimm_bus_dev_type = {
	.name = "nvdimm_bus",
	.release = nvdimm_bus_release,
};

static void nvdimm_release(struct device *dev)
{
	sim_kfree(sim_current(), container_of(dev, struct nvdimm, dev));
}

const struct device_type nvdimm_device_type = {
	.name = "nvdimm",
	.release = nvdimm_release,
};

/* ---- the bus device of one provider ---- */

/*
 * Register @parent's nvdimm bus; NULL on failure, as the kernel's.  The
 * nd_bus driver binds it inside device_add().
 */
struct nvdimm_bus *nvdimm_bus_register(struct device *parent, void *provider)
{
	struct cxl_pmem_state *p = pmem_state();
	struct sim *s = sim_current();
	struct nvdimm_bus *nvdimm_bus;

	(void)provider;
	nvdimm_bus = sim_kzalloc(s, sizeof(*nvdimm_bus), "nvdimm_bus");
	if (!nvdimm_bus)
		return NULL;
	nvdimm_bus->id = p->next_ndbus_id++;
	sim_mutex_init(s, &nvdimm_bus->reconfig_mutex, "nvdimm_bus.reconfig_mutex");
	nvdimm_bus->dev.parent = parent;
	nvdimm_bus->dev.type = &nvdimm_bus_dev_type;
	nvdimm_bus->dev.bus = &p->nvdimm_bus_type;
	device_initialize(&nvdimm_bus->dev);
	dev_set_name(&nvdimm_bus->dev, "ndbus%d", nvdimm_bus->id);
	if (device_add(&nvdimm_bus->dev)) {
		put_device(&nvdimm_bus->dev);
		return NULL;
	}
	return nvdimm_bus;
}

void nvdimm_bus_unregister(struct nvdimm_bus *nvdimm_bus)
{
	if (!nvdimm_bus)
		return;
	device_unregister(&nvdimm_bus->dev);
}

static int nd_bus_probe(struct device *dev)
{
	return 0;
}

static int child_unregister(struct device *dev, void *data)
{
	if (dev->parent == data && dev->type == &nvdimm_device_type)
		nvdimm_delete(container_of(dev, struct nvdimm, dev));
	return 0;
}

/* DIMMs their provider left registered go with the bus. */
static void nd_bus_remove(struct device *dev)
{
	bus_for_each_dev(&pmem_state()->nvdimm_bus_type, dev, child_unregister);
}

/* ---- DIMMs ---- */

/*
 * __nvdimm_create() with NDD_REGISTER_SYNC, as cxl_pmem asks: nmemN is added
 * (and the nvdimm driver probes it) before the call returns.
 */
struct nvdimm *__nvdimm_create(struct nvdimm_bus *nvdimm_bus, void *provider_data)
{
	struct cxl_pmem_state *p = pmem_state();
	struct nvdimm *nvdimm = sim_kzalloc(sim_current(), sizeof(*nvdimm), "nvdimm");
	struct device *dev, *parent;

	if (!nvdimm)
		return NULL;
	nvdimm->id = p->next_nmem_id++;
	nvdimm->provider_data = provider_data;
	dev = &nvdimm->dev;
	dev->parent = &nvdimm_bus->dev;
	dev->type = &nvdimm_device_type;
	device_initialize(dev);
	dev_set_name(dev, "nmem%d", nvdimm->id);
	/* nd_device_register_sync(): both references held across device_add(). */
	dev->bus = &p->nvdimm_bus_type;
	parent = get_device(dev->parent);
	get_device(dev);
	if (device_add(dev))
		put_device(dev);
	put_device(dev);
	put_device(parent);
	return nvdimm;
}

/* Unregister a DIMM: flush bus operations, then nd_device_unregister(ND_SYNC). */
void nvdimm_delete(struct nvdimm *nvdimm)
{
	struct device *dev = &nvdimm->dev;
	struct nvdimm_bus *nvdimm_bus;
	struct sim *s = sim_current();
	bool killed;

	/* walk_to_nvdimm_bus() reads the DIMM first: it may be gone already. */
	if (!device_check(dev, "nvdimm_delete"))
		return;
	nvdimm_bus = container_of(dev->parent, struct nvdimm_bus, dev);
	sim_mutex_lock(s, &nvdimm_bus->reconfig_mutex);
	sim_mutex_unlock(s, &nvdimm_bus->reconfig_mutex);
	device_lock(dev);
	if (!device_check(dev, "nvdimm_delete"))
		return;
	killed = kill_device(dev);
	device_unlock(dev);
	if (!killed)
		return;
	device_unregister(dev);
}

/* dimm.c's probe reads the label area through the provider: nothing that orders. */
static int nvdimm_probe(struct device *dev)
{
	return 0;
}

/* ---- the module ---- */

/* libnvdimm_init(): the bus, then the bus driver, then the DIMM driver. */
static int libnvdimm_init(void)
{
	struct cxl_pmem_state *p = pmem_state();
	int rc;

	p->nvdimm_bus_type = (struct bus_type){
		.name = "nd",
		.match = nvdimm_bus_match,
	};
	rc = bus_register(&p->nvdimm_bus_type);
	if (rc)
		return rc;
	p->nvdimm_bus_registered = true;
	p->nd_bus_driver = (struct device_driver){
		.name = "nd_bus",
		.bus = &p->nvdimm_bus_type,
		.probe = nd_bus_probe,
		.remove = nd_bus_remove,
	};
	rc = driver_register(&p->nd_bus_driver);
	if (rc)
		goto err_bus;
	p->nvdimm_driver = (struct device_driver){
		.name = "nvdimm",
		.bus = &p->nvdimm_bus_type,
		.probe = nvdimm_probe,
	};
	rc = driver_register(&p->nvdimm_driver);
	if (rc)
		goto err_nd_bus;
	return 0;
err_nd_bus:
	driver_unregister(&p->nd_bus_driver);
err_bus:
	bus_unregister(&p->nvdimm_bus_type);
	p->nvdimm_bus_registered = false;
	return rc;
}

static void libnvdimm_exit(void)
{
	struct cxl_pmem_state *p = pmem_state();

	driver_unregister(&p->nvdimm_driver);
	driver_unregister(&p->nd_bus_driver);
	bus_unregister(&p->nvdimm_bus_type);
	p->nvdimm_bus_registered = false;
}

static const char *const libnvdimm_exports[] = {
	"nvdimm_bus_register", "nvdimm_bus_unregister", "__nvdimm_create", "nvdimm_delete", NULL,
};

const struct module_desc libnvdimm_module = {
	.name = "libnvdimm",
	.init = libnvdimm_init,
	.exit = libnvdimm_exit,
	.exports = libnvdimm_exports,
	/* subsys_initcall(); drivers/Makefile links nvdimm/ before cxl/. */
	.initcall = INITCALL_SUBSYS,
	.link_order = 0,
};
