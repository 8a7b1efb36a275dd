/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * EXPORT_SYMBOL*(sym): a modinfo record, and a marker symbol __kstrtab_<sym>
 * that the build reads (nm) to find which module exports what.  Namespaces
 * are not checked.
 */
#ifndef _LINUX_COMPAT_EXPORT_H
#define _LINUX_COMPAT_EXPORT_H

#include <linux/compiler.h>

#define __LINUX_EXPORT(sym)                                                                 \
	extern const char __kstrtab_##sym[];                                                \
	const char __kstrtab_##sym[] __used = #sym;                                         \
	__LINUX_MODINFO(LINUX_MI_EXPORT, __kstrtab_##sym, NULL, NULL, NULL)
#define EXPORT_SYMBOL(sym) __LINUX_EXPORT(sym)
#define EXPORT_SYMBOL_GPL(sym) __LINUX_EXPORT(sym)
#define EXPORT_SYMBOL_NS(sym, ns) __LINUX_EXPORT(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) __LINUX_EXPORT(sym)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods) __LINUX_EXPORT(sym)

#endif
#include <linux/module.h>
