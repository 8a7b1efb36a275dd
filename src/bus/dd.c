// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Binding devices to drivers (drivers/base/dd.c): the synchronous and
 * asynchronous attach paths, really_probe() and its unwinding, deferred
 * probing and its trigger, wait_for_device_probe(), release and the sysfs
 * bind/unbind stores.
 */
#include <errno.h>
#include <string.h>

#include "bus/core.h"
#include "bus/devres.h"

static struct sim *S(void)
{
	return sim_current();
}

/* ---- deferred probing ---- */

static void driver_deferred_probe_add(struct device *dev)
{
	struct drv_core *core = drv_core();

	sim_mutex_lock(core->sim, &core->deferred_probe_mutex);
	if (list_empty(&dev->deferred_probe)) {
		list_add_tail(&dev->deferred_probe, &core->deferred_probe_pending_list);
		sim_trace(core->sim, "deferred-add", dev->name_id, 0, 0);
	}
	sim_mutex_unlock(core->sim, &core->deferred_probe_mutex);
}

static void driver_deferred_probe_del(struct device *dev)
{
	struct drv_core *core = drv_core();

	sim_mutex_lock(core->sim, &core->deferred_probe_mutex);
	list_del_init(&dev->deferred_probe);
	sim_mutex_unlock(core->sim, &core->deferred_probe_mutex);
}

/*
 * Move every pending device to the active list and queue the work that
 * retries them.  Called whenever a driver binds: the new binding may be what
 * a deferred device was waiting for.
 */
void driver_deferred_probe_trigger(void)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = drv_core();

	sim_touch(core->sim, core->deferred_probe_mutex.wq.name, false);
	if (!core->driver_deferred_probe_enable)
		return;
	sim_mutex_lock(core->sim, &core->deferred_probe_mutex);
	core->deferred_trigger_count++;
	list_splice_tail_init(&core->deferred_probe_pending_list,
			      &core->deferred_probe_active_list);
	sim_mutex_unlock(core->sim, &core->deferred_probe_mutex);
	sim_queue_work(core->sim, sim_system_unbound_wq(core->sim), &core->deferred_probe_work);
}

void cxlsim__deferred_probe_work(struct sim_work *w)
{
	struct drv_core *core = drv_core();
	struct device *dev;

	sim_mutex_lock(core->sim, &core->deferred_probe_mutex);
	while (!list_empty(&core->deferred_probe_active_list)) {
		dev = list_first_entry(&core->deferred_probe_active_list, struct device,
				       deferred_probe);
		get_device(dev);
		list_del_init(&dev->deferred_probe);
		sim_mutex_unlock(core->sim, &core->deferred_probe_mutex);
		sim_trace(core->sim, "deferred-retry", dev->name_id, 0, 0);
		bus_probe_device(dev);
		put_device(dev);
		sim_mutex_lock(core->sim, &core->deferred_probe_mutex);
	}
	sim_mutex_unlock(core->sim, &core->deferred_probe_mutex);
}

void cxlsim__deferred_probe_timeout(struct sim_work *w)
{
	struct drv_core *core = drv_core();
	struct device *dev;

	sim_touch(core->sim, core->deferred_probe_mutex.wq.name, true);
	core->deferred_probe_timeout_expired = true;
	driver_deferred_probe_trigger();
	list_for_each_entry(dev, &core->deferred_probe_pending_list, deferred_probe)
		sim_trace(core->sim, "deferred-probe-pending", dev->name_id, 0, 0);
}

void deferred_probe_initcall(void)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = drv_core();

	sim_touch(core->sim, core->deferred_probe_mutex.wq.name, true);
	core->driver_deferred_probe_enable = true;
	driver_deferred_probe_trigger();
	sim_flush_work(core->sim, &core->deferred_probe_work);
	sim_queue_delayed_work(core->sim, sim_system_wq(core->sim),
			       &core->deferred_probe_timeout_work, DEFERRED_PROBE_TIMEOUT_NS);
}

/* ---- probing ---- */

