/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Module boundaries of kernel code.  Each kernel file is compiled with
 * -DKBUILD_MODNAME=\"name\" and -DLINUX_MODID=name (the module it is part of),
 * and the module macros leave a record of the module in the "linux_modinfo"
 * section: its init and exit, its exports, aliases, softdeps and device
 * tables.  src/linux/module.c turns the records of each module into the
 * struct module_desc the driver core's module layer (src/bus/module.c)
 * loads; which modules use which others' exports is computed at build time
 * from the objects (cmake/linux.cmake).
 */
#ifndef _LINUX_COMPAT_MODULE_H
#define _LINUX_COMPAT_MODULE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/moduleparam.h>
#include <linux/kobject.h>

#include "bus/module.h"

enum linux_modinfo_kind {
	LINUX_MI_INIT,
	LINUX_MI_EXIT,
	LINUX_MI_EXPORT,
	LINUX_MI_ALIAS,
	LINUX_MI_SOFTDEP,
	LINUX_MI_DEVTABLE,	/* str: the table's bus ("acpi", "platform", ...), table: it */
	LINUX_MI_PARAM,
};

struct linux_modinfo {
	const char *mod;
	enum linux_modinfo_kind kind;
	const char *str;
	int (*init)(void);
	void (*exit)(void);
	const void *table;
};

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "kernel"
#endif

/* Never instrumented by ASan: the records must lie end to end in their section. */
#define __LINUX_MODINFO(kind_, str_, init_, exit_, table_)                                  \
	static struct linux_modinfo __UNIQUE_ID(modinfo) __used                             \
		__attribute__((section("linux_modinfo"), aligned(8))) = {                   \
			.mod = KBUILD_MODNAME, .kind = (kind_), .str = (str_),              \
			.init = (init_), .exit = (exit_), .table = (table_) }

/*
 * module_init() also defines the module's anchor, __linux_anchor_<modid>: the
 * generated module table refers to it so that a static link keeps the
 * module's objects.
 */
#define module_init(initfn)                                                                 \
	__LINUX_MODULE_ANCHOR                                                               \
	__LINUX_MODINFO(LINUX_MI_INIT, #initfn, initfn, NULL, NULL)
#ifdef LINUX_MODID
#define __LINUX_MODULE_ANCHOR const char __PASTE(__linux_anchor_, LINUX_MODID) = 0;
#else
#define __LINUX_MODULE_ANCHOR
#endif
#define module_exit(exitfn) __LINUX_MODINFO(LINUX_MI_EXIT, #exitfn, NULL, exitfn, NULL)
#define MODULE_ALIAS(alias) __LINUX_MODINFO(LINUX_MI_ALIAS, alias, NULL, NULL, NULL)
#define MODULE_SOFTDEP(dep) __LINUX_MODINFO(LINUX_MI_SOFTDEP, dep, NULL, NULL, NULL)
#define MODULE_DEVICE_TABLE(type, name)                                                     \
	__LINUX_MODINFO(LINUX_MI_DEVTABLE, #type, NULL, NULL, &(name))
#define MODULE_LICENSE(l)
#define MODULE_AUTHOR(a)
#define MODULE_DESCRIPTION(d)
#define MODULE_VERSION(v)
#define MODULE_INFO(tag, info)
#define MODULE_IMPORT_NS(ns)
#define MODULE_FIRMWARE(fw)

/*
 * THIS_MODULE is a link-time address, as kernel code needs it in static
 * initializers: the module's state, defined by the generated module table
 * and handed to the driver core as the module's storage.  Code outside a
 * module (LINUX_MODID unset) is built in: its THIS_MODULE is NULL.
 */
#undef THIS_MODULE
#ifdef LINUX_MODID
extern struct module __PASTE(__linux_this_module_, LINUX_MODID);
#define THIS_MODULE (&__PASTE(__linux_this_module_, LINUX_MODID))
#else
#define THIS_MODULE ((struct module *)0)
#endif

/* request_module() with the kernel's format arguments. */
int __linux_request_module(bool wait, const char *fmt, ...) __printf(2, 3);
#undef request_module
#define request_module(mod...) __linux_request_module(true, mod)
#define request_module_nowait(mod...) __linux_request_module(false, mod)
#define __module_get(mod) ((void)try_module_get(mod))
#define module_name(mod) ((mod) ? sim_str(sim_current(), (mod)->name_id) : "kernel")
#define symbol_get(x) (&(x))
#define symbol_put(x) do { } while (0)

#endif /* _LINUX_COMPAT_MODULE_H */
