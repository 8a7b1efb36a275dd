/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* "User" memory is the caller's own memory: copies never fault. */
#ifndef _LINUX_COMPAT_UACCESS_H
#define _LINUX_COMPAT_UACCESS_H
#include <linux/types.h>
#include <string.h>
static inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
static inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}
#define get_user(x, ptr) ({ (x) = *(ptr); 0; })
#define put_user(x, ptr) ({ *(ptr) = (x); 0; })
void *memdup_user(const void __user *src, size_t len);
void *vmemdup_user(const void __user *src, size_t len);
#endif
