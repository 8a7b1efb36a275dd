/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Character devices.  cdev_device_add() is where a memdev becomes visible:
 * it publishes the char device (recorded) and then adds the device with the
 * driver core's device_add(), so probing orders exactly as in the kernel.
 */
#ifndef _LINUX_COMPAT_CDEV_H
#define _LINUX_COMPAT_CDEV_H

#include <linux/types.h>
#include <linux/kdev_t.h>
#include <linux/fs.h>

struct device;
struct module;

struct cdev {
	struct module *owner;
	const struct file_operations *ops;
	dev_t dev;
	unsigned int count;
	bool added;
};

void cdev_init(struct cdev *cdev, const struct file_operations *fops);
int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count);
void cdev_del(struct cdev *cdev);
int cdev_device_add(struct cdev *cdev, struct device *dev);
void cdev_device_del(struct cdev *cdev, struct device *dev);
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count, const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);

#endif /* _LINUX_COMPAT_CDEV_H */
