// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Character devices: the region of device numbers and the cdev are recorded
 * only; cdev_device_add() and cdev_device_del() add and delete the device
 * through the driver core, in the kernel's order (the cdev is published
 * before the device is added, and removed after it is deleted).
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/kdev_t.h>

#include "linux/record.h"

/* One dynamic major per run is enough: only cxl_core asks for one. */
#define CHRDEV_DYNAMIC_MAJOR 240

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count, const char *name)
{
	*dev = MKDEV(CHRDEV_DYNAMIC_MAJOR, baseminor);
	linux_compat_record("chrdev-region", name, "");
	return 0;
}

void unregister_chrdev_region(dev_t from, unsigned int count)
{
}

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	cdev->ops = fops;
}

int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count)
{
	cdev->dev = dev;
	cdev->count = count;
	cdev->added = true;
	return 0;
}

void cdev_del(struct cdev *cdev)
{
	cdev->added = false;
}

int cdev_device_add(struct cdev *cdev, struct device *dev)
{
	int rc = 0;

	if (dev->devt) {
		rc = cdev_add(cdev, dev->devt, 1);
		if (rc)
			return rc;
	}
	rc = device_add(dev);
	if (rc && dev->devt)
		cdev_del(cdev);
	return rc;
}

void cdev_device_del(struct cdev *cdev, struct device *dev)
{
	device_del(dev);
	if (dev->devt)
		cdev_del(cdev);
}
