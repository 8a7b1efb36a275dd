/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Initcalls: every part is a module here, so each initcall level is module_init(). */
#ifndef _LINUX_COMPAT_INIT_H
#define _LINUX_COMPAT_INIT_H

#include <linux/compiler.h>

#define core_initcall(fn) module_init(fn)
#define postcore_initcall(fn) module_init(fn)
#define arch_initcall(fn) module_init(fn)
#define subsys_initcall(fn) module_init(fn)
#define fs_initcall(fn) module_init(fn)
#define device_initcall(fn) module_init(fn)
#define late_initcall(fn) module_init(fn)
#define __initcall(fn) module_init(fn)

#endif
