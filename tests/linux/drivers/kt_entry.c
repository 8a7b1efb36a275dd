// SPDX-License-Identifier: LGPL-2.1-or-later
/* Built into the test image: what the tests call (tests/linux/drivers/kt.h). */
#include <linux/idr.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/xarray.h>
#include <linux/slab.h>

#include "kt.h"
#include "linux/kimage.h"

extern const struct linux_kimage linux_test_image;
extern struct kt_state kt_state;

static DEFINE_MUTEX(kt_lock_a);
static DEFINE_MUTEX(kt_lock_b);
static DECLARE_RWSEM(kt_rwsem);

const struct module_desc *const *kt_test_modules(size_t *n)
{
	return linux_kimage_modules(&linux_test_image, n);
}

void kt_test_state(struct kt_state *out)
{
	*out = kt_state;
}

#define CHECK(c)                                                                            \
	do {                                                                                \
		if (!(c))                                                                   \
			return __LINE__;                                                    \
	} while (0)

int kt_test_xarray(void)
{
	DEFINE_XARRAY_ALLOC(xa);
	DEFINE_IDA(ida);
	unsigned long index;
	void *entry;
	u32 id;
	int n = 0;

	CHECK(xa_empty(&xa));
	CHECK(xa_store(&xa, 5, (void *)0x50, GFP_KERNEL) == NULL);
	CHECK(xa_insert(&xa, 5, (void *)0x51, GFP_KERNEL) == -EBUSY);
	CHECK(xa_insert(&xa, 2, (void *)0x20, GFP_KERNEL) == 0);
	CHECK(xa_load(&xa, 5) == (void *)0x50);
	CHECK(xa_load(&xa, 3) == NULL);
	CHECK(xa_alloc(&xa, &id, (void *)0x10, XA_LIMIT(2, 10), GFP_KERNEL) == 0 && id == 3);
	CHECK(xa_alloc(&xa, &id, (void *)0x10, XA_LIMIT(5, 5), GFP_KERNEL) == -EBUSY);
	xa_for_each(&xa, index, entry)
		n += (int)index;
	CHECK(n == 2 + 3 + 5);
	CHECK(xa_erase(&xa, 5) == (void *)0x50);
	CHECK(xa_store(&xa, 2, NULL, GFP_KERNEL) == (void *)0x20);
	CHECK(xa_load(&xa, 2) == NULL);
	xa_destroy(&xa);
	CHECK(xa_empty(&xa));

	CHECK(ida_alloc(&ida, GFP_KERNEL) == 0);
	CHECK(ida_alloc(&ida, GFP_KERNEL) == 1);
	CHECK(ida_alloc_min(&ida, 5, GFP_KERNEL) == 5);
	ida_free(&ida, 0);
	CHECK(ida_alloc(&ida, GFP_KERNEL) == 0);
	CHECK(ida_alloc_max(&ida, 1, GFP_KERNEL) == -ENOSPC);
	CHECK(ida_alloc_range(&ida, 2, 3, GFP_KERNEL) == 2);
	ida_destroy(&ida);
	CHECK(ida_is_empty(&ida));
	return 0;
}

void kt_test_lock_ab(void *unused)
{
	mutex_lock(&kt_lock_a);
	mutex_lock(&kt_lock_b);
	mutex_unlock(&kt_lock_b);
	mutex_unlock(&kt_lock_a);
}

/* The reverse order through the guards, whose sites must be these lines too. */
void kt_test_lock_ba(void *unused)
{
	guard(mutex)(&kt_lock_b);
	scoped_guard(mutex, &kt_lock_a) {
	}
}

static void kt_devlock_release(struct device *dev)
{
	kfree(dev);
}

static struct device *kt_devlock_new(const char *name)
{
	struct device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	device_initialize(dev);
	dev->release = kt_devlock_release;
	dev_set_name(dev, "%s", name);
	return dev;
}

/*
 * Two device locks of one class taken nested, in both orders, one after the
 * other: the kernel's lockdep sees nothing (device mutexes are novalidate).
 */
void kt_test_device_locks(void *unused)
{
	struct device *x = kt_devlock_new("kt_x"), *y = kt_devlock_new("kt_y");

	if (!x || !y)
		return;
	device_lock(x);
	device_lock(y);
	device_unlock(y);
	device_unlock(x);
	scoped_guard(device, y) {
		guard(device)(x);
	}
	put_device(x);
	put_device(y);
}

static struct lock_class_key kt_devlock_key;

/*
 * The same, after the driver gave both device mutexes a class of its own
 * (lockdep_set_class(), as cxl_core does for memdevs, ports and decoders):
 * then the kernel's lockdep checks them, and so do we.
 */
void kt_test_device_locks_classed(void *unused)
{
	struct device *x = kt_devlock_new("kt_x"), *y = kt_devlock_new("kt_y");

	if (!x || !y)
		return;
	lockdep_set_class(&x->mutex, &kt_devlock_key);
	lockdep_set_class(&y->mutex, &kt_devlock_key);
	device_lock(x);
	device_lock(y);
	device_unlock(y);
	device_unlock(x);
	put_device(x);
	put_device(y);
}

/* lockdep_assert_held() on an rwsem, held for read, then for write, then not at all. */
void kt_test_rwsem_held(void *unused)
{
	scoped_guard(rwsem_read, &kt_rwsem) {
		lockdep_assert_held(&kt_rwsem);
		lockdep_assert_held_read(&kt_rwsem);
	}
	down_write(&kt_rwsem);
	lockdep_assert_held(&kt_rwsem);
	lockdep_assert_held_write(&kt_rwsem);
	up_write(&kt_rwsem);
	lockdep_assert_held(&kt_rwsem);		/* the one failure */
}

/* Two locks of each kind, classed by their init site: the one line in kt_pair_init(). */
struct kt_pair {
	struct mutex lock;
	struct rw_semaphore sem;
};

static void kt_pair_init(struct kt_pair *p)
{
	mutex_init(&p->lock);
	init_rwsem(&p->sem);
}

void kt_test_lock_same_class(void *how)
{
	struct kt_pair outer, inner;
	bool nested = !strcmp(how, "nested");

	kt_pair_init(&outer);
	kt_pair_init(&inner);
	if (!strcmp(how, "set")) {
		lockdep_set_subclass(&inner.lock, SINGLE_DEPTH_NESTING);
		lockdep_set_subclass(&inner.sem, SINGLE_DEPTH_NESTING);
	}
	mutex_lock(&outer.lock);
	if (nested)
		mutex_lock_nested(&inner.lock, SINGLE_DEPTH_NESTING);
	else
		mutex_lock(&inner.lock);
	mutex_unlock(&inner.lock);
	mutex_unlock(&outer.lock);

	down_read(&outer.sem);
	if (nested)
		down_write_nested(&inner.sem, SINGLE_DEPTH_NESTING);
	else
		down_write(&inner.sem);
	up_write(&inner.sem);
	up_read(&outer.sem);
}
