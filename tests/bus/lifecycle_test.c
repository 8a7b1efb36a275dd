// SPDX-License-Identifier: LGPL-2.1-or-later
/* Failure unwinding, deferral, unbind/bind, release, devres: kernel-facts A5, A6, A8-A11. */
#include "bus_test_util.h"

static void note_action(void *data)
{
	tlog(data);
}

static int probe_with_devres(struct device *dev)
{
	tb()->probes++;
	devm_add_action(dev, note_action, "first");
	devm_add_action(dev, note_action, "second");
	devm_kzalloc(dev, 64);
	return tb()->probe_ret;
}

static void remove_logs(struct device *dev)
{
	tlog("remove");
}

struct lc {
	struct device_driver drv;
	struct tdev *dev;
	int ret;
	bool bound;
	size_t devres_left;
};

static void probe_fails(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	tb()->probe_ret = -ENOMEM;
	lc->drv = (struct device_driver){ .name = "a", .bus = &tb()->bus,
					  .probe = probe_with_devres };
	driver_register(&lc->drv);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	lc->bound = device_is_bound(&lc->dev->dev);
	lc->devres_left = devres_count(&lc->dev->dev);
}

CXLSIM_TEST(probe_failure_unwinds_devres_in_reverse)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, probe_fails, &lc, false, &st);

	assert_false(lc.bound);
	assert_int_equal(lc.devres_left, 0);
	assert_string_equal(tb_of(s)->log, "second first ");
	assert_int_equal(nviol(s, NULL), 0);
	tdone(s, st);
}

static void unbind_then_bind(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->drv = (struct device_driver){ .name = "a", .bus = &tb()->bus,
					  .probe = probe_with_devres, .remove = remove_logs };
	driver_register(&lc->drv);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	lc->ret = unbind_store(&lc->drv, "a0");
	lc->bound = device_is_bound(&lc->dev->dev);
	tlog("|");
	lc->ret |= bind_store(&lc->drv, "a0");
	lc->devres_left = devres_count(&lc->dev->dev);
	lc->ret |= bind_store(&lc->drv, "a0") == -EBUSY ? 0 : 1;
	lc->ret |= unbind_store(&lc->drv, "nosuch") == -ENODEV ? 0 : 1;
}

CXLSIM_TEST(unbind_runs_remove_then_devres_reverse_and_bind_probes_again)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(3, unbind_then_bind, &lc, false, &st);

	assert_int_equal(lc.ret, 0);
	assert_false(lc.bound);
	assert_string_equal(tb_of(s)->log, "remove second first | ");
	assert_int_equal(lc.devres_left, 3);
	assert_int_equal(tb_probes_of(s), 2);
	tdone(s, st);
}

/* A5/A6: -EPROBE_DEFER parks the device; the next successful bind retries it. */
static int defer_until_b(struct device *dev)
{
	struct device_driver *b = driver_find("b", &tb()->bus);
	struct device *bdev = bus_find_device_by_name(&tb()->bus, "b0");
	bool ready = b && bdev && device_is_bound(bdev);

	put_device(bdev);
	tb()->probes++;
	return ready ? 0 : -EPROBE_DEFER;
}

static int plain_probe(struct device *dev)
{
	return 0;
}

struct defer_sc {
	struct device_driver a, b;
	struct tdev *a0, *b0;
	bool a_bound_before_b;
	bool a_bound_at_end;
	bool a_pending;
};

static void defer_scenario(void *arg)
{
	struct defer_sc *d = arg;

	bus_register(&tb()->bus);
	d->a = (struct device_driver){ .name = "a", .bus = &tb()->bus, .probe = defer_until_b };
	d->b = (struct device_driver){ .name = "b", .bus = &tb()->bus, .probe = plain_probe };
	driver_register(&d->a);
	d->a0 = tdev_new("a", "a0", NULL);
	device_add(&d->a0->dev);
	d->a_bound_before_b = device_is_bound(&d->a0->dev);
	d->a_pending = !list_empty(&d->a0->dev.deferred_probe);
	d->b0 = tdev_new("b", "b0", NULL);
	device_add(&d->b0->dev);
	driver_register(&d->b);
	wait_for_device_probe();
	d->a_bound_at_end = device_is_bound(&d->a0->dev);
}

CXLSIM_TEST(probe_defer_retriggered_by_bind)
{
	uint64_t seed;

	for (seed = 0; seed < 100; seed++) {
		struct defer_sc d = { 0 };
		struct sim_strategy *st;
		struct sim *s = trun(seed, defer_scenario, &d, false, &st);

		assert_false(d.a_bound_before_b);
		assert_true(d.a_pending);
		assert_true(d.a_bound_at_end);
		assert_true(tb_probes_of(s) >= 2);
		assert_int_equal(nviol(s, NULL), 0);
		tdone(s, st);
	}
}

/* A9: the release callback runs when the last reference goes, not before. */
static void refs(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	get_device(&lc->dev->dev);
	device_unregister(&lc->dev->dev);
	lc->ret = tb()->releases;
	put_device(&lc->dev->dev);
}

CXLSIM_TEST(release_on_last_put)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, refs, &lc, false, &st);

	assert_int_equal(lc.ret, 0);
	assert_int_equal(tb_of(s)->releases, 1);
	assert_int_equal(nviol(s, NULL), 0);
	tdone(s, st);
}

static void use_after_release(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	device_unregister(&lc->dev->dev);
	/* Stale pointer: every operation must report, none may crash. */
	get_device(&lc->dev->dev);
	device_lock(&lc->dev->dev);
}

