// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Module kt_core: a bus ("kt", devices match the driver whose name prefixes
 * theirs) and the helpers other test modules use through EXPORT_SYMBOL, so
 * the build must find kt_drv -> kt_core.  Written as a kernel module.
 */
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "kt.h"

struct kt_state kt_state;
static int kt_inits;
static DEFINE_IDA(kt_ida);

struct kt_dev {
	struct device dev;
	int id;
};

static int kt_match(struct device *dev, const struct device_driver *drv)
{
	return !strncmp(dev_name(dev), drv->name, strlen(drv->name));
}

struct bus_type kt_bus_type = {
	.name = "kt",
	.match = kt_match,
};
EXPORT_SYMBOL_GPL(kt_bus_type);

static void kt_release(struct device *dev)
{
	struct kt_dev *kd = container_of(dev, struct kt_dev, dev);

	ida_free(&kt_ida, kd->id);
	kfree(kd);
}

int kt_add_device(const char *name)
{
	struct kt_dev *kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	int rc;

	if (!kd)
		return -ENOMEM;
	kd->id = ida_alloc(&kt_ida, GFP_KERNEL);
	device_initialize(&kd->dev);
	kd->dev.bus = &kt_bus_type;
	kd->dev.release = kt_release;
	dev_set_name(&kd->dev, "%s.%d", name, kd->id);
	rc = device_add(&kd->dev);
	if (rc)
		put_device(&kd->dev);
	return rc;
}
EXPORT_SYMBOL_GPL(kt_add_device);

void kt_note(const char *what)
{
	strncat(kt_state.order, what, sizeof(kt_state.order) - strlen(kt_state.order) - 1);
	strncat(kt_state.order, " ", sizeof(kt_state.order) - strlen(kt_state.order) - 1);
}
EXPORT_SYMBOL_GPL(kt_note);

static int __init kt_core_init(void)
{
	kt_state.core_inits = ++kt_inits;
	return bus_register(&kt_bus_type);
}
module_init(kt_core_init);

static void __exit kt_core_exit(void)
{
	bus_unregister(&kt_bus_type);
}
module_exit(kt_core_exit);
MODULE_LICENSE("GPL");
