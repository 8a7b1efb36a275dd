// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device lifetime (drivers/base/core.c): initialize, name, add, delete,
 * reference counting and release.  Every operation first checks that the
 * device is alive, so a use after release is reported with the device's name
 * instead of touching freed memory.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bus/core.h"
#include "bus/devres.h"

static void deferred_probe_work_func(struct sim_work *w);
static void deferred_probe_timeout_work_func(struct sim_work *w);

int drv_core_init(struct sim *s)
{
	struct drv_core *core = sim_kzalloc(s, sizeof(*core), "drv_core");

	if (!core)
		return -ENOMEM;
	core->sim = s;
	core->driver_code_key = sim_intern(s, "driver-code");
	sim_set_default_ambient(s, core->driver_code_key);
	INIT_LIST_HEAD(&core->buses);
	INIT_LIST_HEAD(&core->live_devices);
	INIT_LIST_HEAD(&core->modules);
	INIT_LIST_HEAD(&core->deferred_probe_pending_list);
	INIT_LIST_HEAD(&core->deferred_probe_active_list);
	sim_mutex_init(s, &core->deferred_probe_mutex, "deferred_probe_mutex");
	sim_mutex_init(s, &core->module_mutex, "module_mutex");
	sim_busy_init(s, &core->probe_count, "probe_waitqueue", "probe_count");
	sim_init_work(s, &core->deferred_probe_work, "deferred_probe_work",
		      deferred_probe_work_func);
	sim_init_delayed_work(s, &core->deferred_probe_timeout_work, "deferred_probe_timeout",
			      deferred_probe_timeout_work_func);
	/* Modules load after late_initcall, so triggering starts enabled. */
	core->driver_deferred_probe_enable = true;
	core->udev_autoload = true;
	sim_set_layer(s, SIM_LAYER_BUS, core);
	return 0;
}

static size_t released_slot(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	return (size_t)((a >> 4) ^ (a >> 16)) % RELEASED_SLOTS;
}

void cxlsim__remember_released(struct drv_core *core, const struct device *dev)
{
	size_t i = released_slot(dev);

	if (!core->released) {
		/* Bookkeeping, not the model's memory: never a fault choice. */
		sim_faults_off(core->sim);
		core->released = sim_kzalloc(core->sim, RELEASED_SLOTS * sizeof(*core->released),
					     "released names");
		sim_faults_on(core->sim);
		if (!core->released)
			return;
	}
	core->released[i].addr = dev;
	core->released[i].name = dev->name_id;
}

const char *cxlsim__released_name(struct drv_core *core, const void *addr)
{
	size_t i = released_slot(addr);

	if (core->released && core->released[i].addr == addr)
		return sim_str(core->sim, core->released[i].name);
	return "(a released device)";
}

bool cxlsim__device_dead(struct device *dev, const char *what)
{
	struct sim *s = sim_current();

	sim_violation(s, "no-uaf", "%s: device %s used after its release", what,
		      cxlsim__released_name(drv_core_of(s), dev));
	return false;
}

void device_initialize(struct device *dev)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = drv_core();

	dev->magic = DEVICE_MAGIC;
	dev->refcount = 1;
	INIT_LIST_HEAD(&dev->devres_head);
	INIT_LIST_HEAD(&dev->bus_node);
	INIT_LIST_HEAD(&dev->deferred_probe);
	list_add_tail(&dev->core_node, &core->live_devices);
	sim_mutex_init(core->sim, &dev->mutex, "device");
	sim_lockdep_set_novalidate(&dev->mutex.dep, core->device_locks_novalidate);
}

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dev->name_id = sim_vinternf(sim_current(), 128, fmt, ap);
	va_end(ap);
	dev->mutex.wq.name = dev->name_id;
	dev->mutex.wq.key = dev->name_id;
	return 0;
}

const char *dev_name(const struct device *dev)
{
	return sim_str(sim_current(), dev->name_id);
}

struct device *get_device(struct device *dev)
{
	DRV_CORE_SCOPE();
	if (!dev || !device_check(dev, "get_device"))
		return NULL;
	dev_touch(dev, true);
	dev->refcount++;
	return dev;
}