CXLSIM_TEST(use_after_release_reported)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, use_after_release, &lc, false, &st);
	const char *msg;

	assert_int_equal(nviol(s, "no-uaf"), 2);
	msg = sim_str(s, sim_violation_get(s, 0)->msg);
	assert_non_null(strstr(msg, "device a0 used after its release"));
	tdone(s, st);
}

static void underflow(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	lc->dev->dev.refcount = 1;
	get_device(&lc->dev->dev);
	lc->dev->dev.refcount = 0;	/* as if somebody put it once too often */
	put_device(&lc->dev->dev);
}

CXLSIM_TEST(refcount_underflow_reported)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, underflow, &lc, false, &st);

	assert_int_equal(nviol(s, "no-uaf"), 1);
	tdone(s, st);
}

static void no_release(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	lc->dev->dev.release = NULL;
	lc->ret = device_add(&lc->dev->dev);
}

CXLSIM_TEST(device_without_release_is_refused)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, no_release, &lc, false, &st);

	assert_int_equal(lc.ret, -EINVAL);
	tdone(s, st);
}

/* A10: groups release only what was added after the group opened. */
static void groups(void *arg)
{
	struct lc *lc = arg;
	void *grp;

	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	devm_add_action(&lc->dev->dev, note_action, "outer");
	grp = devres_open_group(&lc->dev->dev, NULL);
	devm_add_action(&lc->dev->dev, note_action, "in1");
	devm_add_action(&lc->dev->dev, note_action, "in2");
	devres_close_group(&lc->dev->dev, grp);
	devm_add_action(&lc->dev->dev, note_action, "after");
	lc->ret = devres_release_group(&lc->dev->dev, grp);
	lc->devres_left = devres_count(&lc->dev->dev);
	tlog("|");
	devres_release_all(&lc->dev->dev);
	device_unregister(&lc->dev->dev);
}

CXLSIM_TEST(devres_group_release_only_its_entries)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, groups, &lc, false, &st);

	assert_int_equal(lc.ret, 2);
	assert_int_equal(lc.devres_left, 2);
	assert_string_equal(tb_of(s)->log, "in2 in1 | after outer ");
	assert_int_equal(nviol(s, NULL), 0);
	tdone(s, st);
}

static void or_reset(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	lc->ret = devm_add_action_or_reset(&lc->dev->dev, note_action, "reset");
	device_unregister(&lc->dev->dev);
}

CXLSIM_TEST(devm_add_action_or_reset_runs_action_when_registration_fails)
{
	struct sim_opts opts = { .faults = SIM_FAULT_ALLOC };
	struct sim_strategy *st;
	struct lc lc = { 0 };
	struct sim *s;
	struct tbus *b;

	assert_int_equal(sim_new(&s, &opts), 0);
	/* The first allocation in the task (tdev) succeeds, the devres one fails. */
	assert_int_equal(sim_strategy_replay(&st, "AB"), 0);
	sim_set_strategy(s, st);
	assert_int_equal(drv_core_init(s), 0);
	drv_core_of(s)->udev_autoload = false;
	b = sim_kzalloc(s, sizeof(*b), "tbus");
	b->bus.name = "t";
	b->bus.match = tmatch;
	sim_set_layer(s, SIM_LAYER_CXL, b);
	sim_spawn(s, "boot", or_reset, &lc);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(lc.ret, -ENOMEM);
	assert_string_equal(b->log, "reset ");
	tdone(s, st);
}

DEFINE_FREE(kfree_sim, void *, sim_kfree(sim_current(), _T))

static void *scoped_alloc(bool keep)
{
	void *p __free(kfree_sim) = sim_kzalloc(sim_current(), 8, "scoped");

	if (keep)
		return_ptr(p);
	return NULL;
}

static void scoped(void *arg)
{
	struct lc *lc = arg;
	struct sim *s = sim_current();
	void *kept;

	scoped_alloc(false);
	kept = scoped_alloc(true);
	lc->ret = (int)sim_live_objects(s, "scoped");
	sim_kfree(s, kept);
	bus_register(&tb()->bus);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	{
		guard(device)(&lc->dev->dev);
		lc->bound = sim_mutex_held_by_current(&lc->dev->dev.mutex);
	}
	lc->devres_left = sim_mutex_is_locked(&lc->dev->dev.mutex);
}

CXLSIM_TEST(scope_cleanup_frees_and_guard_unlocks)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, scoped, &lc, false, &st);

	assert_int_equal(lc.ret, 1);
	assert_true(lc.bound);
	assert_int_equal(lc.devres_left, 0);
	tdone(s, st);
}

/* A6: the deferred-probe timeout runs on virtual time: ten seconds cost nothing. */
static int always_defer(struct device *dev)
{
	return -EPROBE_DEFER;
}

static void timeout(void *arg)
{
	struct lc *lc = arg;

	bus_register(&tb()->bus);
	lc->drv = (struct device_driver){ .name = "a", .bus = &tb()->bus, .probe = always_defer };
	driver_register(&lc->drv);
	lc->dev = tdev_new("a", "a0", NULL);
	device_add(&lc->dev->dev);
	deferred_probe_initcall();
}

CXLSIM_TEST(deferred_probe_timeout_on_virtual_time)
{
	struct lc lc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, timeout, &lc, false, &st);

	assert_true(drv_core_of(s)->deferred_probe_timeout_expired);
	assert_true(sim_now(s) >= DEFERRED_PROBE_TIMEOUT_NS);
	tdone(s, st);
}
