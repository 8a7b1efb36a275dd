/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A real, simple xarray: a sorted array of (index, entry) pairs in tracked
 * memory.  Lookups are binary searches; the CXL code keeps a few dozen
 * entries at most.  The semantics are the kernel's: NULL is never stored
 * (storing NULL erases), xa_insert() refuses a used index with -EBUSY,
 * xa_alloc() finds the lowest free index in the limit, value entries are
 * tagged with the low bit.
 */
#ifndef _LINUX_COMPAT_XARRAY_H
#define _LINUX_COMPAT_XARRAY_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/limits.h>

struct xa_slot {
	unsigned long index;
	void *entry;
};

struct xarray {
	spinlock_t xa_lock;
	unsigned int xa_flags;
	unsigned int nr, cap;
	struct xa_slot *slots;
};

struct xa_limit {
	u32 max;
	u32 min;
};
#define XA_LIMIT(_min, _max) ((struct xa_limit){ .min = (_min), .max = (_max) })
#define xa_limit_32b XA_LIMIT(0, UINT_MAX)
#define xa_limit_31b XA_LIMIT(0, INT_MAX)
#define xa_limit_16b XA_LIMIT(0, USHRT_MAX)

#define XA_FLAGS_ALLOC 0x1u
#define XA_FLAGS_ALLOC1 0x3u
#define XA_FLAGS_LOCK_IRQ 0x0u
#define XA_PRESENT ((xa_mark_t)8U)
typedef unsigned int xa_mark_t;
#define XA_MARK_0 ((xa_mark_t)0U)

#define XARRAY_INIT(name, flags) { .xa_lock = __SPIN_LOCK_UNLOCKED(name), .xa_flags = (flags) }
#define DEFINE_XARRAY_FLAGS(name, flags) struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name) DEFINE_XARRAY_FLAGS(name, 0)
#define DEFINE_XARRAY_ALLOC(name) DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC)
#define DEFINE_XARRAY_ALLOC1(name) DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC1)

static inline void xa_init_flags(struct xarray *xa, unsigned int flags)
{
	*xa = (struct xarray){ .xa_lock = { .name = "xa_lock" }, .xa_flags = flags };
}
static inline void xa_init(struct xarray *xa)
{
	xa_init_flags(xa, 0);
}
static inline bool xa_empty(const struct xarray *xa)
{
	return xa->nr == 0;
}

/* Errors travel as entries, as in the kernel: an internal entry encoding -errno. */
static inline void *xa_mk_value(unsigned long v)
{
	return (void *)((v << 1) | 1);
}
static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}
static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}
static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}
static inline bool xa_is_err(const void *entry)
{
	return xa_is_internal(entry) && (unsigned long)entry >= (unsigned long)-4094L * 4 + 2;
}
static inline int xa_err(void *entry)
{
	return xa_is_err(entry) ? (int)((long)entry >> 2) : 0;
}
#define XA_ERROR(errno) ((void *)(((long)(errno) << 2) | 2UL))

void *xa_load(struct xarray *xa, unsigned long index);
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
void *xa_erase(struct xarray *xa, unsigned long index);
void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp);
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp);
int xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, gfp_t gfp);
int xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, u32 *next,
		    gfp_t gfp);
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max, xa_mark_t filter);
void *xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
		    xa_mark_t filter);
void xa_destroy(struct xarray *xa);
#define __xa_store xa_store
#define __xa_erase xa_erase
#define __xa_insert xa_insert
#define __xa_alloc xa_alloc
#define __xa_cmpxchg xa_cmpxchg
#define xa_store_irq xa_store
#define xa_erase_irq xa_erase
#define xa_lock(xa) spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa) spin_unlock(&(xa)->xa_lock)
#define xa_lock_irq xa_lock
#define xa_unlock_irq xa_unlock
#define xa_lock_irqsave(xa, flags) spin_lock_irqsave(&(xa)->xa_lock, flags)
#define xa_unlock_irqrestore(xa, flags) spin_unlock_irqrestore(&(xa)->xa_lock, flags)

#define xa_for_each_range(xa, index, entry, start, last)                                    \
	for ((index) = (start), (entry) = xa_find((xa), &(index), (last), XA_PRESENT);      \
	     (entry); (entry) = xa_find_after((xa), &(index), (last), XA_PRESENT))
#define xa_for_each_start(xa, index, entry, start)                                          \
	xa_for_each_range(xa, index, entry, start, ULONG_MAX)
#define xa_for_each(xa, index, entry) xa_for_each_start(xa, index, entry, 0)
#define xa_for_each_marked(xa, index, entry, filter) xa_for_each(xa, index, entry)

#endif
