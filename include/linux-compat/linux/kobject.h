/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct kobject is the driver core's stand-in (src/bus/device.h): devices
 * embed one for the sysfs calls kernel code makes on &dev->kobj.  There is no
 * kobject lifetime of its own: a device's is the driver core's refcount.
 */
#ifndef _LINUX_COMPAT_KOBJECT_H
#define _LINUX_COMPAT_KOBJECT_H

#include <linux/types.h>

#include "bus/device.h"

#define UEVENT_NUM_ENVP 64
#define UEVENT_BUFFER_SIZE 2048

struct kobj_uevent_env {
	char *argv[3];
	char *envp[UEVENT_NUM_ENVP];
	int envp_idx;
	char buf[UEVENT_BUFFER_SIZE];
	int buflen;
};

int add_uevent_var(struct kobj_uevent_env *env, const char *format, ...) __printf(2, 3);
static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

enum kobject_action {
	KOBJ_ADD,
	KOBJ_REMOVE,
	KOBJ_CHANGE,
	KOBJ_MOVE,
	KOBJ_ONLINE,
	KOBJ_OFFLINE,
	KOBJ_BIND,
	KOBJ_UNBIND,
};
int kobject_uevent(struct kobject *kobj, enum kobject_action action);
#define kobject_uevent_env(kobj, action, envp) kobject_uevent(kobj, action)

#endif