bool driver_allows_async_probing(const struct device_driver *drv)
{
	struct drv_core *core = drv_core();

	switch (drv->probe_type) {
	case PROBE_PREFER_ASYNCHRONOUS:
		return true;
	case PROBE_FORCE_SYNCHRONOUS:
		return false;
	default:
		if (core->async_probe_all)
			return true;
		return drv->owner && drv->owner->desc->async_probe;
	}
}

static int driver_match_device(const struct device_driver *drv, struct device *dev)
{
	return drv->bus->match ? drv->bus->match(dev, drv) : 1;
}

static void driver_bound(struct device *dev)
{
	sim_tracef(S(), "bound", dev_name(dev), "driver=%s", dev->driver->name);
	driver_deferred_probe_del(dev);
	driver_deferred_probe_trigger();
}

static int really_probe(struct device *dev, struct device_driver *drv)
{
	struct drv_core *core = drv_core();
	unsigned int local_trigger_count = core->deferred_trigger_count;
	struct sim *s = core->sim;
	int ret;

	sim_sched_point(s, "probe-start", dev->name_id);
	sim_touch(s, core->deferred_probe_mutex.wq.name, false);
	sim_tracef(s, "probe", dev_name(dev), "driver=%s", drv->name);
	dev_touch(dev, true);
	dev->driver = drv;
	if (dev->probes < UINT16_MAX)
		dev->probes++;
	driver_code_enter(core);
	/* Injected faults: the probe fails as any probe may, before it does anything. */
	if (sim_fault(s, SIM_FAULT_PROBE, drv->name))
		ret = -ENOMEM;
	else if (sim_fault(s, SIM_FAULT_DEFER, drv->name))
		ret = -EPROBE_DEFER;
	else if (drv->bus->probe)
		ret = drv->bus->probe(dev);
	else if (drv->probe)
		ret = drv->probe(dev);
	else
		ret = 0;
	driver_code_exit(core);
	if (!device_check(dev, "really_probe"))
		return -ENODEV;
	/* What all-attached names for a device left unbound (an injected fault's error too). */
	dev->last_probe_err = ret;
	sim_trace(s, "probe-end", dev->name_id, sim_intern(s, drv->name), ret);
	sim_sched_point(s, "probe-done", dev->name_id);
	if (!ret) {
		driver_bound(dev);
		return 0;
	}
	/* Everything the failed probe acquired through devres goes now. */
	dev_touch(dev, true);
	driver_code_enter(core);
	devres_release_all(dev);
	driver_code_exit(core);
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
	switch (ret) {
	case -EPROBE_DEFER:
		sim_tracef(s, "defer", dev_name(dev), "driver=%s", drv->name);
		driver_deferred_probe_add(dev);
		/* A bind that happened while we probed may be what we waited for. */
		sim_touch(s, core->deferred_probe_mutex.wq.name, false);
		if (local_trigger_count != core->deferred_trigger_count)
			driver_deferred_probe_trigger();
		break;
	case -ENODEV:
	case -ENXIO:
		break;
	default:
		sim_tracef(s, "probe-failed", dev_name(dev), "driver=%s err=%d", drv->name, ret);
	}
	return ret;
}

static int driver_probe_device(struct device_driver *drv, struct device *dev)
{
	struct drv_core *core = drv_core();
	int ret;

	if (!device_is_registered(dev) || dev->dead)
		return -ENODEV;
	sim_busy_inc(core->sim, &core->probe_count);
	ret = really_probe(dev, drv);
	sim_busy_dec(core->sim, &core->probe_count);
	return ret;
}

struct device_attach_data {
	struct device *dev;
	bool check_async;	/* only try drivers whose sync/async choice is want_async */
	bool want_async;
	bool have_async;	/* a matching driver wants async probing */
};

static int __device_attach_driver(struct device_driver *drv, struct device_attach_data *data)
{
	struct device *dev = data->dev;
	bool async_allowed;
	int ret;

	ret = driver_match_device(drv, dev);
	if (ret == 0)
		return 0;
	if (ret == -EPROBE_DEFER) {
		driver_deferred_probe_add(dev);
		return 0;
	}
	async_allowed = driver_allows_async_probing(drv);
	if (async_allowed)
		data->have_async = true;
	if (data->check_async && async_allowed != data->want_async)
		return 0;
	/* Stop at the first driver that binds. */
	return driver_probe_device(drv, dev) == 0;
}

