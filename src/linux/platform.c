// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The platform bus (drivers/base/platform.c's behaviour) on src/bus's driver
 * core: a device named NAME.ID matches a driver by the driver's id_table or
 * its name, probes through the platform driver's probe(), and its uevent's
 * MODALIAS is "platform:NAME", which udev's module autoload matches against
 * MODULE_DEVICE_TABLE(platform, ...) and MODULE_ALIAS entries.
 *
 * The bus, and the "platform" root device that parents every platform device
 * given no parent, are kernel globals: platform_bus_init() sets them up anew
 * at the start of every run, in the boot task.
 */
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/memregion.h>

#include "linux/linux_model.h"

struct platform_object {
	struct platform_device pdev;
	char name[];
};

static const struct platform_device_id *platform_match_id(const struct platform_device_id *id,
							  const struct platform_device *pdev)
{
	for (; id->name[0]; id++)
		if (!strcmp(pdev->name, id->name))
			return id;
	return NULL;
}

static int platform_match(struct device *dev, const struct device_driver *drv)
{
	const struct platform_device *pdev = to_platform_device(dev);
	const struct platform_driver *pdrv = to_platform_driver(drv);

	if (pdrv->id_table)
		return platform_match_id(pdrv->id_table, pdev) != NULL;
	return !strcmp(pdev->name, drv->name);
}

static int platform_probe(struct device *dev)
{
	struct platform_device *pdev = to_platform_device(dev);
	struct platform_driver *pdrv = to_platform_driver(dev->driver);

	if (pdrv->id_table)
		pdev->id_entry = platform_match_id(pdrv->id_table, pdev);
	return pdrv->probe ? pdrv->probe(pdev) : 0;
}

static void platform_remove(struct device *dev)
{
	struct platform_driver *pdrv = to_platform_driver(dev->driver);

	if (pdrv->remove)
		pdrv->remove(to_platform_device(dev));
}

static const char *platform_modalias(struct device *dev, char *buf, size_t len)
{
	snprintf(buf, len, "platform:%s", to_platform_device(dev)->name);
	return buf;
}

struct bus_type platform_bus_type;
struct device platform_bus;

static void platform_bus_release(struct device *dev)
{
}

int platform_bus_init(void)
{
	int rc;

	memset(&platform_bus, 0, sizeof(platform_bus));
	platform_bus_type = (struct bus_type){
		.name = "platform",
		.match = platform_match,
		.probe = platform_probe,
		.remove = platform_remove,
		.modalias = platform_modalias,
	};
	device_initialize(&platform_bus);
	platform_bus.release = platform_bus_release;
	dev_set_name(&platform_bus, "platform");
	rc = device_add(&platform_bus);
	if (rc)
		return rc;
	return bus_register(&platform_bus_type);
}

static void platform_device_release(struct device *dev)
{
	kfree(container_of(to_platform_device(dev), struct platform_object, pdev));
}

struct platform_device *platform_device_alloc(const char *name, int id)
{
	size_t len = strlen(name) + 1;
	struct platform_object *pa = kzalloc(sizeof(*pa) + len, GFP_KERNEL);

	if (!pa)
		return NULL;
	memcpy(pa->name, name, len);
	pa->pdev.name = pa->name;
	pa->pdev.id = id;
	device_initialize(&pa->pdev.dev);
	pa->pdev.dev.release = platform_device_release;
	return &pa->pdev;
}

int platform_device_add(struct platform_device *pdev)
{
	if (!pdev->dev.parent)
		pdev->dev.parent = &platform_bus;
	pdev->dev.bus = &platform_bus_type;
	if (pdev->id == PLATFORM_DEVID_NONE)
		dev_set_name(&pdev->dev, "%s", pdev->name);
	else
		dev_set_name(&pdev->dev, "%s.%d", pdev->name, pdev->id);
	return device_add(&pdev->dev);
}

void platform_device_del(struct platform_device *pdev)
{
	device_del(&pdev->dev);
}

void platform_device_put(struct platform_device *pdev)
{
	put_device(&pdev->dev);
}

/* For a platform device the caller allocated itself (not platform_device_alloc()'s). */
int platform_device_register(struct platform_device *pdev)
{
	device_initialize(&pdev->dev);
	return platform_device_add(pdev);
}

void platform_device_unregister(struct platform_device *pdev)
{
	platform_device_del(pdev);
	platform_device_put(pdev);
}

int __platform_driver_register(struct platform_driver *drv, struct module *owner)
{
	drv->driver.owner = owner;
	drv->driver.bus = &platform_bus_type;
	return driver_register(&drv->driver);
}

void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}

int linux_platform_init(void)
{
	memregion_reset();
	return platform_bus_init();
}
