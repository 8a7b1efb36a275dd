// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The MODALIAS of a kernel bus's uevent, for udev's module autoload: the
 * driver core (src/bus) asks a bus for it through bus_type.modalias; a
 * kernel bus instead fills a uevent environment in its .uevent (and its
 * device type's), as cxl_bus_uevent() does with add_uevent_var().  This runs
 * those callbacks on an environment of its own and returns the MODALIAS=
 * value, so that such a bus can set .modalias = linux_uevent_modalias.
 */
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>

const char *linux_uevent_modalias(struct device *dev, char *buf, size_t len)
{
	struct kobj_uevent_env *env = kzalloc(sizeof(*env), GFP_KERNEL);
	const char *found = NULL;
	int i;

	if (!env)
		return NULL;
	if (dev->type && dev->type->uevent && dev->type->uevent(dev, env))
		goto out;
	if (dev->bus && dev->bus->uevent && dev->bus->uevent(dev, env))
		goto out;
	for (i = 0; i < env->envp_idx; i++) {
		if (strncmp(env->envp[i], "MODALIAS=", 9))
			continue;
		strscpy(buf, env->envp[i] + 9, len);
		found = buf;
	}
out:
	kfree(env);
	return found;
}
