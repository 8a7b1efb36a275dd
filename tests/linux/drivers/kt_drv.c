// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Module kt_drv: drivers on kt_core's bus, written as kernel drivers.
 * kt_drv probes with devm allocations, a devm action, a work item; its
 * probe fails on "kt_drv-fail" devices, whose devres must unwind at once.
 * kt_sync (forced synchronous) and kt_async (asynchronous) note their probes.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "kt.h"

extern struct kt_state kt_state;
extern struct bus_type kt_bus_type;
int kt_add_device(const char *name);
void kt_note(const char *what);

struct kt_priv {
	struct work_struct work;
	int value;
};

static void kt_work(struct work_struct *work)
{
	struct kt_priv *p = container_of(work, struct kt_priv, work);

	p->value++;
	kt_state.work_runs++;
}

static void kt_action(void *data)
{
	kt_state.devres_actions++;
}

static int kt_probe(struct device *dev)
{
	struct kt_priv *p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	int rc;

	if (!p)
		return -ENOMEM;
	rc = devm_add_action_or_reset(dev, kt_action, p);
	if (rc)
		return rc;
	INIT_WORK(&p->work, kt_work);
	queue_work(system_wq, &p->work);
	flush_work(&p->work);
	if (p->value != 1)
		return -EINVAL;
	if (strstr(dev_name(dev), "fail")) {
		kt_state.probes_failed++;
		return -EIO;
	}
	kt_state.probes_ok++;
	return 0;
}

static void kt_remove(struct device *dev)
{
	kt_state.removes++;
}

static struct device_driver kt_driver = {
	.name = "kt_drv",
	.bus = &kt_bus_type,
	.probe = kt_probe,
	.remove = kt_remove,
};

static int kt_note_probe(struct device *dev)
{
	kt_note(dev_name(dev));
	return 0;
}

static struct device_driver kt_sync_driver = {
	.name = "kt_sync",
	.bus = &kt_bus_type,
	.probe = kt_note_probe,
	.probe_type = PROBE_FORCE_SYNCHRONOUS,
};

static struct device_driver kt_async_driver = {
	.name = "kt_async",
	.bus = &kt_bus_type,
	.probe = kt_note_probe,
	.probe_type = PROBE_PREFER_ASYNCHRONOUS,
};

static int __init kt_drv_init(void)
{
	int rc = driver_register(&kt_driver);

	if (rc)
		return rc;
	driver_register(&kt_sync_driver);
	driver_register(&kt_async_driver);
	kt_add_device("kt_drv-ok");
	kt_add_device("kt_drv-fail");
	kt_add_device("kt_async");
	kt_add_device("kt_sync");
	/* A synchronous probe is done when device_add() returns; an asynchronous one is not. */
	kt_note("added");
	return 0;
}
module_init(kt_drv_init);

static void __exit kt_drv_exit(void)
{
	driver_unregister(&kt_async_driver);
	driver_unregister(&kt_sync_driver);
	driver_unregister(&kt_driver);
}
module_exit(kt_drv_exit);
MODULE_SOFTDEP("pre: kt_core");
MODULE_LICENSE("GPL");
