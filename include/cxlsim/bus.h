/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The driver model for your own code: buses, devices, drivers, managed
 * resources (devres) and modules, on the simulated driver core that the CXL
 * model runs on, with the kernel's semantics: registering a driver probes the
 * devices already there, adding a device probes the drivers already there,
 * the probe type decides whether that happens in the caller's task or in an
 * async task, a failed probe and an unbind release devres last in first out,
 * and a device's uevent makes udev load the modules whose aliases match its
 * MODALIAS, later, in a task of its own.
 *
 * Everything here lives inside one run of cxlsim_ctx_run(): objects are
 * created by tasks and vanish when the next run starts.  Unless a function
 * says otherwise its context is "inside a task of the context, or inside a
 * property check" and it returns -EPERM (or NULL) elsewhere.  Handles are
 * opaque; the bus, device and driver handles also name the CXL model's own
 * objects (see cxlsim_bus_find()), which the queries below accept.
 *
 * Who owns what.  The context owns the memory of every bus, device and
 * driver; your code owns taking them down, within the run that made them:
 *  - a device from cxlsim_device_new() comes with one reference, yours:
 *    cxlsim_device_del() what you added, then cxlsim_device_unref().  When
 *    the last reference goes, your release callback runs (in the task that
 *    dropped it) and the library frees the device after it returns; the
 *    handle is dead from then on.
 *  - a bus or driver you registered is yours to unregister, unless a module's
 *    init registered it: then it is the module's while the module is loaded,
 *    and the module's exit unregisters it.  cxlsim_driver_unregister() frees
 *    the driver; an unregistered bus's handle stays readable until the run
 *    ends.
 *  - what you pass in is yours and is not copied unless a field says
 *    "copied": ops tables, device data, module info must outlive their use.
 * Whatever is still up when the run ends (a device not released, a bus or
 * driver not unregistered whose module, if any, is unloaded) is reported as a
 * `no-leak` violation naming it, the call that made it and where from (for
 * addr2line), the task and the step, unless the run was stopped (deadlock,
 * step bound).  Nothing is freed
 * behind your back before the next run starts or cxlsim_ctx_free().
 *
 * Callbacks (bus and driver ops, release, devres actions, module init and
 * exit) run inside a task of the context: in the task that added the device
 * or registered the driver, in an async probe task, or in udev's; every call
 * above that wants a task works there.  They are handed the device, not the
 * context: reach it with cxlsim_ctx_current(), the context whose task runs
 * on this thread.
 */
#ifndef CXLSIM_BUS_H
#define CXLSIM_BUS_H

#include <stdbool.h>
#include <stddef.h>

#include <cxlsim/common.h>
#include <cxlsim/ctx.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cxlsim_bus;
struct cxlsim_device;
struct cxlsim_driver;

/* ---- buses ---------------------------------------------------------------- */

/**
 * struct cxlsim_bus_ops - what a bus type does
 * @size: sizeof(struct cxlsim_bus_ops)
 * @name: the bus's name (/sys/bus/NAME); copied
 * @match: > 0 when @drv can drive @dev; reads only what is fixed once the
 *	device is added (names, ids).  NULL: every driver matches.
 * @probe: runs before the driver's probe (a bus's own preparations); a
 *	non-zero return fails the probe.  May be NULL.
 * @remove: runs after the driver's remove at unbind.  May be NULL.
 * @modalias: writes the MODALIAS of @dev's "add" uevent into @buf and
 *	returns @buf, or returns NULL for no autoload.  May be NULL.
 */
struct cxlsim_bus_ops {
	size_t size;
	const char *name;
	int (*match)(struct cxlsim_device *dev, struct cxlsim_driver *drv);
	int (*probe)(struct cxlsim_device *dev);
	void (*remove)(struct cxlsim_device *dev);
	const char *(*modalias)(struct cxlsim_device *dev, char *buf, size_t len);
};

/**
 * cxlsim_bus_register() - register a bus type (bus_register())
 * @out: receives the bus; its memory lives until the next run starts, and
 *	it is yours to unregister before this one ends (see above: no-leak)
 * @ops: the bus's callbacks; not copied, must outlive the run
 *
 * Context: inside a task of @ctx.
 * Return: 0, -EINVAL for a bad @ops, -EEXIST for a name already registered,
 * -EPERM outside a task of @ctx, -ENOMEM.
 */
CXLSIM_API int cxlsim_bus_register(struct cxlsim_bus **out, struct cxlsim_ctx *ctx,
				   const struct cxlsim_bus_ops *ops);

/** cxlsim_bus_unregister() - take a bus registered by cxlsim_bus_register() away. */
CXLSIM_API void cxlsim_bus_unregister(struct cxlsim_bus *bus);

