// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kmalloc() and friends are the run's tracked allocations: zeroed, poisoned
 * after kfree() until the run is reset (no-uaf), counted at the end (no-leak),
 * and subject to the run's injected allocation failures.
 */
#include <linux/slab.h>
#include <linux/device.h>
#include <stdarg.h>

void *linux_kmalloc(size_t size, gfp_t flags, const char *type)
{
	struct sim *s = sim_current();

	if (size == SIZE_MAX)
		return NULL;
	if (s && sim_should_fail(s, type))
		return NULL;
	return sim_kzalloc(s, size ? size : 1, type);
}

void kfree(const void *p)
{
	if (IS_ERR_OR_NULL(p))
		return;
	sim_kfree(sim_current(), (void *)p);
}

void kfree_const(const void *p)
{
	kfree(p);
}

void kfree_sensitive(const void *p)
{
	kfree(p);
}

size_t ksize(const void *p)
{
	/* The tracker keeps no size the kernel could round up: callers only compare. */
	return 0;
}

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *n;

	if (!new_size) {
		kfree(p);
		return (void *)16;	/* ZERO_SIZE_PTR */
	}
	n = linux_kmalloc(new_size, flags, "krealloc");
	if (n && p) {
		/* The tracker knows the old size; without it copy what fits in both. */
		size_t old = sim_obj_size(p);

		memcpy(n, p, old < new_size ? old : new_size);
		kfree(p);
	}
	return n;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = linux_kmalloc(len, gfp, "kmemdup");

	if (p)
		memcpy(p, src, len);
	return p;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup(s, strlen(s) + 1, gfp) : NULL;
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strnlen(s, max);
	p = linux_kmalloc(n + 1, gfp, "kstrndup");
	if (p)
		memcpy(p, s, n);
	return p;
}

char *kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *p;

	va_copy(aq, ap);
	n = linux_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = linux_kmalloc(n + 1, gfp, "kasprintf");
	if (p)
		linux_vsnprintf(p, n + 1, fmt, ap);
	return p;
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = kvasprintf(gfp, fmt, ap);
	va_end(ap);
	return p;
}

void *memdup_user(const void __user *src, size_t len)
{
	void *p = kmemdup(src, len, GFP_KERNEL);

	return p ? p : ERR_PTR(-ENOMEM);
}

void *vmemdup_user(const void __user *src, size_t len)
{
	return memdup_user(src, len);
}

/* ---- managed allocations ---- */

void *linux_devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	struct sim *s = sim_current();

	if (s && sim_should_fail(s, "devm_kmalloc"))
		return NULL;
	return (devm_kzalloc)(dev, size);
}

void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp)
{
	void *p = linux_devm_kmalloc(dev, len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	return s ? devm_kmemdup(dev, s, strlen(s) + 1, gfp) : NULL;
}

char *devm_kasprintf(struct device *dev, gfp_t gfp, const char *fmt, ...)
{
	va_list ap, aq;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = linux_vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = linux_devm_kmalloc(dev, n + 1, gfp);
	if (p)
		linux_vsnprintf(p, n + 1, fmt, ap);
	va_end(ap);
	return p;
}