static void bus_for_each_drv(struct device *dev, struct device_attach_data *data)
{
	struct device_driver *drv, *next;

	if (!dev->bus)
		return;
	bus_touch(dev->bus, false);
	list_for_each_entry_safe(drv, next, &dev->bus->drivers, bus_node) {
		if (dev->driver || !device_is_registered(dev))
			break;
		if (__device_attach_driver(drv, data))
			break;
	}
}

static void __device_attach_async_helper(void *data, sim_async_cookie_t cookie)
{
	DRV_CORE_SCOPE();
	struct device *dev = data;
	struct device_attach_data ad = {
		.dev = dev,
		.check_async = true,
		.want_async = true,
	};

	if (!device_check(dev, "async attach"))
		return;
	device_lock(dev);
	if (!dev->dead && !dev->driver)
		bus_for_each_drv(dev, &ad);
	device_unlock(dev);
	put_device(dev);
}

static int __device_attach(struct device *dev, bool allow_async)
{
	struct sim *s = S();
	int ret = 0;

	device_lock(dev);
	if (dev->dead) {
		ret = -ENODEV;
	} else if (dev->driver) {
		ret = 1;
	} else {
		struct device_attach_data data = {
			.dev = dev,
			.check_async = allow_async,
			.want_async = false,
		};

		bus_for_each_drv(dev, &data);
		ret = dev->driver ? 1 : 0;
		if (!dev->driver && allow_async && data.have_async) {
			/* Async drivers were skipped: an async-domain item retries them. */
			get_device(dev);
			sim_async_schedule(s, dev_name(dev), __device_attach_async_helper, dev);
		}
	}
	device_unlock(dev);
	return ret;
}

int device_attach(struct device *dev)
{
	DRV_CORE_SCOPE();
	return __device_attach(dev, false);
}

void device_initial_probe(struct device *dev)
{
	DRV_CORE_SCOPE();
	__device_attach(dev, true);
}

void bus_probe_device(struct device *dev)
{
	DRV_CORE_SCOPE();
	if (!dev->bus)
		return;
	device_initial_probe(dev);
}

/*
 * The locks that guard dev->driver (__device_driver_lock()): the device's,
 * and first its parent's when @parent is given and the bus asks for it.
 * Callers that pass no parent (device_release_driver()) take only the
 * device's, as the kernel's do.
 */
static void __device_driver_lock(struct device *dev, struct device *parent)
{
	if (parent && dev->bus && dev->bus->need_parent_lock)
		device_lock(parent);
	device_lock(dev);
}

static void __device_driver_unlock(struct device *dev, struct device *parent)
{
	device_unlock(dev);
	if (parent && dev->bus && dev->bus->need_parent_lock)
		device_unlock(parent);
}

static void __driver_attach_async_helper(void *data, sim_async_cookie_t cookie)
{
	DRV_CORE_SCOPE();
	struct device *dev = data;
	struct device_driver *drv;

	if (!device_check(dev, "async driver attach"))
		return;
	__device_driver_lock(dev, dev->parent);
	drv = dev->async_driver;
	dev->async_driver = NULL;
	if (drv && !dev->driver && drv->registered)
		driver_probe_device(drv, dev);
	__device_driver_unlock(dev, dev->parent);
	put_device(dev);
}

static int __driver_attach(struct device *dev, void *data)
{
	DRV_CORE_SCOPE();
	struct device_driver *drv = data;
	int ret;

	ret = driver_match_device(drv, dev);
	if (ret == 0)
		return 0;
	if (ret == -EPROBE_DEFER) {
		driver_deferred_probe_add(dev);
		return 0;
	}
	if (driver_allows_async_probing(drv)) {
		device_lock(dev);
		if (!dev->driver && !dev->async_driver) {
			get_device(dev);
			dev->async_driver = drv;
			sim_async_schedule(S(), dev_name(dev), __driver_attach_async_helper, dev);
		}
		device_unlock(dev);
		return 0;
	}
	__device_driver_lock(dev, dev->parent);
	if (!dev->driver)
		driver_probe_device(drv, dev);
	__device_driver_unlock(dev, dev->parent);
	return 0;
}

