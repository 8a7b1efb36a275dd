/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The driver core's objects, with the kernel's names and meanings
 * (include/linux/device.h, device/bus.h, device/driver.h).
 *
 * Per-simulation driver-core state that the kernel keeps in globals (the
 * deferred lists, probe_count, the module list) lives in struct drv_core,
 * reached through the running simulation, so the functions keep the kernel's
 * signatures.  All model memory is tracked (sim_kzalloc): a device used after
 * its release is a reported violation, never a crash.
 */
#ifndef CXLSIM_BUS_DEVICE_H
#define CXLSIM_BUS_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/list.h"
#include "sim/sim.h"

#define EPROBE_DEFER 517

struct device;
struct device_driver;
struct module;
/* What the kernel's fields below point at; defined by include/linux-compat for kernel code. */
struct attribute_group;
struct kobj_uevent_env;
struct fwnode_handle;
struct device_node;
struct acpi_device_id;
struct of_device_id;
struct class;
struct kernfs_node;
struct kuid;
struct kgid;

/*
 * The part of the kernel's struct kobject that drivers use directly
 * (&dev->kobj for sysfs links and groups, kobj->sd): sysfs is not simulated.
 */
struct kobject {
	const char *name;
	struct kobject *parent;
	struct kernfs_node *sd;
};

enum probe_type {
	PROBE_DEFAULT_STRATEGY,
	PROBE_PREFER_ASYNCHRONOUS,
	PROBE_FORCE_SYNCHRONOUS,
};

struct bus_type {
	const char *name;
	int (*match)(struct device *dev, const struct device_driver *drv);
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
	/* The MODALIAS a uevent carries, for udev autoload; NULL = none. */
	const char *(*modalias)(struct device *dev, char *buf, size_t len);
	bool need_parent_lock;
	/* Kernel fields kept for kernel code (--model linux); sysfs and uevents are not simulated. */
	int (*uevent)(const struct device *dev, struct kobj_uevent_env *env);
	void (*shutdown)(struct device *dev);
	const struct attribute_group **bus_groups;
	const struct attribute_group **dev_groups;
	const struct attribute_group **drv_groups;
	const char *dev_name;
	/* Private to the driver core. */
	struct list_head devices;	/* struct device.bus_node, in add order */
	struct list_head drivers;	/* struct device_driver.bus_node */
	struct list_head node;		/* on drv_core.buses */
	uint32_t key;			/* "bus:NAME", its footprint name */
	bool registered;
};

struct device_type {
	const char *name;
	void (*release)(struct device *dev);
	/* Kernel fields kept for kernel code. */
	const struct attribute_group **groups;
	int (*uevent)(const struct device *dev, struct kobj_uevent_env *env);
	char *(*devnode)(const struct device *dev, unsigned short *mode, struct kuid *uid,
			struct kgid *gid);
	const void *pm;
};

struct device_driver {
	const char *name;
	struct bus_type *bus;
	struct module *owner;
	enum probe_type probe_type;
	int (*probe)(struct device *dev);
	void (*remove)(struct device *dev);
	/* Kernel fields kept for kernel code. */
	const char *mod_name;
	bool suppress_bind_attrs;
	const struct of_device_id *of_match_table;
	const struct acpi_device_id *acpi_match_table;
	void (*shutdown)(struct device *dev);
	const struct attribute_group **groups;
	const struct attribute_group **dev_groups;
	const void *pm;
	/* Private to the driver core. */
	struct list_head bus_node;
	bool registered;
};

#define DEVICE_MAGIC 0xdeb1ce00u
#define DEVICE_RELEASED 0xdeadde00u

struct device {
	uint32_t magic;		/* DEVICE_MAGIC while alive: checked by every operation */
	uint32_t name_id;	/* interned name */
	struct device *parent;
	struct bus_type *bus;
	struct device_driver *driver;
	const struct device_type *type;
	void (*release)(struct device *dev);
	void *driver_data;
	int refcount;
	uint32_t devres_seq;
	struct sim_mutex mutex;		/* device_lock() */
	const void *lock_class_of;	/* the type or bus mutex's lock class was named for */
	struct list_head devres_head;
	struct list_head bus_node;
	struct list_head core_node;	/* on drv_core.live_devices until released */
	struct list_head deferred_probe;
	struct device_driver *async_driver;	/* driver_attach()'s pending async probe */
	int last_probe_err;		/* what the last really_probe() returned (0 before any) */
	uint16_t probes;		/* really_probe() calls, whatever they returned (saturating) */
	bool registered : 1;		/* between device_add() and device_del() */
	bool dead : 1;			/* device_del() started */
	bool can_match : 1;
#ifdef __KERNEL__
	/*
	 * Kernel fields kept for kernel code (--model linux), which is compiled with
	 * __KERNEL__: only there does struct device have them.  The driver core and the CXL
	 * model never read them, so their devices end with the fields above (about 100 bytes
	 * fewer on every model device).  A device kernel code reaches must therefore be
	 * allocated by kernel code (or a file compiled as such): the platform's devices and
	 * the drivers' are.  The fields above are a common prefix of both layouts, so the
	 * driver core works on either.
	 */
	bool offline_disabled;
	uint32_t devt;			/* dev_t: MKDEV(major, minor) */
	struct kobject kobj;
	uint32_t id;
	int numa_node;
	const char *init_name;
	void *platform_data;
	const struct attribute_group **groups;
	const struct class *class;
	struct fwnode_handle *fwnode;
	struct device_node *of_node;
	uint64_t *dma_mask;
	uint64_t coherent_dma_mask;
#endif
};

