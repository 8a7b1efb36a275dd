// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device locks under the lock checker: a device lock's class is its type or
 * bus, parent before child is legal nesting (the driver core's
 * __device_driver_lock()), and the site is device_lock()'s caller.
 */
#include "bus_test_util.h"

struct dl {
	struct tdev *parent, *child, *sibling;
	int order;
};

static void make_devices(struct dl *d)
{
	bus_register(&tb()->bus);
	d->parent = tdev_new("p", "p0", NULL);
	device_add(&d->parent->dev);
	d->child = tdev_new("c", "c0", &d->parent->dev);
	device_add(&d->child->dev);
	d->sibling = tdev_new("c", "c1", &d->parent->dev);
	device_add(&d->sibling->dev);
}

static void lock_two(void *arg)
{
	struct dl *d = arg;
	struct device *outer, *inner;

	make_devices(d);
	switch (d->order) {
	case 0:
		outer = &d->parent->dev;
		inner = &d->child->dev;
		break;
	case 1:
		outer = &d->child->dev;
		inner = &d->parent->dev;
		break;
	default:
		outer = &d->child->dev;
		inner = &d->sibling->dev;
		break;
	}
	device_lock(outer);
	device_lock(inner);
	device_unlock(inner);
	device_unlock(outer);
}

CXLSIM_TEST(device_lock_parent_before_child_is_legal_other_nesting_is_reported)
{
	int order;

	for (order = 0; order < 3; order++) {
		struct sim_strategy *st;
		struct dl d = { .order = order };
		struct sim *s = trun(1, lock_two, &d, false, &st);

		assert_int_equal(nviol(s, "no-deadlock"), 0);
		if (order == 0) {
			assert_int_equal(nviol(s, NULL), 0);
		} else {
			const char *msg = sim_str(s, sim_violation_get(s, 0)->msg);

			assert_int_equal(nviol(s, "lock-order"), 1);
			assert_non_null(strstr(msg, "recursive locking of one class: boot takes "));
			assert_non_null(strstr(msg, order == 1 ? "p0 (device:bus:t) at lock_two "
							       : "c1 (device:bus:t) at lock_two "));
			assert_non_null(strstr(msg, "while holding c0 (device:bus:t) (taken at "
						    "lock_two (device_lock_test.c:"));
		}
		tdone(s, st);
	}
}

static const struct device_type widget_type = { .name = "widget" };

static void lock_typed(void *arg)
{
	struct dl *d = arg;

	make_devices(d);
	/* Typed after device_add(): the class follows. */
	d->child->dev.type = &widget_type;
	d->sibling->dev.type = &widget_type;
	device_lock(&d->child->dev);
	device_lock(&d->sibling->dev);
	device_unlock(&d->sibling->dev);
	device_unlock(&d->child->dev);
	/* One of each class, both orders: an inversion between the classes. */
	device_lock(&d->parent->dev);
	device_lock(&d->child->dev);
	device_unlock(&d->child->dev);
	device_unlock(&d->parent->dev);
	device_lock(&d->child->dev);
	device_lock(&d->parent->dev);
	device_unlock(&d->parent->dev);
	device_unlock(&d->child->dev);
}

CXLSIM_TEST(device_lock_class_is_its_type_then_its_bus)
{
	struct sim_strategy *st;
	struct dl d = { 0 };
	struct sim *s = trun(1, lock_typed, &d, false, &st);

	assert_int_equal(nviol(s, "lock-order"), 2);
	assert_non_null(strstr(sim_str(s, sim_violation_get(s, 0)->msg),
			       "takes c1 (device:widget) at lock_typed"));
	assert_non_null(strstr(sim_str(s, sim_violation_get(s, 1)->msg),
			       "class cycle device:widget -> device:bus:t -> device:widget"));
	tdone(s, st);
}

static void guarded(void *arg)
{
	struct dl *d = arg;

	make_devices(d);
	{
		guard(device)(&d->child->dev);
		d->order = sim_mutex_held_by_current(&d->child->dev.mutex);
	}
	d->order += sim_mutex_is_locked(&d->child->dev.mutex) ? 10 : 0;
}

static bool traced_locked(struct sim *s, const char *obj, const char *detail)
{
	size_t i;

	for (i = 0; i < sim_trace_len(s); i++) {
		const struct sim_event *e = sim_trace_get(s, i);

		if (!strcmp(e->ev, "locked") && !strcmp(sim_str(s, e->obj), obj) &&
		    !strcmp(sim_str(s, e->detail), detail))
			return true;
	}
	return false;
}

CXLSIM_TEST(device_lock_and_guard_record_their_caller)
{
	struct sim_strategy *st;
	struct dl d = { 0 };
	struct sim *s = trun(1, guarded, &d, false, &st);

	assert_int_equal(d.order, 1);
	assert_int_equal(nviol(s, NULL), 0);
	assert_true(traced_locked(s, "c0", "at guarded"));
	tdone(s, st);

	d.order = 0;
	s = trun(1, lock_two, &d, false, &st);
	assert_true(traced_locked(s, "p0", "at lock_two"));
	assert_true(traced_locked(s, "c0", "at lock_two"));
	tdone(s, st);
}

static int probe_locks_parent(struct device *dev)
{
	/* Called with dev locked (and its parent: the bus asks for it). */
	tb()->probes++;
	return 0;
}

static void attach_with_parent_lock(void *arg)
{
	struct dl *d = arg;
	static struct device_driver drv;

	tb()->bus.need_parent_lock = true;
	make_devices(d);
	drv = (struct device_driver){ .name = "c", .bus = &tb()->bus,
				      .probe = probe_locks_parent };
	driver_register(&drv);
}

CXLSIM_TEST(driver_core_parent_then_child_locking_is_legal)
{
	struct sim_strategy *st;
	struct dl d = { 0 };
	struct sim *s = trun(1, attach_with_parent_lock, &d, false, &st);

	assert_int_equal(tb_probes_of(s), 2);
	assert_int_equal(nviol(s, NULL), 0);
	tdone(s, st);
}