int driver_attach(struct device_driver *drv)
{
	DRV_CORE_SCOPE();
	return cxlsim__bus_for_each_dev_core(drv->bus, drv, __driver_attach);
}

/* ---- release ---- */

void device_release_driver_internal_locked(struct device *dev)
{
	DRV_CORE_SCOPE();
	struct device_driver *drv = dev->driver;
	struct sim *s = S();

	if (!drv)
		return;
	sim_tracef(s, "unbind", dev_name(dev), "driver=%s", drv->name);
	dev_touch(dev, true);
	driver_code_enter(drv_core());
	if (dev->bus && dev->bus->remove)
		dev->bus->remove(dev);
	else if (drv->remove)
		drv->remove(dev);
	devres_release_all(dev);
	driver_code_exit(drv_core());
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
	sim_trace(s, "unbound", dev->name_id, sim_intern(s, drv->name), 0);
}

/*
 * Unbind @dev under the driver locks, if it is still bound (to @drv when
 * given: a concurrent release may have won while we waited for the lock).
 */
void device_release_driver_internal(struct device *dev, struct device_driver *drv,
				    struct device *parent)
{
	DRV_CORE_SCOPE();
	__device_driver_lock(dev, parent);
	if (!drv || drv == dev->driver)
		device_release_driver_internal_locked(dev);
	__device_driver_unlock(dev, parent);
}

/*
 * Unbind @dev, taking its device lock but never its parent's (the kernel
 * passes no parent here).  Called with the device lock already held, by a
 * driver's remove() or by anyone else, this deadlocks, as in the kernel.
 */
void device_release_driver(struct device *dev)
{
	DRV_CORE_SCOPE();
	if (device_check(dev, "device_release_driver"))
		device_release_driver_internal(dev, NULL, NULL);
}

/* Unbind from sysfs or a driver's own request: with the parent's lock where the bus needs it. */
void device_driver_detach(struct device *dev)
{
	DRV_CORE_SCOPE();
	if (device_check(dev, "device_driver_detach"))
		device_release_driver_internal(dev, NULL, dev->parent);
}

int device_driver_attach(struct device_driver *drv, struct device *dev)
{
	DRV_CORE_SCOPE();
	int ret = -EBUSY;

	__device_driver_lock(dev, dev->parent);
	if (!dev->driver)
		ret = driver_probe_device(drv, dev);
	__device_driver_unlock(dev, dev->parent);
	return ret;
}

/*
 * Wait until every probe the driver core knows about is done: the deferred
 * work, probes in flight, the async domain.  Devices whose driver's module
 * udev has not loaded yet are not "in flight": they are not waited for.
 */
void wait_for_device_probe(void)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = drv_core();

	sim_trace(core->sim, "wait_for_device_probe", 0, 0, 0);
	sim_flush_work(core->sim, &core->deferred_probe_work);
	sim_busy_wait_idle(core->sim, &core->probe_count);
	sim_async_synchronize_full(core->sim);
	sim_trace(core->sim, "wait_for_device_probe-done", 0, 0, 0);
}

/* ---- sysfs ---- */

int unbind_store(struct device_driver *drv, const char *name)
{
	DRV_CORE_SCOPE();
	struct device *dev;
	int ret = -ENODEV;

	/* The sysfs file exists only while the driver is registered. */
	if (!drv->registered || !drv->bus)
		return -ENOENT;
	dev = bus_find_device_by_name(drv->bus, name);

	if (dev && dev->driver == drv) {
		device_driver_detach(dev);
		ret = 0;
	}
	put_device(dev);
	return ret;
}

int bind_store(struct device_driver *drv, const char *name)
{
	DRV_CORE_SCOPE();
	struct device *dev;
	int ret = -ENODEV;

	/* The sysfs file exists only while the driver is registered. */
	if (!drv->registered || !drv->bus)
		return -ENOENT;
	dev = bus_find_device_by_name(drv->bus, name);

	if (dev && !dev->driver && driver_match_device(drv, dev) > 0) {
		ret = device_driver_attach(drv, dev);
		if (ret > 0)
			ret = 0;
	} else if (dev && dev->driver) {
		ret = -EBUSY;
	}
	put_device(dev);
	return ret;
}
