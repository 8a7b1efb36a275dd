/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Module parameters keep their compiled-in defaults (there is no command line). */
#ifndef _LINUX_COMPAT_MODULEPARAM_H
#define _LINUX_COMPAT_MODULEPARAM_H

#include <linux/compiler.h>

#define module_param(name, type, perm)
#define module_param_named(name, value, type, perm)
#define module_param_cb(name, ops, arg, perm)
#define module_param_array(name, type, nump, perm)
#define MODULE_PARM_DESC(parm, desc)
#define core_param(name, var, type, perm)

#endif
