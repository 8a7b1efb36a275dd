/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The async domain is the runtime's: each item runs in a task of its own. */
#ifndef _LINUX_COMPAT_ASYNC_H
#define _LINUX_COMPAT_ASYNC_H

#include <linux/types.h>

struct device;
typedef u64 async_cookie_t;
typedef void (*async_func_t)(void *data, async_cookie_t cookie);

async_cookie_t __linux_async_schedule(async_func_t func, void *data, const char *name);
#define async_schedule(func, data) __linux_async_schedule((func), (data), #func)
#define async_schedule_dev(func, dev) __linux_async_schedule((func), (dev), #func)
#define async_schedule_domain(func, data, domain) async_schedule(func, data)
void async_synchronize_full(void);
#define async_synchronize_full_domain(domain) async_synchronize_full()
#define async_synchronize_cookie(cookie) async_synchronize_full()
#define current_is_async() 0

#endif
