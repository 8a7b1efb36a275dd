/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The platform bus on the driver core of src/bus: devices named NAME.ID that
 * drivers match by name or by their id_table, and whose uevent's MODALIAS is
 * "platform:NAME" (what udev autoloads a module for).  Every device of the
 * mock CXL platform is one, as in cxl_test.
 */
#ifndef _LINUX_COMPAT_PLATFORM_DEVICE_H
#define _LINUX_COMPAT_PLATFORM_DEVICE_H

#include <linux/device.h>
#include <linux/mod_devicetable.h>

#define PLATFORM_DEVID_NONE (-1)
#define PLATFORM_DEVID_AUTO (-2)

struct platform_device {
	const char *name;
	int id;
	struct device dev;
	const struct platform_device_id *id_entry;
	void *platform_data_copy;
};

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	union {
		void (*remove)(struct platform_device *pdev);
		void (*remove_new)(struct platform_device *pdev);
	};
	void (*shutdown)(struct platform_device *pdev);
	struct device_driver driver;
	const struct platform_device_id *id_table;
	bool prevent_deferred_probe;
	bool driver_managed_dma;
};

extern struct bus_type platform_bus_type;
/* The parent of every platform device that was given none (/sys/devices/platform). */
extern struct device platform_bus;

#define to_platform_device(x) container_of((x), struct platform_device, dev)
#define to_platform_driver(drv) container_of((drv), struct platform_driver, driver)

static inline bool dev_is_platform(const struct device *dev)
{
	return dev->bus == &platform_bus_type;
}

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static inline const struct platform_device_id *platform_get_device_id(struct platform_device *pdev)
{
	return pdev->id_entry;
}

struct platform_device *platform_device_alloc(const char *name, int id);
int platform_device_add_data(struct platform_device *pdev, const void *data, size_t size);
int platform_device_add(struct platform_device *pdev);
void platform_device_del(struct platform_device *pdev);
void platform_device_put(struct platform_device *pdev);
int platform_device_register(struct platform_device *pdev);
void platform_device_unregister(struct platform_device *pdev);

int __platform_driver_register(struct platform_driver *drv, struct module *owner);
#define platform_driver_register(drv) __platform_driver_register(drv, THIS_MODULE)
void platform_driver_unregister(struct platform_driver *drv);

#define module_platform_driver(__platform_driver)                                           \
	module_driver(__platform_driver, platform_driver_register, platform_driver_unregister)

/* Set up the platform bus for a run (after the driver core's reset). */
int platform_bus_init(void);

#endif /* _LINUX_COMPAT_PLATFORM_DEVICE_H */
