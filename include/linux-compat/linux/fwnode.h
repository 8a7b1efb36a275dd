/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_FWNODE_H
#define _LINUX_COMPAT_FWNODE_H

#include <linux/types.h>

struct fwnode_handle;
struct fwnode_operations {
	const char *name;
};
/* Firmware nodes (ACPI companions) are embedded in their owner: container_of() finds it. */
struct fwnode_handle {
	struct fwnode_handle *secondary;
	const struct fwnode_operations *ops;
	struct device *dev;
	u32 flags;
};

#endif
