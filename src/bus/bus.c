// SPDX-License-Identifier: LGPL-2.1-or-later
/* Buses and driver registration (drivers/base/bus.c, driver.c). */
#include <errno.h>
#include <string.h>

#include "bus/core.h"

void bus_touch(struct bus_type *bus, bool write)
{
	sim_touch(sim_current(), bus->key, write);
}

int bus_register(struct bus_type *bus)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = drv_core();

	bus->key = sim_internf(core->sim, "bus:%s", bus->name);
	sim_touch_name(core->sim, "buses", true);
	INIT_LIST_HEAD(&bus->devices);
	INIT_LIST_HEAD(&bus->drivers);
	list_add_tail(&bus->node, &core->buses);
	bus->registered = true;
	sim_tracef(core->sim, "bus-register", bus->name, NULL);
	return 0;
}

void bus_unregister(struct bus_type *bus)
{
	DRV_CORE_SCOPE();
	if (!bus->registered)
		return;
	sim_touch_name(sim_current(), "buses", true);
	list_del_init(&bus->node);
	bus->registered = false;
}

/*
 * Iterate over a snapshot, each device held: a callback may sleep and the
 * bus's list may change meanwhile, as klist iteration allows in the kernel.
 */
static int __bus_for_each_dev(struct bus_type *bus, void *data,
			      int (*fn)(struct device *, void *), bool driver_fn)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();
	struct device *dev, **snap;
	size_t n = 0, i;
	int ret = 0;

	bus_touch(bus, false);
	list_for_each_entry(dev, &bus->devices, bus_node)
		n++;
	if (!n)
		return 0;
	snap = sim_scratch_alloc(s, n * sizeof(*snap));
	if (!snap)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(dev, &bus->devices, bus_node)
		snap[n++] = get_device(dev);
	for (i = 0; i < n; i++) {
		if (!ret && snap[i]->registered) {
			if (driver_fn)
				driver_code_enter(drv_core_of(s));
			ret = fn(snap[i], data);
			if (driver_fn)
				driver_code_exit(drv_core_of(s));
		}
		put_device(snap[i]);
	}
	sim_scratch_free(s, snap);
	return ret;
}

int bus_for_each_dev(struct bus_type *bus, void *data, int (*fn)(struct device *, void *))
{
	return __bus_for_each_dev(bus, data, fn, true);
}

/* The driver core's own walks: their callbacks are driver core too. */
int cxlsim__bus_for_each_dev_core(struct bus_type *bus, void *data,
				  int (*fn)(struct device *, void *))
{
	return __bus_for_each_dev(bus, data, fn, false);
}

struct device *bus_find_device_by_name(struct bus_type *bus, const char *name)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();
	uint32_t id = sim_intern(s, name);
	struct device *dev;

	bus_touch(bus, false);
	list_for_each_entry(dev, &bus->devices, bus_node)
		if (dev->name_id == id)
			return get_device(dev);
	return NULL;
}

struct device_driver *driver_find(const char *name, struct bus_type *bus)
{
	DRV_CORE_SCOPE();
	struct device_driver *drv;

	bus_touch(bus, false);
	list_for_each_entry(drv, &bus->drivers, bus_node)
		if (!strcmp(drv->name, name))
			return drv;
	return NULL;
}

int driver_register(struct device_driver *drv)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();

	if (!drv->bus || !drv->bus->registered)
		return -EINVAL;
	if (driver_find(drv->name, drv->bus))
		return -EBUSY;
	if (!drv->owner)
		drv->owner = module_current();
	bus_touch(drv->bus, true);
	list_add_tail(&drv->bus_node, &drv->bus->drivers);
	drv->registered = true;
	sim_sched_point(s, "driver-register", sim_intern(s, drv->name));
	return driver_attach(drv);
}

static int detach_one(struct device *dev, void *data)
{
	DRV_CORE_SCOPE();
	struct device_driver *drv = data;

	/* driver_detach(): checked again under the locks, with the parent's where needed. */
	if (dev->driver == drv)
		device_release_driver_internal(dev, drv, dev->parent);
	return 0;
}

void driver_unregister(struct device_driver *drv)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();

	if (!drv->registered)
		return;
	sim_tracef(s, "driver-unregister", drv->name, NULL);
	cxlsim__bus_for_each_dev_core(drv->bus, drv, detach_one);
	bus_touch(drv->bus, true);
	list_del_init(&drv->bus_node);
	drv->registered = false;
}

static int rescan_one(struct device *dev, void *data)
{
	DRV_CORE_SCOPE();
	if (!dev->driver)
		device_attach(dev);
	return 0;
}

int bus_rescan_devices(struct bus_type *bus)
{
	DRV_CORE_SCOPE();
	sim_tracef(sim_current(), "bus-rescan", bus->name, NULL);
	return cxlsim__bus_for_each_dev_core(bus, NULL, rescan_one);
}
