/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_PROPERTY_H
#define _LINUX_COMPAT_PROPERTY_H
#include <linux/fwnode.h>
#include <linux/device.h>
static inline struct fwnode_handle *dev_fwnode(const struct device *dev)
{
	return dev->fwnode;
}
#endif
