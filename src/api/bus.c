// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public driver model: thin handles over the driver core in src/bus/.
 *
 * A public handle is the driver core's own object: struct cxlsim_bus is a
 * struct bus_type, struct cxlsim_device a struct device, struct
 * cxlsim_driver a struct device_driver, so the CXL model's objects can be
 * queried through the same calls.  Objects made through this API embed the
 * core object first and add the public callbacks; trampolines turn the
 * core's callbacks into the public ones.
 */
#include <errno.h>
#include <string.h>

#include <cxlsim/bus.h>

#include "api/bus_internal.h"

struct pub_bus {
	struct bus_type bus;
	const struct cxlsim_bus_ops *ops;
	struct cxlsim__origin origin;
};

struct pub_device {
	struct device dev;
	void (*release)(struct cxlsim_device *dev);
	void *data;
	struct cxlsim__origin origin;
};

struct pub_driver {
	struct device_driver drv;
	const struct cxlsim_driver_ops *ops;
	struct cxlsim__origin origin;
};

struct drv_core *cxlsim__api_core(void)
{
	struct sim *s = sim_current();

	return s && sim_current_task() ? sim_layer(s, SIM_LAYER_BUS) : NULL;
}

struct drv_core *cxlsim__api_core_of(struct cxlsim_ctx *ctx)
{
	struct drv_core *core = cxlsim__api_core();

	return core && ctx && core->sim == ctx->sim ? core : NULL;
}

/* ---- buses ---- */

static struct pub_bus *to_pub_bus(struct bus_type *bus)
{
	return container_of(bus, struct pub_bus, bus);
}

static int pub_bus_match(struct device *dev, const struct device_driver *drv)
{
	const struct cxlsim_bus_ops *ops = to_pub_bus(dev->bus)->ops;

	return ops->match(cxlsim__handle(dev), (struct cxlsim_driver *)drv);
}

static int pub_bus_probe(struct device *dev)
{
	const struct cxlsim_bus_ops *ops = to_pub_bus(dev->bus)->ops;
	int ret = ops->probe(cxlsim__handle(dev));

	if (ret || !dev->driver->probe)
		return ret;
	return dev->driver->probe(dev);
}

static void pub_bus_remove(struct device *dev)
{
	const struct cxlsim_bus_ops *ops = to_pub_bus(dev->bus)->ops;

	if (dev->driver && dev->driver->remove)
		dev->driver->remove(dev);
	ops->remove(cxlsim__handle(dev));
}

static const char *pub_bus_modalias(struct device *dev, char *buf, size_t len)
{
	return to_pub_bus(dev->bus)->ops->modalias(cxlsim__handle(dev), buf, len);
}

static struct bus_type *find_bus(struct drv_core *core, const char *name)
{
	struct bus_type *bus;

	list_for_each_entry(bus, &core->buses, node)
		if (!strcmp(bus->name, name))
			return bus;
	return NULL;
}

CXLSIM_API int cxlsim_bus_register(struct cxlsim_bus **out, struct cxlsim_ctx *ctx,
				   const struct cxlsim_bus_ops *ops)
{
	struct drv_core *core;
	struct pub_bus *pb;

	if (!out || !ctx || !CXLSIM__HAS(ops, struct cxlsim_bus_ops, modalias) || !ops->name ||
	    !*ops->name)
		return -EINVAL;
	core = cxlsim__api_core_of(ctx);
	if (!core)
		return -EPERM;
	if (find_bus(core, ops->name))
		return -EEXIST;
	pb = sim_kzalloc(core->sim, sizeof(*pb), "cxlsim_bus");
	if (!pb)
		return -ENOMEM;
	pb->ops = ops;
	pb->bus.name = sim_str(core->sim, sim_intern(core->sim, ops->name));
	pb->bus.match = ops->match ? pub_bus_match : NULL;
	pb->bus.probe = ops->probe ? pub_bus_probe : NULL;
	pb->bus.remove = ops->remove ? pub_bus_remove : NULL;
	pb->bus.modalias = ops->modalias ? pub_bus_modalias : NULL;
	bus_register(&pb->bus);
	cxlsim__origin_add(&pb->origin, CXLSIM__ORIGIN_BUS, &pb->bus, module_current(),
			   __builtin_return_address(0));
	*out = (struct cxlsim_bus *)&pb->bus;
	return 0;
}

CXLSIM_API void cxlsim_bus_unregister(struct cxlsim_bus *bus)
{
	struct cxlsim__origin *o;

	if (!bus || !cxlsim__api_core())
		return;
	bus_unregister((struct bus_type *)bus);
	o = cxlsim__origin_find(cxlsim_ctx_current(), bus);
	if (o)
		cxlsim__origin_del(o);
}

CXLSIM_API struct cxlsim_bus *cxlsim_bus_find(struct cxlsim_ctx *ctx, const char *name)
{
	struct drv_core *core;

	if (!ctx || !name || cxlsim__query_sim() != ctx->sim)
		return NULL;
	core = drv_core_of(ctx->sim);
	return core ? (struct cxlsim_bus *)find_bus(core, name) : NULL;
}

