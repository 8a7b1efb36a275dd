// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The xarray as a sorted array of (index, entry) in tracked memory, and the
 * IDA/IDR on it.  Binary search for lookups; insertion shifts.  The kernel's
 * semantics: storing NULL erases, xa_insert() refuses a used index (-EBUSY),
 * xa_alloc() takes the lowest free index within the limit (-EBUSY when full),
 * an allocation that fails is -ENOMEM.
 */
#include <linux/xarray.h>
#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/kernel.h>

/* The position of @index, or where it would go; *found says which. */
static unsigned int xa_pos(const struct xarray *xa, unsigned long index, bool *found)
{
	unsigned int lo = 0, hi = xa->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (xa->slots[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < xa->nr && xa->slots[lo].index == index;
	return lo;
}

static int xa_grow(struct xarray *xa, gfp_t gfp)
{
	struct xa_slot *n;
	unsigned int cap;

	if (xa->nr < xa->cap)
		return 0;
	cap = xa->cap ? xa->cap * 2 : 8;
	n = kmalloc_array(cap, sizeof(*n), gfp);
	if (!n)
		return -ENOMEM;
	if (xa->nr)
		memcpy(n, xa->slots, xa->nr * sizeof(*n));
	kfree(xa->slots);
	xa->slots = n;
	xa->cap = cap;
	return 0;
}

static int xa_put_at(struct xarray *xa, unsigned int pos, unsigned long index, void *entry,
		     gfp_t gfp)
{
	int rc = xa_grow(xa, gfp);

	if (rc)
		return rc;
	memmove(&xa->slots[pos + 1], &xa->slots[pos], (xa->nr - pos) * sizeof(*xa->slots));
	xa->slots[pos] = (struct xa_slot){ .index = index, .entry = entry };
	xa->nr++;
	return 0;
}

static void *xa_remove_at(struct xarray *xa, unsigned int pos)
{
	void *old = xa->slots[pos].entry;

	memmove(&xa->slots[pos], &xa->slots[pos + 1], (xa->nr - pos - 1) * sizeof(*xa->slots));
	xa->nr--;
	return old;
}

void *xa_load(struct xarray *xa, unsigned long index)
{
	bool found;
	unsigned int pos = xa_pos(xa, index, &found);

	return found ? xa->slots[pos].entry : NULL;
}

void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	bool found;
	unsigned int pos = xa_pos(xa, index, &found);
	void *old;
	int rc;

	if (found) {
		if (!entry)
			return xa_remove_at(xa, pos);
		old = xa->slots[pos].entry;
		xa->slots[pos].entry = entry;
		return old;
	}
	if (!entry)
		return NULL;
	rc = xa_put_at(xa, pos, index, entry, gfp);
	return rc ? XA_ERROR(rc) : NULL;
}

void *xa_erase(struct xarray *xa, unsigned long index)
{
	return xa_store(xa, index, NULL, 0);
}

void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old, void *entry, gfp_t gfp)
{
	void *cur = xa_load(xa, index);

	if (cur == old) {
		void *rc = xa_store(xa, index, entry, gfp);

		if (xa_is_err(rc))
			return rc;
	}
	return cur;
}

int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	bool found;
	unsigned int pos = xa_pos(xa, index, &found);

	if (found)
		return -EBUSY;
	/* Inserting NULL reserves the index in the kernel; here a reserved slot is a value 0. */
	return xa_put_at(xa, pos, index, entry ? entry : xa_mk_value(0), gfp);
}

int xa_alloc(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, gfp_t gfp)
{
	unsigned long want = limit.min;
	unsigned int i;
	bool found;

	if ((xa->xa_flags & XA_FLAGS_ALLOC1) == XA_FLAGS_ALLOC1 && want == 0)
		want = 1;
	for (i = xa_pos(xa, want, &found); i < xa->nr && xa->slots[i].index == want; i++)
		want++;
	if (want > limit.max)
		return -EBUSY;
	if (xa_put_at(xa, i, want, entry ? entry : xa_mk_value(0), gfp))
		return -ENOMEM;
	*id = want;
	return 0;
}

int xa_alloc_cyclic(struct xarray *xa, u32 *id, void *entry, struct xa_limit limit, u32 *next,
		    gfp_t gfp)
{
	struct xa_limit from = XA_LIMIT(*next < limit.min ? limit.min : *next, limit.max);
	int rc = xa_alloc(xa, id, entry, from, gfp);

	if (rc == -EBUSY)
		rc = xa_alloc(xa, id, entry, limit, gfp);
	if (!rc)
		*next = *id + 1;
	return rc;
}

void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max, xa_mark_t filter)
{
	bool found;
	unsigned int pos = xa_pos(xa, *index, &found);

	if (pos >= xa->nr || xa->slots[pos].index > max)
		return NULL;
	*index = xa->slots[pos].index;
	return xa->slots[pos].entry;
}

void *xa_find_after(struct xarray *xa, unsigned long *index, unsigned long max,
		    xa_mark_t filter)
{
	unsigned long next = *index + 1;

	if (next == 0)
		return NULL;
	*index = next;
	return xa_find(xa, index, max, filter);
}

void xa_destroy(struct xarray *xa)
{
	kfree(xa->slots);
	xa->slots = NULL;
	xa->nr = xa->cap = 0;
}

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp)
{
	u32 id;
	int rc;

	if ((int)min < 0)
		return -ENOSPC;
	if ((int)max < 0)
		max = INT_MAX;
	rc = xa_alloc(&ida->xa, &id, NULL, XA_LIMIT(min, max), gfp);
	if (rc == -EBUSY)
		return -ENOSPC;
	return rc ? rc : (int)id;
}

void ida_free(struct ida *ida, unsigned int id)
{
	if (!xa_erase(&ida->xa, id))
		WARN(1, "ida_free called for id=%u which is not allocated", id);
}

void ida_destroy(struct ida *ida)
{
	xa_destroy(&ida->xa);
}

int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	u32 id;
	int rc;

	if (start < 0)
		return -EINVAL;
	rc = xa_alloc(&idr->xa, &id, ptr, XA_LIMIT(start, end > 0 ? end - 1 : INT_MAX), gfp);
	if (rc == -EBUSY)
		return -ENOSPC;
	return rc ? rc : (int)id;
}