static void device_release(struct device *dev)
{
	struct sim *s = sim_current();
	struct drv_core *core = drv_core_of(s);
	void (*release)(struct device *) = dev->release;

	dev_touch(dev, true);
	driver_code_enter(core);
	/* Devres left on a device is freed with it, as the kernel does. */
	devres_release_all(dev);
	if (!release && dev->type)
		release = dev->type->release;
	sim_trace(s, "release", dev->name_id, 0, 0);
	list_del_init(&dev->core_node);
	cxlsim__remember_released(core, dev);
	dev->magic = DEVICE_RELEASED;
	if (release)
		release(dev);
	else
		sim_violation(s, "no-leak", "device %s has no release() function; it is leaked",
			      sim_str(s, dev->name_id));
	driver_code_exit(core);
	sim_sched_point(s, "released", dev->name_id);
}

void put_device(struct device *dev)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();

	if (!dev)
		return;
	if (!device_check(dev, "put_device"))
		return;
	dev_touch(dev, true);
	if (dev->refcount <= 0) {
		sim_violation(s, "no-uaf", "put_device(%s): reference count goes below zero",
			      sim_str(s, dev->name_id));
		return;
	}
	if (--dev->refcount == 0)
		device_release(dev);
}

/*
 * The lock class follows the device type, else the bus; the nest parent is
 * the parent's lock while the parent is alive (its release poisons it, and
 * the lock checker stops there).
 */
static void device_lock_class(struct sim *s, struct device *dev)
{
	const void *of = dev->type && dev->type->name ? (const void *)dev->type
						      : (const void *)dev->bus;

	/* A class its driver gave it (the kernel's lockdep_set_class()) stays. */
	if (dev->mutex.dep.class_fixed) {
	} else if (dev->lock_class_of != of || !dev->mutex.dep.class) {
		if (dev->type && dev->type->name)
			dev->mutex.dep.class = sim_lockdep_class_prefixed(s, "device:",
									  dev->type->name);
		else if (dev->bus)
			dev->mutex.dep.class = sim_lockdep_class_prefixed(s, "device:bus:",
									  dev->bus->name);
		else
			dev->mutex.dep.class = sim_intern(s, "device");
		dev->lock_class_of = of;
	}
	sim_lockdep_set_nest_parent(
		&dev->mutex.dep,
		dev->parent && dev->parent->magic == DEVICE_MAGIC ? &dev->parent->mutex.dep : NULL);
}

void device_lock_at(struct device *dev, const struct sim_site *site)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();

	if (device_check(dev, "device_lock")) {
		device_lock_class(s, dev);
		sim_mutex_lock_at(s, &dev->mutex, site);
	}
}

void device_unlock(struct device *dev)
{
	DRV_CORE_SCOPE();
	if (device_check(dev, "device_unlock"))
		sim_mutex_unlock(sim_current(), &dev->mutex);
}

bool device_is_registered(const struct device *dev)
{
	dev_touch(dev, false);
	return dev->magic == DEVICE_MAGIC && dev->registered;
}

bool device_is_bound(const struct device *dev)
{
	dev_touch(dev, false);
	return dev->magic == DEVICE_MAGIC && dev->driver;
}

static void device_uevent(struct device *dev, const char *action);

int device_add(struct device *dev)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();

	if (!device_check(dev, "device_add"))
		return -EINVAL;
	if (!dev->name_id)
		return -EINVAL;
	if (!dev->release && !(dev->type && dev->type->release))
		/* The kernel warns loudly about this; we refuse the device. */
		return -EINVAL;
	if (dev->parent && !get_device(dev->parent))
		return -ENODEV;
	/* Its lock nests in the parent's from now on, whether or not it was locked before. */
	sim_lockdep_set_nest_parent(&dev->mutex.dep, dev->parent ? &dev->parent->mutex.dep : NULL);
	sim_sched_point(s, "device-add", dev->name_id);
	dev_touch(dev, true);
	if (dev->bus)
		bus_touch(dev->bus, true);
	if (dev->bus)
		list_add_tail(&dev->bus_node, &dev->bus->devices);
	dev->registered = true;
	device_uevent(dev, "add");
	bus_probe_device(dev);
	return 0;
}

int device_register(struct device *dev)
{
	DRV_CORE_SCOPE();
	device_initialize(dev);
	return device_add(dev);
}

/*
 * Mark @dev dead so that no probe starts on it any more (an async attach that
 * runs late sees the flag under the device lock and gives up).  The caller
 * holds the device lock; false when it was already dead.
 */
bool kill_device(struct device *dev)
{
	DRV_CORE_SCOPE();
	dev_touch(dev, true);
	if (dev->dead)
		return false;
	dev->dead = true;
	return true;
}

/*
 * Take @dev out of its bus and unbind it (bus_remove_device() in the kernel):
 * off the bus list first, so that a walk of the bus no longer finds it, then
 * the driver goes.
 */