/*
 * Footprints for partial-order reduction (sim_touch()): a device is named by
 * its name, a bus by "bus:NAME" (its device and driver lists).
 */
static inline void dev_touch(const struct device *dev, bool write)
{
	sim_touch(sim_current(), dev->name_id, write);
}
void bus_touch(struct bus_type *bus, bool write);

/* ---- devices (core.c) ---- */
void device_initialize(struct device *dev);
int dev_set_name(struct device *dev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *dev_name(const struct device *dev);
int device_add(struct device *dev);
void device_del(struct device *dev);
int device_register(struct device *dev);
void device_unregister(struct device *dev);
/* Claim @dev's deletion, once (the caller holds its lock); false if already dead. */
bool kill_device(struct device *dev);
struct device *get_device(struct device *dev);
void put_device(struct device *dev);
/*
 * The device lock.  Its lock class (for lock-order) is "device:TYPE" after
 * the device type, else "device:bus:BUS", else "device", taken when it is
 * locked, so that it follows a type or bus set after device_initialize().
 * The parent's lock is its nest parent: parent before child is legal
 * nesting of one class.  device_lock() records its caller as the site.
 */
void device_lock_at(struct device *dev, const struct sim_site *site);
#define device_lock(dev) device_lock_at((dev), SIM_SITE_HERE)
void device_unlock(struct device *dev);
bool device_is_registered(const struct device *dev);
bool device_is_bound(const struct device *dev);
/* Is @dev a live device?  Reports a no-uaf violation naming @what when it is not. */
bool cxlsim__device_dead(struct device *dev, const char *what);
static inline bool device_check(struct device *dev, const char *what)
{
	if (!dev)
		return false;
	dev_touch(dev, false);
	/* Every device operation asks: the answer is almost always yes, and inline. */
	if (dev->magic == DEVICE_MAGIC)
		return true;
	return cxlsim__device_dead(dev, what);
}
static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}
static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

/* ---- buses and drivers (bus.c, driver.c) ---- */
int bus_register(struct bus_type *bus);
void bus_unregister(struct bus_type *bus);
int driver_register(struct device_driver *drv);
void driver_unregister(struct device_driver *drv);
/* Calls @fn on a snapshot of the bus's devices (each held), stopping at a non-zero return. */
int bus_for_each_dev(struct bus_type *bus, void *data, int (*fn)(struct device *, void *));
/* Returns a reference the caller puts, or NULL. */
struct device *bus_find_device_by_name(struct bus_type *bus, const char *name);
int bus_rescan_devices(struct bus_type *bus);
struct device_driver *driver_find(const char *name, struct bus_type *bus);

/* ---- probing (dd.c) ---- */
int device_attach(struct device *dev);
void device_initial_probe(struct device *dev);
void bus_probe_device(struct device *dev);
int driver_attach(struct device_driver *drv);
void device_release_driver(struct device *dev);
/* Unbind @dev if bound (to @drv, when given), under its lock and @parent's if the bus needs it. */
void device_release_driver_internal(struct device *dev, struct device_driver *drv,
				    struct device *parent);
void device_driver_detach(struct device *dev);
/* __device_release_driver(): the caller holds the device lock (and the parent's). */
void device_release_driver_internal_locked(struct device *dev);
int device_driver_attach(struct device_driver *drv, struct device *dev);
void wait_for_device_probe(void);
void driver_deferred_probe_trigger(void);
/* The late_initcall that turns deferred-probe triggering on and arms the timeout. */
void deferred_probe_initcall(void);
bool driver_allows_async_probing(const struct device_driver *drv);
/* The sysfs stores: /sys/bus/B/drivers/D/{bind,unbind}. */
int bind_store(struct device_driver *drv, const char *name);
int unbind_store(struct device_driver *drv, const char *name);

#endif /* CXLSIM_BUS_DEVICE_H */