/**
 * cxlsim_bus_find() - a registered bus by name: yours, or the CXL model's
 *	("pci", "platform", "cxl")
 * Return: the bus (owned by the run) or NULL.
 */
CXLSIM_API struct cxlsim_bus *cxlsim_bus_find(struct cxlsim_ctx *ctx, const char *name);

/** cxlsim_bus_name() - the bus's name; owned by the bus. */
CXLSIM_API const char *cxlsim_bus_name(const struct cxlsim_bus *bus);

/**
 * cxlsim_bus_first_device() - the first device on @bus, in the order they were added
 *
 * No reference is taken: do not block between this and cxlsim_bus_next_device().
 * Return: the device, or NULL when the bus has none.
 */
CXLSIM_API struct cxlsim_device *cxlsim_bus_first_device(struct cxlsim_bus *bus);

/** cxlsim_bus_next_device() - the device after @dev on @bus, or NULL. */
CXLSIM_API struct cxlsim_device *cxlsim_bus_next_device(struct cxlsim_bus *bus,
							struct cxlsim_device *dev);

#define cxlsim_bus_foreach_device(bus, dev) \
	for ((dev) = cxlsim_bus_first_device(bus); (dev); (dev) = cxlsim_bus_next_device(bus, dev))

/* ---- devices -------------------------------------------------------------- */

/**
 * struct cxlsim_device_info - a new device
 * @size: sizeof(struct cxlsim_device_info)
 * @name: the device's name; copied
 * @bus: its bus, or NULL for a device no driver binds to
 * @parent: its parent (held from cxlsim_device_add() to cxlsim_device_del()), or NULL
 * @release: called when the last reference goes; required, as in the kernel.
 *	The device's memory is freed by the library after it returns.
 * @data: the creator's data (the kernel's platform_data); not owned
 */
struct cxlsim_device_info {
	size_t size;
	const char *name;
	struct cxlsim_bus *bus;
	struct cxlsim_device *parent;
	void (*release)(struct cxlsim_device *dev);
	void *data;
};

/**
 * cxlsim_device_new() - an initialized device, not yet added (device_initialize())
 * @out: receives the device, holding one reference the caller drops with
 *	cxlsim_device_unref(); a device whose release has not run by the end of
 *	the run is reported (no-leak)
 *
 * Context: inside a task of @ctx.
 * Return: 0, -EINVAL for a bad @info or a missing release callback, -EPERM
 * outside a task of @ctx, -ENOMEM.
 */
CXLSIM_API int cxlsim_device_new(struct cxlsim_device **out, struct cxlsim_ctx *ctx,
				 const struct cxlsim_device_info *info);

/**
 * cxlsim_device_add() - make the device visible (device_add()): its uevent
 *	goes out and drivers already registered on its bus are probed
 * Return: 0, -EINVAL for a released device, -ENODEV when the parent is gone,
 * -EPERM outside a task.
 */
CXLSIM_API int cxlsim_device_add(struct cxlsim_device *dev);

/** cxlsim_device_del() - unbind and remove the device (device_del()); the caller's reference stays. */
CXLSIM_API void cxlsim_device_del(struct cxlsim_device *dev);

/** cxlsim_device_ref() - take a reference; returns @dev, or NULL when it was released. */
CXLSIM_API struct cxlsim_device *cxlsim_device_ref(struct cxlsim_device *dev);

/** cxlsim_device_unref() - drop a reference; the last one runs the release callback. */
CXLSIM_API void cxlsim_device_unref(struct cxlsim_device *dev);

/** cxlsim_device_name() - the device's name, owned by the run; NULL outside one. */
CXLSIM_API const char *cxlsim_device_name(const struct cxlsim_device *dev);

/** cxlsim_device_parent() - the parent device, or NULL. */
CXLSIM_API struct cxlsim_device *cxlsim_device_parent(const struct cxlsim_device *dev);

/** cxlsim_device_bus() - the device's bus, or NULL. */
CXLSIM_API struct cxlsim_bus *cxlsim_device_bus(const struct cxlsim_device *dev);

/** cxlsim_device_data() - the @data given to cxlsim_device_new(); NULL for the model's devices. */
CXLSIM_API void *cxlsim_device_data(const struct cxlsim_device *dev);

/** cxlsim_device_get_drvdata() - what the bound driver stored; cleared at unbind. */
CXLSIM_API void *cxlsim_device_get_drvdata(const struct cxlsim_device *dev);

/** cxlsim_device_set_drvdata() - store the bound driver's data (not owned). */
CXLSIM_API void cxlsim_device_set_drvdata(struct cxlsim_device *dev, void *data);