CXLSIM_API const char *cxlsim_bus_name(const struct cxlsim_bus *bus)
{
	return bus ? ((const struct bus_type *)bus)->name : NULL;
}

CXLSIM_API struct cxlsim_device *cxlsim_bus_first_device(struct cxlsim_bus *bus)
{
	struct bus_type *b = (struct bus_type *)bus;

	if (!b || !cxlsim__query_sim() || list_empty(&b->devices))
		return NULL;
	return cxlsim__handle(list_first_entry(&b->devices, struct device, bus_node));
}

CXLSIM_API struct cxlsim_device *cxlsim_bus_next_device(struct cxlsim_bus *bus,
							struct cxlsim_device *dev)
{
	struct bus_type *b = (struct bus_type *)bus;

	if (!b || !dev || !cxlsim__query_sim() || cxlsim__dev(dev)->bus_node.next == &b->devices)
		return NULL;
	return cxlsim__handle(list_next_entry(cxlsim__dev(dev), bus_node));
}

/* ---- devices ---- */

static struct pub_device *to_pub_device(struct device *dev);

static void pub_device_release(struct device *dev)
{
	struct pub_device *pd = to_pub_device(dev);

	cxlsim__origin_del(&pd->origin);
	pd->release(cxlsim__handle(dev));
	sim_kfree(sim_current(), pd);
}

static struct pub_device *to_pub_device(struct device *dev)
{
	return dev->release == pub_device_release ? container_of(dev, struct pub_device, dev) :
						    NULL;
}

CXLSIM_API int cxlsim_device_new(struct cxlsim_device **out, struct cxlsim_ctx *ctx,
				 const struct cxlsim_device_info *info)
{
	struct drv_core *core;
	struct pub_device *pd;

	if (!out || !ctx || !CXLSIM__HAS(info, struct cxlsim_device_info, data) || !info->name ||
	    !*info->name || !info->release)
		return -EINVAL;
	core = cxlsim__api_core_of(ctx);
	if (!core)
		return -EPERM;
	pd = sim_kzalloc(core->sim, sizeof(*pd), "cxlsim_device");
	if (!pd)
		return -ENOMEM;
	device_initialize(&pd->dev);
	dev_set_name(&pd->dev, "%s", info->name);
	pd->dev.bus = (struct bus_type *)info->bus;
	pd->dev.parent = cxlsim__dev(info->parent);
	pd->dev.release = pub_device_release;
	pd->release = info->release;
	pd->data = info->data;
	cxlsim__origin_add(&pd->origin, CXLSIM__ORIGIN_DEVICE, &pd->dev, NULL,
			   __builtin_return_address(0));
	*out = cxlsim__handle(&pd->dev);
	return 0;
}

CXLSIM_API int cxlsim_device_add(struct cxlsim_device *dev)
{
	if (!dev)
		return -EINVAL;
	if (!cxlsim__api_core())
		return -EPERM;
	return device_add(cxlsim__dev(dev));
}

CXLSIM_API void cxlsim_device_del(struct cxlsim_device *dev)
{
	if (dev && cxlsim__api_core())
		device_del(cxlsim__dev(dev));
}

CXLSIM_API struct cxlsim_device *cxlsim_device_ref(struct cxlsim_device *dev)
{
	if (!dev || !cxlsim__api_core())
		return NULL;
	return cxlsim__handle(get_device(cxlsim__dev(dev)));
}

CXLSIM_API void cxlsim_device_unref(struct cxlsim_device *dev)
{
	if (dev && cxlsim__api_core())
		put_device(cxlsim__dev(dev));
}

/* A live device, for the queries: NULL (and a no-uaf report in a task) when released. */
static struct device *live(const struct cxlsim_device *dev)
{
	struct sim *s = cxlsim__query_sim();

	if (!dev || !s)
		return NULL;
	if (sim_current_task())
		return device_check(cxlsim__dev(dev), "cxlsim query") ? cxlsim__dev(dev) : NULL;
	return cxlsim__dev(dev)->magic == DEVICE_MAGIC ? cxlsim__dev(dev) : NULL;
}

CXLSIM_API const char *cxlsim_device_name(const struct cxlsim_device *dev)
{
	struct sim *s = cxlsim__query_sim();

	/* A released device's name is still known: it is interned. */
	return dev && s ? sim_str(s, cxlsim__dev(dev)->name_id) : NULL;
}

CXLSIM_API struct cxlsim_device *cxlsim_device_parent(const struct cxlsim_device *dev)
{
	struct device *d = live(dev);

	return d ? cxlsim__handle(d->parent) : NULL;
}

CXLSIM_API struct cxlsim_bus *cxlsim_device_bus(const struct cxlsim_device *dev)
{
	struct device *d = live(dev);

	return d ? (struct cxlsim_bus *)d->bus : NULL;
}

