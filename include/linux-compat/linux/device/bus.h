/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* struct bus_type is the driver core's (src/bus/device.h); see <linux/device.h>. */
#ifndef _LINUX_COMPAT_DEVICE_BUS_H
#define _LINUX_COMPAT_DEVICE_BUS_H
#include "bus/device.h"
struct bus_attribute {
	struct attribute attr;
	ssize_t (*show)(const struct bus_type *bus, char *buf);
	ssize_t (*store)(const struct bus_type *bus, const char *buf, size_t count);
};
#define BUS_ATTR_RW(_name) struct bus_attribute bus_attr_##_name = __ATTR_RW(_name)
#define BUS_ATTR_RO(_name) struct bus_attribute bus_attr_##_name = __ATTR_RO(_name)
#define BUS_ATTR_WO(_name) struct bus_attribute bus_attr_##_name = __ATTR_WO(_name)
#endif
