/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_SPRINTF_H
#define _LINUX_COMPAT_SPRINTF_H

#include <stdarg.h>
#include <stdio.h>

#include <linux/compiler.h>

int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);

#endif
