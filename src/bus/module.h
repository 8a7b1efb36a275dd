/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Modules (kernel/module/, kmod, udev): a module on "disk" is described by a
 * struct module_desc; loading runs its init in the loader's task after its
 * dependencies, which come from the symbols it uses (as depmod computes them).
 * A device's uevent makes udev load the modules whose aliases match its
 * MODALIAS, later, in a task of its own: the source of the probe races.
 */
#ifndef CXLSIM_BUS_MODULE_H
#define CXLSIM_BUS_MODULE_H

#include <stdbool.h>

#include "bus/device.h"

/*
 * The initcall level a module's init runs at when it is built in (=y),
 * include/linux/init.h's order: pure, core, postcore, arch, subsys, fs,
 * device, late.  module_init() is device_initcall() when built in, so it is
 * the default (0).  A module loaded at run time runs its init when it loads,
 * whatever its level.
 */
enum initcall_level {
	INITCALL_DEVICE,	/* device_initcall(), module_init(), module_*_driver() */
	INITCALL_PURE,
	INITCALL_CORE,
	INITCALL_POSTCORE,
	INITCALL_ARCH,
	INITCALL_SUBSYS,
	INITCALL_FS,
	INITCALL_LATE,
};

struct module_desc {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
	const char *const *exports;	/* EXPORT_SYMBOL names, NULL-terminated */
	const char *const *uses;	/* symbols it calls from other modules */
	const char *const *aliases;	/* MODULE_ALIAS / device-table patterns (fnmatch) */
	const char *const *softdep_pre;	/* MODULE_SOFTDEP("pre: ...") */
	bool async_probe;		/* the async_probe module parameter */
	/*
	 * Where the module's state lives, instead of a new allocation: kernel
	 * code names its module by a link-time address (THIS_MODULE in static
	 * initializers).  Cleared when the module is put on disk for a run.
	 */
	struct module *storage;
	enum initcall_level initcall;	/* its init's level when built in */
	/*
	 * Its place in the kernel's link order (the Makefiles' object order,
	 * lower first): built-in inits of one level run in this order.
	 */
	unsigned int link_order;
};

enum module_state {
	MODULE_STATE_UNLOADED,
	MODULE_STATE_COMING,
	MODULE_STATE_LIVE,
	MODULE_STATE_GOING,
};

struct module {
	const struct module_desc *desc;
	enum module_state state;
	int refcnt;
	uint32_t name_id;
	struct sim_waitq state_wq;
	struct list_head node;
	struct module **deps;		/* computed from uses/exports */
	unsigned int nr_deps;
	/*
	 * Built in (=y): its init runs at boot at its initcall level, it can
	 * never be unloaded, modprobe and request_module() of it succeed at
	 * once, and it counts as loaded for every module that depends on it.
	 */
	bool builtin;
};

/* Host context, before the run: put @desc "on disk" (modules.dep is rebuilt). */
int module_add_available(struct sim *s, const struct module_desc *desc);
/* The same for @n modules, with one rebuild of modules.dep (a depmod per add is quadratic). */
int modules_add_available(struct sim *s, const struct module_desc *const *descs, size_t n);
struct module *find_module(const char *name);
/* modprobe: load @name and what it depends on (and its softdeps); 0 if already live. */
int modprobe(const char *name);
/* Load every module whose alias matches @modalias (what udev does for a uevent). */
int modprobe_alias(const char *modalias);
/* rmmod: -EBUSY while in use or depended on, -ENOENT when not loaded. */
int rmmod(const char *name);
/* request_module(): run modprobe in a helper task and wait for it. */
int request_module(const char *name);
bool try_module_get(struct module *mod);
void module_put(struct module *mod);
bool module_is_live(const struct module *mod);
/* The module whose init or exit the running task is executing (the kernel's THIS_MODULE). */
struct module *module_current(void);
#define THIS_MODULE module_current()

/* Does any live module depend on @mod? */
bool module_in_use(const struct module *mod);

/* Host context, before the run: make @name built in.  -ENOENT for a module not on disk. */
int module_set_builtin(struct sim *s, const char *name);
/*
 * Host context, after every module_set_builtin(): Kconfig lets a module be
 * =y only when what it depends on is =y too.  0, or -EINVAL with the first
 * built-in module that uses a modular one in *@mod and that one in *@dep.
 */
int modules_check_builtin(struct sim *s, const struct module **mod, const struct module **dep);
/* Is any module built in? */
bool modules_have_builtin(struct sim *s);
/*
 * The kernel's do_initcalls() for the built-in modules, from the boot task:
 * level by level, in link order within a level, or with @any_link_order in
 * an order the strategy picks (a recorded choice per init), each in the
 * calling task; deferred-probe triggering stays off until the late level,
 * where deferred_probe_initcall() runs as drivers/base's late_initcall;
 * then every async probe the inits started is waited for, as kernel_init()
 * does before user space starts.
 */
void do_initcalls(bool any_link_order);
/*
 * udev starts after the initcalls: `udevadm trigger` replays the "add"
 * uevent of every device registered so far, and udev loads the modules
 * their MODALIAS names, a task per device.  Turns udev autoload on.
 */
void udev_coldplug(void);

#endif /* CXLSIM_BUS_MODULE_H */