/** cxlsim_device_driver() - the driver bound to @dev, or NULL. */
CXLSIM_API struct cxlsim_driver *cxlsim_device_driver(const struct cxlsim_device *dev);

/** cxlsim_device_is_registered() - between cxlsim_device_add() and cxlsim_device_del()? */
CXLSIM_API bool cxlsim_device_is_registered(const struct cxlsim_device *dev);

/* ---- drivers -------------------------------------------------------------- */

/** Where a driver's probe runs: the kernel's enum probe_type. */
enum cxlsim_probe_type {
	CXLSIM_PROBE_DEFAULT = 0,      /* synchronous unless the module asks for async_probe */
	CXLSIM_PROBE_PREFER_ASYNC = 1, /* in an async task; wait_for_device_probe() waits */
	CXLSIM_PROBE_FORCE_SYNC = 2,   /* always in the task that added the device or driver */
};

/**
 * struct cxlsim_driver_ops - a driver
 * @size: sizeof(struct cxlsim_driver_ops)
 * @name: the driver's name; copied
 * @probe_type: an enum cxlsim_probe_type
 * @probe: bind to @dev: 0, a negative errno, or -CXLSIM_EPROBE_DEFER to be
 *	retried when another driver binds.  On failure the device's devres is
 *	released.  May be NULL (binds without doing anything).
 * @remove: unbind; devres is released after it returns.  May be NULL.
 */
struct cxlsim_driver_ops {
	size_t size;
	const char *name;
	unsigned int probe_type;
	int (*probe)(struct cxlsim_device *dev);
	void (*remove)(struct cxlsim_device *dev);
};

/**
 * cxlsim_driver_register() - register a driver on @bus (driver_register())
 * @out: receives the driver, valid until cxlsim_driver_unregister(), which
 *	the caller (or, for a module's driver, the module's exit) must call
 *	before the run ends (no-leak)
 * @ops: not copied, must outlive the driver
 *
 * Registering probes the matching devices already on the bus.  The driver
 * belongs to the module whose init is running in the calling task, if any
 * (the kernel's THIS_MODULE).
 * Context: inside a task.
 * Return: 0, -EINVAL for bad arguments, -EBUSY for a name already on @bus,
 * -EPERM outside a task, -ENOMEM.
 */
CXLSIM_API int cxlsim_driver_register(struct cxlsim_driver **out, struct cxlsim_bus *bus,
				      const struct cxlsim_driver_ops *ops);

/** cxlsim_driver_unregister() - unbind every device and unregister; frees the driver. */
CXLSIM_API void cxlsim_driver_unregister(struct cxlsim_driver *drv);

/** cxlsim_driver_name() - the driver's name; owned by the driver. */
CXLSIM_API const char *cxlsim_driver_name(const struct cxlsim_driver *drv);

/**
 * cxlsim_driver_bind() - echo DEV > /sys/bus/B/drivers/D/bind
 * Return: 0, -ENODEV (no such device, or it does not match), -EBUSY (bound
 * already), a probe's error, -EINVAL, -EPERM outside a task.
 */
CXLSIM_API int cxlsim_driver_bind(struct cxlsim_driver *drv, const char *devname);

/**
 * cxlsim_driver_unbind() - echo DEV > /sys/bus/B/drivers/D/unbind
 * Return: 0, -ENODEV when @devname is not bound to @drv, -EINVAL, -EPERM.
 */
CXLSIM_API int cxlsim_driver_unbind(struct cxlsim_driver *drv, const char *devname);

/* ---- devres: resources released when the driver unbinds or its probe fails ---- */

/**
 * cxlsim_devm_alloc() - zeroed memory freed with the device's devres (devm_kzalloc())
 * Context: inside a task, usually a probe.
 * Return: the memory, or NULL (out of memory, a bad device, outside a task).
 */
CXLSIM_API void *cxlsim_devm_alloc(struct cxlsim_device *dev, size_t size);

/** cxlsim_devm_free() - free memory from cxlsim_devm_alloc() early. */
CXLSIM_API void cxlsim_devm_free(struct cxlsim_device *dev, void *p);

/**
 * cxlsim_devm_add_action() - run @action(@data) when the devres is released
 * @name: names the action in the trace; interned; NULL for "action"
 * Return: 0, -EINVAL, -ENODEV for a released device, -ENOMEM, -EPERM.
 */
CXLSIM_API int cxlsim_devm_add_action(struct cxlsim_device *dev, void (*action)(void *data),
				      void *data, const char *name);

/**
 * cxlsim_devm_add_action_or_reset() - the same, but when it fails (any error
 *	but a NULL @action) @action(@data) has run before it returns
 */
CXLSIM_API int cxlsim_devm_add_action_or_reset(struct cxlsim_device *dev,
					       void (*action)(void *data), void *data,
					       const char *name);

