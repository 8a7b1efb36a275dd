/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_SORT_H
#define _LINUX_COMPAT_SORT_H

#include <linux/types.h>

typedef void (*swap_func_t)(void *a, void *b, int size);
typedef int (*cmp_func_t)(const void *a, const void *b);
/* A stable sort (the kernel's heapsort is not, but no caller may rely on either order of equals). */
void sort(void *base, size_t num, size_t size, cmp_func_t cmp, swap_func_t swap_fn);

#endif
