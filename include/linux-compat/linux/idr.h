/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* IDA and IDR on the xarray: the lowest free id in range, as the kernel hands out. */
#ifndef _LINUX_COMPAT_IDR_H
#define _LINUX_COMPAT_IDR_H

#include <linux/xarray.h>

struct ida {
	struct xarray xa;
};
#define IDA_INIT(name) { .xa = XARRAY_INIT(name, XA_FLAGS_ALLOC) }
#define DEFINE_IDA(name) struct ida name = IDA_INIT(name)
static inline void ida_init(struct ida *ida)
{
	xa_init_flags(&ida->xa, XA_FLAGS_ALLOC);
}
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);
static inline int ida_alloc(struct ida *ida, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, ~0U, gfp);
}
static inline int ida_alloc_min(struct ida *ida, unsigned int min, gfp_t gfp)
{
	return ida_alloc_range(ida, min, ~0U, gfp);
}
static inline int ida_alloc_max(struct ida *ida, unsigned int max, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, max, gfp);
}
void ida_free(struct ida *ida, unsigned int id);
void ida_destroy(struct ida *ida);
static inline bool ida_is_empty(const struct ida *ida)
{
	return xa_empty(&ida->xa);
}
#define ida_simple_get(ida, start, end, gfp) ida_alloc_range(ida, start, (end) - 1, gfp)
#define ida_simple_remove(ida, id) ida_free(ida, id)

struct idr {
	struct xarray xa;
	unsigned int base;
};
#define IDR_INIT(name) { .xa = XARRAY_INIT(name, XA_FLAGS_ALLOC) }
#define DEFINE_IDR(name) struct idr name = IDR_INIT(name)
static inline void idr_init(struct idr *idr)
{
	xa_init_flags(&idr->xa, XA_FLAGS_ALLOC);
	idr->base = 0;
}
int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
static inline void *idr_find(struct idr *idr, unsigned long id)
{
	return xa_load(&idr->xa, id);
}
static inline void *idr_remove(struct idr *idr, unsigned long id)
{
	return xa_erase(&idr->xa, id);
}
static inline void idr_destroy(struct idr *idr)
{
	xa_destroy(&idr->xa);
}
#define idr_for_each_entry(idr, entry, id)                                                  \
	for ((id) = 0; ((entry) = xa_find(&(idr)->xa, (unsigned long *)&(id), ULONG_MAX,   \
					  XA_PRESENT)) != NULL; (id)++)

#endif
