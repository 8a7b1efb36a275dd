/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's <linux/device.h> over libcxlsim's one driver core: struct
 * device, struct bus_type, struct device_driver and struct device_type ARE
 * src/bus's (which carry the kernel's fields that kernel code sets), and the
 * functions are src/bus's wherever their signatures are the kernel's.  Where
 * the kernel's signature differs (bus_for_each_dev() takes a start device,
 * devm_kzalloc() a gfp mask), a macro with the kernel's arguments calls a
 * wrapper in src/linux/device.c.
 */
#ifndef _LINUX_COMPAT_DEVICE_H
#define _LINUX_COMPAT_DEVICE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/cleanup.h>
#include <linux/dev_printk.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/err.h>
#include <linux/ioport.h>
#include <linux/range.h>
#include <linux/fwnode.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/xarray.h>
#include <linux/idr.h>
#include <linux/workqueue.h>
#include <linux/completion.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/kref.h>
#include <linux/uuid.h>
#include <linux/ktime.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/kdev_t.h>
#include <linux/device/bus.h>
#include <linux/device/driver.h>
#include <linux/device/class.h>

#include "bus/device.h"
#include "bus/devres.h"

#define NUMA_NO_NODE (-1)

typedef int (*device_iter_t)(struct device *dev, void *data);
typedef int (*device_match_t)(struct device *dev, const void *data);

/* ---- kernel signatures over the driver core ---- */
int linux_bus_for_each_dev(const struct bus_type *bus, struct device *start, void *data,
			   device_iter_t fn);
#define bus_for_each_dev(bus, start, data, fn) linux_bus_for_each_dev(bus, start, data, fn)
struct device *bus_find_device(const struct bus_type *bus, struct device *start, const void *data,
			       device_match_t match);
struct device *linux_bus_find_device_by_name(const struct bus_type *bus, struct device *start,
					     const char *name);
#define bus_find_device_by_name(bus, start, name) linux_bus_find_device_by_name(bus, start, name)
int bus_for_each_drv(const struct bus_type *bus, struct device_driver *start, void *data,
		     int (*fn)(struct device_driver *, void *));

/* Children, in the order they were added (the driver core's device list, filtered). */
int device_for_each_child(struct device *parent, void *data, device_iter_t fn);
int device_for_each_child_reverse(struct device *parent, void *data, device_iter_t fn);
int device_for_each_child_reverse_from(struct device *parent, struct device *from,
				       const void *data, device_match_t fn);
struct device *device_find_child(struct device *parent, const void *data, device_match_t match);
struct device *device_find_child_by_name(struct device *parent, const char *name);
struct device *device_find_any_child(struct device *parent);

#define devm_kzalloc(dev, size, gfp) linux_devm_kmalloc((dev), (size), (gfp))
#define devm_kmalloc(dev, size, gfp) linux_devm_kmalloc((dev), (size), (gfp))
#define devm_kcalloc(dev, n, size, gfp) linux_devm_kmalloc((dev), size_mul(n, size), (gfp))
#define devm_kmalloc_array devm_kcalloc
void *linux_devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp);
char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp);
char *devm_kasprintf(struct device *dev, gfp_t gfp, const char *fmt, ...) __printf(3, 4);
#undef devres_alloc
#define devres_alloc(release, size, gfp) __devres_alloc((release), (size), #release)
#define devres_alloc_node(release, size, gfp, nid) devres_alloc(release, size, gfp)
#define devm_add_action_or_reset(dev, action, data)                                         \
	__devm_add_action_or_reset(dev, action, data, #action)

int device_trylock(struct device *dev);
#define device_lock_assert(dev) lockdep_assert_held(&(dev)->mutex)
/* Lock classes of device locks are the runtime's business (the lockdep branch). */
#define device_lock_set_class(dev, key) do { } while (0)
#define device_lock_reset_class(dev) do { } while (0)
int device_is_dependent(struct device *dev, void *target);
int device_reprobe(struct device *dev);
int device_move(struct device *dev, struct device *new_parent, int dpm_order);
int device_rename(struct device *dev, const char *new_name);
int device_driver_detach_locked(struct device *dev);
void device_release_driver_locked(struct device *dev);

static inline void *dev_get_platdata(const struct device *dev)
{
	return dev->platform_data;
}
static inline int dev_to_node(const struct device *dev)
{
	return dev->numa_node;
}
static inline void set_dev_node(struct device *dev, int node)
{
	dev->numa_node = node;
}
static inline struct device *kobj_to_dev(struct kobject *kobj)
{
	return container_of(kobj, struct device, kobj);
}
static inline void device_set_pm_not_required(struct device *dev)
{
}
static inline void device_enable_async_suspend(struct device *dev)
{
}
static inline bool dev_has_sync_state(struct device *dev)
{
	return false;
}
static inline struct fwnode_handle *dev_fwnode(const struct device *dev)
{
	return dev->fwnode;
}
static inline void set_primary_fwnode(struct device *dev, struct fwnode_handle *fwnode)
{
	dev->fwnode = fwnode;
}
static inline const char *dev_bus_name(const struct device *dev)
{
	return dev->bus ? dev->bus->name : "";
}
static inline bool device_match_name(struct device *dev, const void *name)
{
	return strcmp(dev_name(dev), name) == 0;
}
static inline int device_match_fwnode(struct device *dev, const void *fwnode)
{
	return dev_fwnode(dev) == fwnode;
}
static inline int device_match_devt(struct device *dev, const void *pdevt)
{
	return dev->devt == *(const dev_t *)pdevt;
}
static inline int device_match_any(struct device *dev, const void *unused)
{
	return 1;
}
static inline int dev_set_drvdata_ok(void)
{
	return 0;
}

/* sysfs groups and links of a device: accepted and recorded (no sysfs). */
int device_add_groups(struct device *dev, const struct attribute_group **groups);
void device_remove_groups(struct device *dev, const struct attribute_group **groups);
int device_add_group(struct device *dev, const struct attribute_group *grp);
void device_remove_group(struct device *dev, const struct attribute_group *grp);
int devm_device_add_group(struct device *dev, const struct attribute_group *grp);
int devm_device_add_groups(struct device *dev, const struct attribute_group **groups);
int device_create_file(struct device *dev, const struct device_attribute *attr);
void device_remove_file(struct device *dev, const struct device_attribute *attr);
bool device_remove_file_self(struct device *dev, const struct device_attribute *attr);
int device_create_bin_file(struct device *dev, const struct bin_attribute *attr);
void device_remove_bin_file(struct device *dev, const struct bin_attribute *attr);
int sysfs_create_link_nowarn(struct kobject *kobj, struct kobject *target, const char *name);
void device_set_of_node_from_dev(struct device *dev, const struct device *dev2);

DEFINE_GUARD(device, struct device *, device_lock_at(_T, linux_site(SIM_SITE_HERE)),
	     device_unlock(_T))
DEFINE_FREE(put_device, struct device *, if (!IS_ERR_OR_NULL(_T)) put_device(_T))

#endif /* _LINUX_COMPAT_DEVICE_H */