CXLSIM_API void *cxlsim_device_data(const struct cxlsim_device *dev)
{
	struct device *d = cxlsim__dev(dev);
	struct pub_device *pd;

	/* Also inside the release callback, where the data is usually freed. */
	if (!d || !cxlsim__query_sim())
		return NULL;
	if (d->magic != DEVICE_MAGIC && d->magic != DEVICE_RELEASED) {
		live(dev); /* in a task: reported as a use after release */
		return NULL;
	}
	pd = to_pub_device(d);
	return pd ? pd->data : NULL;
}

CXLSIM_API void *cxlsim_device_get_drvdata(const struct cxlsim_device *dev)
{
	struct device *d = live(dev);

	return d ? dev_get_drvdata(d) : NULL;
}

CXLSIM_API void cxlsim_device_set_drvdata(struct cxlsim_device *dev, void *data)
{
	struct device *d = live(dev);

	if (d)
		dev_set_drvdata(d, data);
}

CXLSIM_API struct cxlsim_driver *cxlsim_device_driver(const struct cxlsim_device *dev)
{
	struct device *d = live(dev);

	return d ? (struct cxlsim_driver *)d->driver : NULL;
}

CXLSIM_API bool cxlsim_device_is_registered(const struct cxlsim_device *dev)
{
	struct device *d = live(dev);

	return d && d->registered;
}

/* ---- drivers ---- */

static const struct cxlsim_driver_ops *pub_driver_ops(struct device *dev)
{
	return container_of(dev->driver, struct pub_driver, drv)->ops;
}

static int pub_driver_probe(struct device *dev)
{
	const struct cxlsim_driver_ops *ops = pub_driver_ops(dev);

	return ops->probe ? ops->probe(cxlsim__handle(dev)) : 0;
}

static void pub_driver_remove(struct device *dev)
{
	const struct cxlsim_driver_ops *ops = pub_driver_ops(dev);

	if (ops->remove)
		ops->remove(cxlsim__handle(dev));
}

static const enum probe_type probe_types[] = {
	[CXLSIM_PROBE_DEFAULT] = PROBE_DEFAULT_STRATEGY,
	[CXLSIM_PROBE_PREFER_ASYNC] = PROBE_PREFER_ASYNCHRONOUS,
	[CXLSIM_PROBE_FORCE_SYNC] = PROBE_FORCE_SYNCHRONOUS,
};

CXLSIM_API int cxlsim_driver_register(struct cxlsim_driver **out, struct cxlsim_bus *bus,
				      const struct cxlsim_driver_ops *ops)
{
	struct drv_core *core;
	struct pub_driver *pd;
	int ret;

	if (!out || !bus || !CXLSIM__HAS(ops, struct cxlsim_driver_ops, remove) || !ops->name ||
	    !*ops->name || ops->probe_type > CXLSIM_PROBE_FORCE_SYNC)
		return -EINVAL;
	core = cxlsim__api_core();
	if (!core)
		return -EPERM;
	pd = sim_kzalloc(core->sim, sizeof(*pd), "cxlsim_driver");
	if (!pd)
		return -ENOMEM;
	pd->ops = ops;
	pd->drv.name = sim_str(core->sim, sim_intern(core->sim, ops->name));
	pd->drv.bus = (struct bus_type *)bus;
	pd->drv.probe_type = probe_types[ops->probe_type];
	/* The trampolines also mark the driver as one of ours (see unregister). */
	pd->drv.probe = pub_driver_probe;
	pd->drv.remove = pub_driver_remove;
	ret = driver_register(&pd->drv);
	if (ret && !pd->drv.registered) {
		sim_kfree(core->sim, pd);
		return ret;
	}
	/* Registered even when attaching failed, as in the kernel. */
	cxlsim__origin_add(&pd->origin, CXLSIM__ORIGIN_DRIVER, &pd->drv, pd->drv.owner,
			   __builtin_return_address(0));
	*out = (struct cxlsim_driver *)&pd->drv;
	return 0;
}

CXLSIM_API void cxlsim_driver_unregister(struct cxlsim_driver *drv)
{
	struct drv_core *core = cxlsim__api_core();
	struct device_driver *d = (struct device_driver *)drv;

	if (!d || !core || !d->registered)
		return;
	driver_unregister(d);
	if (d->probe == pub_driver_probe) {
		struct pub_driver *pd = container_of(d, struct pub_driver, drv);

		cxlsim__origin_del(&pd->origin);
		sim_kfree(core->sim, pd);
	}
}

CXLSIM_API const char *cxlsim_driver_name(const struct cxlsim_driver *drv)
{
	return drv ? ((const struct device_driver *)drv)->name : NULL;
}

CXLSIM_API int cxlsim_driver_bind(struct cxlsim_driver *drv, const char *devname)
{
	if (!drv || !devname)
		return -EINVAL;
	if (!cxlsim__api_core())
		return -EPERM;
	return bind_store((struct device_driver *)drv, devname);
}

CXLSIM_API int cxlsim_driver_unbind(struct cxlsim_driver *drv, const char *devname)
{
	if (!drv || !devname)
		return -EINVAL;
	if (!cxlsim__api_core())
		return -EPERM;
	return unbind_store((struct device_driver *)drv, devname);
}
