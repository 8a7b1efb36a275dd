/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_STRINGIFY_H
#define _LINUX_COMPAT_STRINGIFY_H
#include <linux/compiler.h>
#endif
