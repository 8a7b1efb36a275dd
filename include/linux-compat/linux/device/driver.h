/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* struct device_driver is the driver core's (src/bus/device.h); module_driver() is here. */
#ifndef _LINUX_COMPAT_DEVICE_DRIVER_H
#define _LINUX_COMPAT_DEVICE_DRIVER_H
#include "bus/device.h"
#include <linux/module.h>
struct driver_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device_driver *driver, char *buf);
	ssize_t (*store)(struct device_driver *driver, const char *buf, size_t count);
};
#define DRIVER_ATTR_RW(_name) struct driver_attribute driver_attr_##_name = __ATTR_RW(_name)
#define DRIVER_ATTR_RO(_name) struct driver_attribute driver_attr_##_name = __ATTR_RO(_name)
#define DRIVER_ATTR_WO(_name) struct driver_attribute driver_attr_##_name = __ATTR_WO(_name)
#define module_driver(__driver, __register, __unregister, ...)                              \
	static int __init __driver##_init(void)                                             \
	{                                                                                   \
		return __register(&(__driver), ##__VA_ARGS__);                              \
	}                                                                                   \
	module_init(__driver##_init);                                                       \
	static void __exit __driver##_exit(void)                                            \
	{                                                                                   \
		__unregister(&(__driver), ##__VA_ARGS__);                                   \
	}                                                                                   \
	module_exit(__driver##_exit);
#define builtin_driver(__driver, __register, ...)                                           \
	static int __init __driver##_init(void)                                             \
	{                                                                                   \
		return __register(&(__driver), ##__VA_ARGS__);                              \
	}                                                                                   \
	device_initcall(__driver##_init);
#endif
