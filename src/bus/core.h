/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The driver core's per-simulation state: what the kernel keeps in globals. */
#ifndef CXLSIM_BUS_CORE_H
#define CXLSIM_BUS_CORE_H

#include "bus/device.h"
#include "bus/module.h"

#define DEFERRED_PROBE_TIMEOUT_NS (10ULL * 1000000000ULL)
#define RELEASED_SLOTS 4096

struct drv_core {
	struct sim *sim;
	struct list_head buses;
	struct list_head live_devices;	/* initialized and not yet released */
	struct list_head modules;	/* struct module.node, in add order */

	/* dd.c */
	struct sim_mutex deferred_probe_mutex;
	struct list_head deferred_probe_pending_list;
	struct list_head deferred_probe_active_list;
	unsigned int deferred_trigger_count;
	bool driver_deferred_probe_enable;
	bool deferred_probe_timeout_expired;
	struct sim_work deferred_probe_work;
	struct sim_delayed_work deferred_probe_timeout_work;
	struct sim_busy probe_count;	/* probes in flight; its queue is probe_waitqueue */
	bool async_probe_all;		/* driver_async_probe=* on the command line */
	/*
	 * The MODALIAS of a device whose bus has no .modalias (a kernel bus
	 * that fills a uevent environment instead; set by --model linux), or
	 * NULL: such a device's uevent carries none.
	 */
	const char *(*uevent_modalias)(struct device *dev, char *buf, size_t len);
	uint32_t driver_code_key;	/* ambient footprint of driver callbacks */
	/*
	 * Device mutexes are in lockdep's novalidate class, as the kernel's
	 * device_initialize() puts them (set by --model linux; the CXL model
	 * classes them by device type or bus instead).
	 */
	bool device_locks_novalidate;

	/* modules */
	struct sim_mutex module_mutex;
	/*
	 * module.c's tables kept across runs (sim_layer_cache()), when the
	 * modules on disk are exactly the ones they were computed for; else NULL.
	 */
	struct modules_cache *modules_cache;
	bool udev_autoload;
	struct {
		uint32_t task;
		struct module *mod;
	} in_init[64];			/* tasks running a module's init or exit */
	unsigned int nr_in_init;

	/*
	 * Names of released devices, by address, for use-after-release reports;
	 * allocated at the first release (a boot releases none, and 64 KiB to
	 * clear was a tenth of a minimal run).
	 */
	struct released_name {
		const void *addr;
		uint32_t name;
	} *released;
};

/*
 * Set up the driver core for a run (after sim_reset(), on the host).  The
 * state lives in tracked memory, so the next reset frees it.
 */
int drv_core_init(struct sim *s);
static inline struct drv_core *drv_core_of(struct sim *s)
{
	return sim_layer(s, SIM_LAYER_BUS);
}
/* The running simulation's driver core. */
static inline struct drv_core *drv_core(void)
{
	return drv_core_of(sim_current());
}
/*
 * End-of-run checks after a teardown: devices still alive, devres entries
 * never run, module references never dropped (no-leak).
 */
void drv_core_check_leaks(struct sim *s);
/*
 * Footprints (see sim_touch()): code that is not the driver core runs under
 * the "driver-code" ambient key, conservatively, because what it touches is
 * not named.  The driver core names what it touches, so each of its entry
 * points suspends the key for its own duration (DRV_CORE_SCOPE()), and every
 * call back into a driver pushes it again (driver_code_enter()).  Bus match
 * and modalias callbacks must only read what is fixed once a device is added
 * (ids, class, names): they run inside the driver core's footprint.
 */
static inline void __drv_core_scope_end(int *unused)
{
	sim_ambient_pop(sim_current());
}
#define DRV_CORE_SCOPE()                                                                    \
	int __drv_core_scope __attribute__((cleanup(__drv_core_scope_end), unused)) =      \
		(sim_ambient_suspend(sim_current()), 0)

/*
 * Around every call into driver code (probe, remove, release, module init
 * and exit, devres actions): such code touches shared state of its own that
 * the driver core cannot name, so for partial-order reduction its steps all
 * conflict with one another (see sim_ambient_push()).
 */
static inline void driver_code_enter(struct drv_core *core)
{
	sim_ambient_push(core->sim, core->driver_code_key);
}
static inline void driver_code_exit(struct drv_core *core)
{
	sim_ambient_pop(core->sim);
}
int cxlsim__bus_for_each_dev_core(struct bus_type *bus, void *data,
				  int (*fn)(struct device *, void *));
/* Remember @dev's name under its address, for reports after it is gone. */
void cxlsim__remember_released(struct drv_core *core, const struct device *dev);
const char *cxlsim__released_name(struct drv_core *core, const void *addr);

#endif /* CXLSIM_BUS_CORE_H */
