/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_ARRAY_SIZE_H
#define _LINUX_COMPAT_ARRAY_SIZE_H
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif
