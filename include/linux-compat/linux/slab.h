/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel allocations are the simulation's tracked allocations (sim_kzalloc):
 * a freed block stays mapped and poisoned until the run is reset, so a use
 * after free is a reported no-uaf violation instead of a crash, and what is
 * never freed is counted at the end of the run.  Every block is zeroed.
 */
#ifndef _LINUX_COMPAT_SLAB_H
#define _LINUX_COMPAT_SLAB_H

#include <stdarg.h>

#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/types.h>
#include <linux/cleanup.h>
#include <linux/err.h>

void *linux_kmalloc(size_t size, gfp_t flags, const char *type);
void *krealloc(const void *p, size_t new_size, gfp_t flags);
void kfree(const void *p);
size_t ksize(const void *p);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kstrdup(const char *s, gfp_t gfp);
const char *kstrdup_const(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
char *kasprintf(gfp_t gfp, const char *fmt, ...) __printf(2, 3);
char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap);
void kfree_const(const void *p);
void kfree_sensitive(const void *p);

#define kmalloc(size, flags) linux_kmalloc((size), (flags), __func__)
#define kzalloc(size, flags) linux_kmalloc((size), (flags), __func__)
#define kmalloc_array(n, size, flags) linux_kmalloc(size_mul(n, size), (flags), __func__)
#define kcalloc(n, size, flags) linux_kmalloc(size_mul(n, size), (flags), __func__)
#define kmalloc_node(size, flags, node) kmalloc(size, flags)
#define kzalloc_node(size, flags, node) kzalloc(size, flags)
#define kvmalloc(size, flags) kmalloc(size, flags)
#define kvzalloc(size, flags) kzalloc(size, flags)
#define kvcalloc(n, size, flags) kcalloc(n, size, flags)
#define kvmalloc_array(n, size, flags) kcalloc(n, size, flags)
#define kvfree(p) kfree(p)
#define kvfree_sensitive(p, len) kfree(p)
#define kvrealloc(p, size, flags) krealloc(p, size, flags)
#define krealloc_array(p, n, size, flags) krealloc(p, size_mul(n, size), flags)
#define kfree_rcu(p, field) kfree(p)

DEFINE_FREE(kfree, void *, if (!IS_ERR_OR_NULL(_T)) kfree(_T))
DEFINE_FREE(kvfree, void *, if (!IS_ERR_OR_NULL(_T)) kvfree(_T))

#endif