static void bus_remove_device(struct device *dev)
{
	if (!dev->bus)
		return;
	bus_touch(dev->bus, true);
	list_del_init(&dev->bus_node);
	device_release_driver(dev);
}

/*
 * As the kernel's device_del(): the device lock is taken (a real acquisition,
 * so a caller that already holds it deadlocks here) only to mark the device
 * dead; bus_remove_device() then unbinds it through device_release_driver(),
 * which takes the device lock again; what devres is left on an unbound
 * device goes last.  The caller keeps its reference.
 */
void device_del(struct device *dev)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();
	struct drv_core *core = drv_core_of(s);

	if (!device_check(dev, "device_del"))
		return;
	sim_trace(s, "device-del", dev->name_id, 0, 0);
	device_lock(dev);
	kill_device(dev);
	device_unlock(dev);
	bus_remove_device(dev);
	sim_touch(s, core->deferred_probe_mutex.wq.name, true);
	list_del_init(&dev->deferred_probe);
	dev_touch(dev, true);
	driver_code_enter(core);
	devres_release_all(dev);
	driver_code_exit(core);
	dev->registered = false;
	device_uevent(dev, "remove");
	if (dev->parent)
		put_device(dev->parent);
}

void device_unregister(struct device *dev)
{
	DRV_CORE_SCOPE();
	device_del(dev);
	put_device(dev);
}

/* How long udev takes to get to a uevent: a choice the strategy makes and records. */
static const uint64_t udev_latency_ns[] = { 0, 50000, 1000000 };

static void udev_task(void *arg)
{
	DRV_CORE_SCOPE();
	char *alias = arg;
	struct sim *s = sim_current();
	char copy[128];
	size_t n = strnlen(alias, sizeof(copy) - 1);
	unsigned int lat;

	/* snprintf("%s")'s truncation, without formatting. */
	memcpy(copy, alias, n);
	copy[n] = '\0';
	sim_scratch_free(s, alias);
	/* udev is a userspace process: it may lag far behind the kernel. */
	lat = sim_choose_timing(s, sizeof(udev_latency_ns) / sizeof(udev_latency_ns[0]));
	if (udev_latency_ns[lat])
		sim_sleep_ns(s, udev_latency_ns[lat]);
	modprobe_alias(copy);
}

/* A uevent: for "add", udev loads the matching modules later, in a task of its own. */
static void device_uevent(struct device *dev, const char *action)
{
	struct sim *s = sim_current();
	struct drv_core *core = drv_core_of(s);
	const char *(*modalias)(struct device *, char *, size_t);
	char alias[128];
	char *arg;

	modalias = dev->bus ? dev->bus->modalias : NULL;
	if (dev->bus && !modalias)
		modalias = core->uevent_modalias;
	if (!modalias || !modalias(dev, alias, sizeof(alias))) {
		sim_tracef(s, "uevent", dev_name(dev), "%s", action);
		return;
	}
	sim_tracef(s, "uevent", dev_name(dev), "%s MODALIAS=%s", action, alias);
	if (strcmp(action, "add") || !core->udev_autoload)
		return;
	arg = sim_scratch_alloc(s, strlen(alias) + 1);
	if (!arg)
		return;
	strcpy(arg, alias);
	sim_spawnf(s, udev_task, arg, "udev:%s", alias);
}

void drv_core_check_leaks(struct sim *s)
{
	struct drv_core *core = drv_core_of(s);
	struct device *dev;
	struct module *mod;

	list_for_each_entry(dev, &core->live_devices, core_node) {
		if (dev->magic != DEVICE_MAGIC)
			continue;
		sim_violation(s, "no-leak", "device %s still holds %d reference(s)%s",
			      sim_str(s, dev->name_id), dev->refcount,
			      list_empty(&dev->devres_head) ? "" : " and unreleased devres");
	}
	list_for_each_entry(mod, &core->modules, node)
		if (mod->refcnt)
			sim_violation(s, "no-leak", "module %s still holds %d reference(s)",
				      sim_str(s, mod->name_id), mod->refcnt);
}

/* The deferred-probe work lives in dd.c; these wrappers keep its state private there. */
void cxlsim__deferred_probe_work(struct sim_work *w);
void cxlsim__deferred_probe_timeout(struct sim_work *w);

static void deferred_probe_work_func(struct sim_work *w)
{
	DRV_CORE_SCOPE();
	cxlsim__deferred_probe_work(w);
}

static void deferred_probe_timeout_work_func(struct sim_work *w)
{
	DRV_CORE_SCOPE();
	cxlsim__deferred_probe_timeout(w);
}