/** cxlsim_devm_remove_action() - forget a registered action without running it. */
CXLSIM_API void cxlsim_devm_remove_action(struct cxlsim_device *dev, void (*action)(void *data),
					  void *data);

/** cxlsim_devm_release_action() - run a registered action now, and forget it. */
CXLSIM_API void cxlsim_devm_release_action(struct cxlsim_device *dev, void (*action)(void *data),
					   void *data);

/**
 * cxlsim_devres_open_group() - start a group of devres entries
 * @id: the group's id, or NULL to let the library pick one
 * Return: the group's id, or NULL on failure.
 */
CXLSIM_API void *cxlsim_devres_open_group(struct cxlsim_device *dev, void *id);

/** cxlsim_devres_close_group() - end the group: later entries are outside it. */
CXLSIM_API void cxlsim_devres_close_group(struct cxlsim_device *dev, void *id);

/** cxlsim_devres_remove_group() - forget the group's markers, keeping its entries. */
CXLSIM_API void cxlsim_devres_remove_group(struct cxlsim_device *dev, void *id);

/**
 * cxlsim_devres_release_group() - release the group's entries, last first
 * Return: how many were released, or a negative errno.
 */
CXLSIM_API int cxlsim_devres_release_group(struct cxlsim_device *dev, void *id);

/** cxlsim_devres_count() - devres entries on @dev now (group markers not counted). */
CXLSIM_API size_t cxlsim_devres_count(const struct cxlsim_device *dev);

/* ---- modules -------------------------------------------------------------- */

/**
 * struct cxlsim_module_info - a module "on disk"
 * @size: sizeof(struct cxlsim_module_info)
 * @name: the module's name
 * @init: runs in the loading task; a non-zero return fails the load.  May be NULL.
 * @exit: runs at rmmod.  May be NULL.
 * @priv: passed to @init and @exit; not owned
 * @exports: symbols it exports (EXPORT_SYMBOL), NULL-terminated, or NULL
 * @uses: symbols it calls from other modules, NULL-terminated, or NULL: the
 *	modules exporting them are its dependencies, loaded first by modprobe
 * @aliases: fnmatch patterns of the MODALIAS values it handles, or NULL
 * @softdep_pre: modules modprobe loads first without depending on them, or NULL
 * @async_probe: the async_probe module parameter
 *
 * The strings and arrays are not copied: they must outlive the context.
 */
struct cxlsim_module_info {
	size_t size;
	const char *name;
	int (*init)(struct cxlsim_ctx *ctx, void *priv);
	void (*exit)(struct cxlsim_ctx *ctx, void *priv);
	void *priv;
	const char *const *exports;
	const char *const *uses;
	const char *const *aliases;
	const char *const *softdep_pre;
	bool async_probe;
};

/**
 * cxlsim_module_add() - make a module available to every later cxlsim_ctx_run()
 *
 * Context: outside a run.
 * Return: 0, -EINVAL for a bad @info, -EEXIST for a name already added,
 * -EBUSY inside a run, -ENOMEM.
 */
CXLSIM_API int cxlsim_module_add(struct cxlsim_ctx *ctx, const struct cxlsim_module_info *info);

/**
 * cxlsim_modprobe() - load @name after what it depends on, in the calling task
 * Return: 0 (also when it was live already), -ENOENT for an unknown module,
 * the init's error, -EINVAL, -EPERM outside a task of @ctx.
 */
CXLSIM_API int cxlsim_modprobe(struct cxlsim_ctx *ctx, const char *name);

/**
 * cxlsim_rmmod() - unload @name
 * Return: 0, -EBUSY while it is in use or another live module depends on it,
 * -ENOENT when it is not loaded, -EINVAL, -EPERM.
 */
CXLSIM_API int cxlsim_rmmod(struct cxlsim_ctx *ctx, const char *name);

/**
 * cxlsim_request_module() - what a driver calls: modprobe in a helper task, waited for
 * Return: as cxlsim_modprobe().
 */
CXLSIM_API int cxlsim_request_module(struct cxlsim_ctx *ctx, const char *name);

/** cxlsim_module_is_live() - is @name loaded and initialized? */
CXLSIM_API bool cxlsim_module_is_live(struct cxlsim_ctx *ctx, const char *name);

/**
 * cxlsim_wait_for_device_probe() - wait until no probe is in flight
 *	(deferred work, async probes), as wait_for_device_probe() does
 *
 * Devices whose driver's module udev has not loaded yet are not waited for.
 * Context: inside a task of @ctx; may block.
 * Return: 0 or -EPERM.
 */
CXLSIM_API int cxlsim_wait_for_device_probe(struct cxlsim_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* CXLSIM_BUS_H */
