/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_DEVICE_CLASS_H
#define _LINUX_COMPAT_DEVICE_CLASS_H
#include <linux/types.h>
struct device;
struct class {
	const char *name;
	const struct attribute_group **class_groups;
	const struct attribute_group **dev_groups;
	char *(*devnode)(const struct device *dev, umode_t *mode);
	void (*class_release)(const struct class *class);
	void (*dev_release)(struct device *dev);
};
int class_register(const struct class *class);
void class_unregister(const struct class *class);
#endif
